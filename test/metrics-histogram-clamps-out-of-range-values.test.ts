/**
 * Values outside [0, 2^43] never throw: they are clamped into range and
 * counted in `clamped`; no percentile is ever above the max (a clamped
 * 2^43 sits at the bottom of hdr's top bucket, whose edge is 2^44 − 1);
 * an empty histogram reports zeros.
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
  assert.ok(highestEquivalentValue(HIGHEST_TRACKABLE_VALUE) > HIGHEST_TRACKABLE_VALUE);
  assert.equal(h.valuesAtPercentiles([50, 99, 100]), [HIGHEST_TRACKABLE_VALUE, HIGHEST_TRACKABLE_VALUE, HIGHEST_TRACKABLE_VALUE]);
  assert.is(h.sum, 5 + 5 * HIGHEST_TRACKABLE_VALUE);
});

test('no percentile is above the max or below the min, in any bucket', () => {
  for (const v of [1, 2047, 2049, 123_456_789, 2 ** 32 + 12_345, 987_654_321_987]) {
    const h = new LatencyHistogram();
    h.record(v);
    h.record(v + 1);
    for (const p of [0, 1, 50, 99, 99.9, 100]) {
      const q = h.valueAtPercentile(p);
      assert.ok(q <= h.max && q >= h.min, `p${p} of {${v}, ${v + 1}} = ${q}`);
    }
    assert.is(h.valueAtPercentile(100), v + 1);
  }
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
