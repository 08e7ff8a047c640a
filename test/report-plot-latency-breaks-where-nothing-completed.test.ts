/**
 * The failure picture's latency lines are step lines, each interval's
 * percentile from its start. An interval in which nothing completed has no
 * percentile: the line breaks there (a null point, which Vega-Lite leaves
 * out of the path) instead of holding the last value across the gap, which
 * drew a steady latency while every request was failing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureSpec } from '../src/report/plot/specs.js';
import type { SeriesRow } from '../src/report/plot/data.js';

const row = (t: number, p50: number | null): SeriesRow => ({
  point: 0,
  label: 'point 0',
  t,
  t_end: t + 1,
  p50,
  p99: p50 === null ? null : p50 * 3,
  throughput: p50 === null ? 0 : 10,
  offered: 10,
  errors: { refused: 0, reset: 0, timeout: p50 === null ? 10 : 0, dropped: 0, rejected: 0 },
  stale: null,
});

type Layer = { name?: string; data?: { values: { t: number; series: string; ms: number | null }[] } };
const layers = (spec: unknown): Layer[] => ((spec as { vconcat: { layer: Layer[] }[] }).vconcat ?? []).flatMap((v) => v.layer);

test('a gap in the middle: each value held to its interval end before the gap, null points in it, the line resumes after', () => {
  const spec = failureSpec('s', 'point 0', 1, [row(0, 5), row(1, 7), row(2, null), row(3, null), row(4, 6)], []);
  const latency = layers(spec).find((l) => l.name === 'latency')!.data!.values.filter((v) => v.series === 'p50');
  assert.equal(latency, [
    { t: 0, series: 'p50', ms: 5 },
    { t: 1, series: 'p50', ms: 7 },
    { t: 2, series: 'p50', ms: 7 }, // held to the end of [1, 2)
    { t: 2, series: 'p50', ms: null },
    { t: 3, series: 'p50', ms: null },
    { t: 4, series: 'p50', ms: 6 },
    { t: 5, series: 'p50', ms: 6 }, // the last interval held to its end
  ]);
});

test('no gap: one point per interval and the last held to its end, as before', () => {
  const spec = failureSpec('s', 'point 0', 1, [row(0, 5), row(1, 7)], []);
  const p99 = layers(spec).find((l) => l.name === 'latency')!.data!.values.filter((v) => v.series === 'p99');
  assert.equal(p99, [
    { t: 0, series: 'p99', ms: 15 },
    { t: 1, series: 'p99', ms: 21 },
    { t: 2, series: 'p99', ms: 21 },
  ]);
});

test.run();
