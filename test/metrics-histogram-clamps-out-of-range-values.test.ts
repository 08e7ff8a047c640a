/**
 * Values outside [0, 2^43] never throw: they are clamped into range and
 * counted in `clamped`; an empty histogram reports zeros.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HIGHEST_TRACKABLE_VALUE, LatencyHistogram, highestEquivalentValue } from '../src/metrics/histogram.js';

test('values above 2^43 are recorded as 2^43 and counted as clamped', () => {
  const h = new LatencyHistogram();
  h.record(5);
  h.record(2 ** 50);
  h.record(Infinity);
  h.recordN(2 ** 44, 3);
  assert.is(h.count, 6);
  assert.is(h.clamped, 5);
  assert.is(h.max, HIGHEST_TRACKABLE_VALUE);
  assert.is(h.valueAtPercentile(100), highestEquivalentValue(HIGHEST_TRACKABLE_VALUE));
  assert.is(h.sum, 5 + 5 * HIGHEST_TRACKABLE_VALUE);
});

test('negative and NaN values are recorded as 0 and counted as clamped', () => {
  const h = new LatencyHistogram();
  h.record(-1);
  h.record(NaN);
  h.record(7);
  assert.is(h.count, 3);
  assert.is(h.clamped, 2);
  assert.is(h.min, 0);
  assert.is(h.valueAtPercentile(50), 0);
  assert.is(h.valueAtPercentile(100), 7);
});

test('an empty histogram reports zeros and reset empties a used one', () => {
  const h = new LatencyHistogram();
  assert.equal([h.count, h.sum, h.min, h.max, h.mean(), h.valueAtPercentile(99)], [0, 0, 0, 0, 0, 0]);
  h.record(3_000_000);
  h.reset();
  assert.equal([h.count, h.sum, h.min, h.max, h.mean(), h.valueAtPercentile(99)], [0, 0, 0, 0, 0, 0]);
  assert.ok(h.counts.every((c) => c === 0));
});

test.run();
