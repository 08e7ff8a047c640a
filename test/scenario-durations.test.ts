/**
 * Durations in scenario files: a unit (ns us ms s m h), decimals allowed,
 * a bare number means seconds, the result is whole nanoseconds; anything
 * else (negative, no unit on a string with letters, garbage) is null.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDuration } from '../src/scenario/index.js';

test('durations with a unit convert to integer nanoseconds', () => {
  const table: [string, number][] = [
    ['10ms', 10_000_000],
    ['1.5s', 1_500_000_000],
    ['100us', 100_000],
    ['250ns', 250],
    ['2m', 120_000_000_000],
    ['1h', 3_600_000_000_000],
    ['0.1s', 100_000_000],
    ['.5ms', 500_000],
    ['0s', 0],
    ['1m30s', 90_000_000_000],
    ['1.0000000004s', 1_000_000_000],
    ['0.0000000006s', 1],
  ];
  for (const [text, ns] of table) assert.is(parseDuration(text), ns, text);
});

test('a bare number is seconds, as a YAML number or as a numeric string', () => {
  assert.is(parseDuration(2), 2_000_000_000);
  assert.is(parseDuration(0.25), 250_000_000);
  assert.is(parseDuration(0), 0);
  assert.is(parseDuration('3'), 3_000_000_000);
  assert.is(parseDuration('1e-9' as string), null);
});

test('negative, non-finite, too large and garbage durations are null', () => {
  for (const bad of ['-5s', '-1', '', ' ', 'soon', '10 ms', 'ms', '5sec', '1.2.3s', '10MS', '1d', 'NaN', '1s-']) {
    assert.is(parseDuration(bad), null, JSON.stringify(bad));
  }
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e10]) assert.is(parseDuration(bad), null, String(bad));
  assert.is(parseDuration('200000h'), null, 'beyond 2^53 ns');
});

test.run();
