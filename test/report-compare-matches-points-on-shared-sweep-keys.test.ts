/**
 * compareResults on hand-made results: points are matched on the sweep keys
 * both sides share (a key only one side has shows in the row's name), points
 * without a partner are listed, seeds decide pairing, the geomean row is the
 * ratio of geometric means, and the median's interval is the order-statistic
 * one (n = 6: the extremes, 96.9 % coverage; n = 10: 2nd and 9th, 97.9 %).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { METRIC_NAMES, type MetricName } from '../src/metrics/run-result.js';
import type { PointRuns, ResultSet } from '../src/report/compare-input.js';
import { compareResults, medianInterval, parseBudgets, parseNoise } from '../src/report/compare.js';

function point(index: number, params: Record<string, string>, seed: number, p99: number[]): PointRuns {
  const runs = new Map<number, Record<MetricName, number | null>>();
  p99.forEach((v, run) => {
    const m = Object.fromEntries(METRIC_NAMES.map((k) => [k, 1])) as Record<MetricName, number | null>;
    m.latency_p99_ms = v;
    runs.set(run, m);
  });
  return { point: index, params, seed, runs };
}

function set(sweepKeys: string[], points: PointRuns[]): ResultSet {
  return { label: 'x', dir: 'x', scenario: 's', sweepKeys, points, manifest: null };
}

const base6 = [10, 11, 12, 13, 14, 15];

test('points match on shared sweep keys; one-sided keys name the row; leftovers are listed', () => {
  const base = set(['cluster.proxy.mode'], [
    point(0, { 'cluster.proxy.mode': 'iptables' }, 1, base6),
    point(1, { 'cluster.proxy.mode': 'ipvs' }, 1, base6),
    point(2, { 'cluster.proxy.mode': 'nftables' }, 1, base6),
  ]);
  const cand = set(['cluster.proxy.mode', 'traffic[0].arrival.rate'], [
    point(0, { 'cluster.proxy.mode': 'iptables', 'traffic[0].arrival.rate': '100' }, 1, base6.map((v) => v * 2)),
    point(1, { 'cluster.proxy.mode': 'iptables', 'traffic[0].arrival.rate': '200' }, 1, base6.map((v) => v * 2)),
    point(2, { 'cluster.proxy.mode': 'ipvs', 'traffic[0].arrival.rate': '100' }, 2, base6),
    point(3, { 'cluster.proxy.mode': 'eBPF', 'traffic[0].arrival.rate': '100' }, 1, base6),
  ]);
  const c = compareResults(base, cand, { metrics: ['latency_p99_ms'] });
  assert.equal(c.sharedKeys, ['cluster.proxy.mode']);
  assert.equal(c.pairs.map((p) => p.label), ['mode=iptables cand rate=100', 'mode=iptables cand rate=200', 'mode=ipvs cand rate=100']);
  assert.equal(c.unmatched, ['baseline point 2 (mode=nftables)', 'candidate point 3 (mode=eBPF)']);
  // same seed and runs: paired; a different seed: not
  assert.equal(c.pairs.map((p) => p.paired), [true, true, false]);
  assert.match(c.pairs[2]!.pairing, /seeds differ \(1 vs 2\)/);
  // ×2 on every run: +100 %, all 6 pairs one way: p = 2/64
  assert.is(c.rows[0]!.deltaPct, 100);
  assert.is(c.rows[0]!.p, 2 / 64);
  assert.is(c.rows[0]!.verdict, 'regressed');
  // geomean over the three pairs: medians 12.5, 12.5, 12.5 vs 25, 25, 12.5
  const g = c.geomean[0]!;
  assert.ok(Math.abs(g.candidate / g.baseline - Math.cbrt(4)) < 1e-12);
});

test('too few runs cannot be significant and say so; throughput down is a regression', () => {
  const few = compareResults(set([], [point(0, {}, 1, [1, 2])]), set([], [point(0, {}, 1, [5, 6])]), { metrics: ['latency_p99_ms'] });
  assert.not.ok(few.pairs[0]!.paired);
  assert.match(few.pairs[0]!.pairing, /2 pairs are too few/);
  assert.is(few.rows[0]!.significant, false);
  assert.ok(few.notes.some((n) => /too few runs/.test(n)));
  const thr = (v: number[]) => {
    const p = point(0, {}, 1, base6);
    for (const [run, m] of p.runs) (m as Record<MetricName, number | null>).throughput_rps = v[run]!;
    return set([], [p]);
  };
  const c = compareResults(thr([100, 101, 102, 103, 104, 105]), thr([90, 91, 92, 93, 94, 95]), { metrics: ['throughput_rps'], budgets: parseBudgets(['throughput_rps=5%']).budgets });
  assert.is(c.rows[0]!.verdict, 'regressed');
  assert.ok(c.rows[0]!.budgetExceeded);
  // and the noise floor: a significant 1 % change is "no change" at the default 2 %
  const small = compareResults(thr([100, 101, 102, 103, 104, 105]), thr([101, 102, 103, 104, 105, 106]), { metrics: ['throughput_rps'] });
  assert.ok(small.rows[0]!.significant);
  assert.is(small.rows[0]!.verdict, 'no change');
  assert.is(compareResults(thr([100, 101, 102, 103, 104, 105]), thr([101, 102, 103, 104, 105, 106]), { metrics: ['throughput_rps'], noise: 0.005 }).rows[0]!.verdict, 'improved');
});

test('median intervals from order statistics; budget and noise parsing', () => {
  assert.is(medianInterval([1, 2, 3, 4, 5]), null);
  assert.equal(medianInterval([1, 2, 3, 4, 5, 6]), [1, 6]);
  assert.equal(medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [2, 9]);
  // n = 20: P(B ≤ 5) = 0.0207 ≤ 0.025 < P(B ≤ 6) = 0.0577 → 6th and 15th
  assert.equal(medianInterval(Array.from({ length: 20 }, (_, i) => i + 1)), [6, 15]);
  const { budgets, problems } = parseBudgets(['latency_p99_ms=5%,error_rate=0.1pp', 'throughput_rps=2.5%']);
  assert.equal(problems, []);
  assert.equal(budgets.map((b) => [b.metric, b.limit, b.unit]), [['latency_p99_ms', 5, '%'], ['error_rate', 0.1, 'pp'], ['throughput_rps', 2.5, '%']]);
  assert.is(parseBudgets(['requests=5%']).problems.length, 1);
  assert.is(parseNoise('2%'), 0.02);
  assert.is(parseNoise('0.5'), 0.005);
  assert.is(parseNoise('-1%'), null);
});

test.run();
