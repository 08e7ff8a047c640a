/** Result-file numbers are deterministic and clean: no exponents, no "-0", trailing zeros trimmed. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatInt, formatMetric, formatMs, formatReal, formatWallS } from '../src/report/format.js';

test('counts are written as integers, also large ones', () => {
  assert.is(formatInt(0), '0');
  assert.is(formatInt(-0), '0');
  assert.is(formatInt(1_000_000_000), '1000000000');
  assert.is(formatInt(2 ** 53), '9007199254740992');
});

test('milliseconds keep at most 6 decimals, rounded, with trailing zeros trimmed', () => {
  assert.is(formatMs(1.000447), '1.000447');
  assert.is(formatMs(0.0000004), '0'); // 0.4 ns
  assert.is(formatMs(0.0000006), '0.000001'); // 0.6 ns rounds up
  assert.is(formatMs(0.0000005), '0'); // the double is 4.99999…e-7: rounding uses the exact binary value
  assert.is(formatMs(1234567 / 1e6), '1.234567');
  assert.is(formatMs(2.5), '2.5');
  assert.is(formatMs(3), '3');
  assert.is(formatMs(1e-7), '0');
  assert.is(formatMs(-1e-9), '0');
  assert.is(formatMs(8796093.022208), '8796093.022208'); // 2^43 ns
});

test('rates keep 6 significant digits and never use an exponent', () => {
  assert.is(formatReal(0.125), '0.125');
  assert.is(formatReal(35 / 3), '11.6667');
  assert.is(formatReal(1.5e-7), '0.00000015');
  assert.is(formatReal(1 / 3e9), '0.000000000333333');
  assert.is(formatReal(9.9999996), '10');
  assert.is(formatReal(1234567.89), '1234568'); // integer digits are kept
  assert.is(formatReal(-0.0730412), '-0.0730412');
  assert.is(formatReal(0), '0');
  for (const x of [1e-7, 1e-12, 123456789.123, 2e21]) assert.not.match(formatReal(x), /e/i);
});

test('wall seconds have exactly 3 decimals', () => {
  assert.is(formatWallS(1.23456), '1.235');
  assert.is(formatWallS(2), '2.000');
});

test('a missing metric is an empty cell and a non-finite one is refused', () => {
  assert.is(formatMetric('ms', null), '');
  assert.is(formatMetric('count', 12), '12');
  assert.throws(() => formatMetric('rate', NaN));
  assert.throws(() => formatMs(Infinity));
});

test.run();
