/**
 * spectrum.csv's percentile spectrum against hdr-histogram-js's own
 * outputPercentileDistribution (CSV form), line by line: the same levels,
 * values and counts, for a heavy-tailed fixed-seed sample and for tiny ones.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as hdr from 'hdr-histogram-js';
import { LatencyHistogram } from '../src/metrics/histogram.js';
import { percentileSpectrum } from '../src/metrics/spectrum.js';
import { stream } from '../src/engine/rng.js';

function compare(values: number[]): void {
  const ours = new LatencyHistogram();
  const theirs = hdr.build({ bitBucketSize: 64, lowestDiscernibleValue: 1, highestTrackableValue: 2 ** 43, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  for (const v of values) {
    ours.record(v);
    theirs.recordValue(v);
  }
  // (its typings declare the CSV flag as `false` only; the implementation takes true)
  const text = (theirs as unknown as { outputPercentileDistribution(ticks: number, scale: number, csv: boolean): string }).outputPercentileDistribution(5, 1, true);
  const rows = text.trim().split('\n').slice(1).map((l) => l.split(','));
  const lines = percentileSpectrum(ours);
  assert.is(lines.length, rows.length, 'same number of lines');
  assert.is(lines[lines.length - 1]!.valueNs, ours.max);
  lines.forEach((l, i) => {
    const [value, pct, count] = rows[i]!;
    // hdr's value is its bucket's top, which can lie past the max; ours stops at the max
    assert.is(l.valueNs, Math.min(Number(value), ours.max), `line ${i} value`);
    assert.ok(Math.abs(l.percentile / 100 - Number(pct)) < 1e-12, `line ${i} percentile ${l.percentile} vs ${pct}`);
    assert.is(l.totalCount, Number(count), `line ${i} count`);
  });
}

test('a heavy-tailed sample of 100k values gives HdrHistogram\'s spectrum line for line', () => {
  const rng = stream(4, 0, 'test', 'spectrum');
  // log-normal-ish: exp of a uniform over 20 e-folds, integer ns
  compare(Array.from({ length: 100_000 }, () => Math.max(1, Math.round(Math.exp(rng() * 20)))));
});

test('tiny samples: one value, two values, many equal values', () => {
  compare([1234]);
  compare([5, 5_000_000]);
  compare(new Array(1000).fill(42));
  assert.equal(percentileSpectrum(new LatencyHistogram()), []);
});

test.run();
