/**
 * The failure picture draws stale_nodes (nodes still routing to a gone
 * endpoint, sampled at each interval's end) as a panel of its own when some
 * interval had any, sample-and-hold from the interval's end; without any it
 * has no such panel.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureSpec } from '../src/report/plot/specs.js';
import type { SeriesRow } from '../src/report/plot/data.js';

const row = (t: number, stale: number | null): SeriesRow => ({
  point: 0,
  label: 'point 0',
  t,
  t_end: t + 1,
  p50: 1,
  p99: 2,
  throughput: 10,
  offered: 10,
  errors: { refused: 0, reset: 0, timeout: 0, dropped: 0, rejected: 0 },
  stale,
});

type Layer = { name?: string; data?: { values: { t: number; nodes: number }[] } };
const layers = (spec: unknown): Layer[] => ((spec as { vconcat: { layer: Layer[] }[] }).vconcat ?? []).flatMap((v) => v.layer);

test('an interval with stale nodes: a stale panel, each sample held from its interval\'s end, 0 at the start', () => {
  const spec = failureSpec('s', 'point 0', 1, [row(0, 0), row(1, 3), row(2, 1), row(3, 0)], []);
  const stale = layers(spec).find((l) => l.name === 'stale');
  assert.ok(stale !== undefined);
  assert.equal(stale!.data!.values, [
    { t: 0, nodes: 0 },
    { t: 1, nodes: 0 },
    { t: 2, nodes: 3 },
    { t: 3, nodes: 1 },
    { t: 4, nodes: 0 },
  ]);
});

test('no stale node in any interval (or no column): no stale panel', () => {
  assert.not.ok(layers(failureSpec('s', 'point 0', 1, [row(0, 0), row(1, 0)], [])).some((l) => l.name === 'stale'));
  assert.not.ok(layers(failureSpec('s', 'point 0', 1, [row(0, null), row(1, null)], [])).some((l) => l.name === 'stale'));
});

test.run();
