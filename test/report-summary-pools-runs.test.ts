/**
 * summary.csv pools a point's runs (totals, ratios of totals, percentiles of
 * the merged histograms) and gives each metric's mean and 95 % Student t
 * interval over the runs. Expected values are worked out by hand below;
 * CI bounds use the printed t(0.975, 2) = 4.3027, so they are checked to
 * ±5e-5·se (the table's rounding) plus 1e-9.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LatencyHistogram } from '../src/metrics/histogram.js';
import type { RunResult } from '../src/metrics/run-result.js';
import { writeResults } from '../src/report/write-results.js';
import type { SummaryRow } from '../src/report/summary.js';
import type { LoadedScenario, PointModel, ScenarioSpec } from '../src/scenario/types.js';

const POS = { file: 'pool.yaml', line: 1, col: 1 };

function spec(): ScenarioSpec {
  return {
    name: 'pool',
    seed: 7,
    runs: 3,
    warmup: 0,
    duration: 1e9,
    cluster: {
      nodes: [{ name: 'node-1', zone: 'a' }],
      zones: ['a'],
      proxy: { mode: 'iptables', variant: '', policy: 'iptables', scheduler: 'rr', algorithm: '', maglevTableSize: 16381, cost: 0 },
      network: { latency: 0 },
      background: { services: 0, endpointsPerService: 0 },
    },
    workloads: [],
    traffic: [],
    thresholds: [],
    metricsInterval: 1e9,
  };
}

function point(index: number): PointModel {
  return { index, params: [], spec: spec(), services: [], deployments: [], endpointSlices: [] };
}

const LOADED: LoadedScenario = {
  file: 'pool.yaml',
  name: 'pool',
  hash: '0'.repeat(64),
  sweepKeys: [],
  points: [point(0), point(1)],
  warnings: [],
  resolved: { kind: 'Scenario' },
};

function result(
  p: number,
  run: number,
  requests: number,
  errors: Partial<RunResult['errors']>,
  latencies: [ns: number, n: number][],
): RunResult {
  const latency = new LatencyHistogram();
  for (const [ns, n] of latencies) latency.recordN(ns, n);
  return {
    point: p,
    run,
    requests,
    completed: latency.count,
    goodput: latency.count,
    errors: { refused: 0, reset: 0, timeout: 0, dropped: 0, rejected: 0, ...errors },
    measuredNs: 1e9,
    latency,
    events: 100,
    wallS: 0.5,
  };
}

// Point 0, three runs of 1 s each:
//   run 0: 10 requests, 8 × 1000 ns, refused 1, timeout 1
//   run 1: 10 requests, 10 × 2000 ns
//   run 2: 20 requests, 8 × 1000 ns + 8 × 2000 ns + 1 × 1,000,000 ns, rejected 2, dropped 1
// Point 1: run 0 has no successful request (5 timeouts), run 1 has 5 × 3000 ns.
const RESULTS: RunResult[] = [
  result(1, 1, 5, {}, [[3000, 5]]),
  result(0, 2, 20, { rejected: 2, dropped: 1 }, [[1000, 8], [2000, 8], [1_000_000, 1]]),
  result(0, 0, 10, { refused: 1, timeout: 1 }, [[1000, 8]]),
  result(1, 0, 5, { timeout: 5 }, []),
  result(0, 1, 10, {}, [[2000, 10]]),
];

function within(actual: unknown, expected: number, tol: number, what: string): void {
  assert.type(actual, 'number', what);
  assert.ok(Math.abs((actual as number) - expected) <= tol, `${what}: got ${String(actual)}, expected ${expected} ± ${tol}`);
}

function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [cols[i]!, c])));
}

let dir = '';
let summary: SummaryRow[] = [];
let csv: Record<string, string>[] = [];

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clusterip-sim-pool-'));
  const out = await writeResults(dir, LOADED, RESULTS, { toolVersion: '0.0.0', gitCommit: null, nodeVersion: 'v20' });
  summary = out.summary;
  csv = csvRows(await readFile(path.join(out.dir, 'summary.csv'), 'utf8'));
});
test.after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('pooled counters are totals and rates are ratios of totals', () => {
  const row = csv[0]!;
  assert.is(row['runs'], '3');
  assert.is(row['requests'], '40');
  assert.is(row['completed'], '35');
  assert.is(row['errors'], '5');
  assert.equal(
    ['refused', 'reset', 'timeout', 'dropped', 'rejected'].map((k) => row[`errors_${k}`]),
    ['1', '0', '1', '1', '2'],
  );
  assert.is(row['error_rate'], '0.125'); // 5 / 40
  assert.is(row['throughput_rps'], '11.6667'); // 35 completed / 3 s, 6 significant digits
});

test('pooled latency comes from all successful requests and the merged histograms', () => {
  const row = csv[0]!;
  // (16·1000 + 18·2000 + 1,000,000) / 35 = 1,052,000 / 35 = 30,057.142857 ns
  assert.is(row['latency_mean_ms'], '0.030057');
  // merged: 16 × 1000, 18 × 2000, 1 × 1e6 (35 values). Ranks ceil(p·35):
  // p50 → 18, p90 → 32, p95 → 34 all fall in 2000 (cumulative 34);
  // p99 → 35, p99.9 → 35 fall in 1e6's bucket: b = floor(log2 1e6) − 10 = 9,
  // 1e6 >> 9 = 1953, bucket [1953·512, 1954·512 − 1] = [999,936, 1,000,447];
  // hdr would report the bucket's top, 1,000,447 ns, above the max: kept at the max.
  assert.is(row['latency_p50_ms'], '0.002');
  assert.is(row['latency_p90_ms'], '0.002');
  assert.is(row['latency_p95_ms'], '0.002');
  assert.is(row['latency_p99_ms'], '1');
  assert.is(row['latency_p999_ms'], '1');
  assert.is(row['latency_max_ms'], '1'); // exact max, not the bucket top
});

test('each metric has a 95 % Student t interval over the runs', () => {
  const row = summary[0]!;
  const t = 4.3027; // t(0.975, df 2), printed table
  // throughput per run 8, 10, 17: mean 35/3, SS = 453 − 35²/3 = 134/3, s² = 67/3, se = √67/3
  const seT = Math.sqrt(67) / 3;
  within(row['throughput_rps_mean'], 35 / 3, 1e-12, 'throughput mean');
  within(row['throughput_rps_ci_lo'], 35 / 3 - t * seT, 5e-5 * seT + 1e-9, 'throughput lo');
  within(row['throughput_rps_ci_hi'], 35 / 3 + t * seT, 5e-5 * seT + 1e-9, 'throughput hi');
  // error rate per run 0.2, 0, 0.15: mean 0.35/3, SS = 13/600, s² = 13/1200, se = √13/60
  const seE = Math.sqrt(13) / 60;
  within(row['error_rate_mean'], 0.35 / 3, 1e-12, 'error rate mean');
  within(row['error_rate_ci_lo'], 0.35 / 3 - t * seE, 5e-5 * seE + 1e-9, 'error rate lo');
  within(row['error_rate_ci_hi'], 0.35 / 3 + t * seE, 5e-5 * seE + 1e-9, 'error rate hi');
  // requests per run 10, 10, 20: mean 40/3, SS = 200/3, s² = 100/3, se = 10/3
  within(row['requests_ci_hi'], 40 / 3 + (t * 10) / 3, (5e-5 * 10) / 3 + 1e-9, 'requests hi');
  // p95 per run: 0.001, 0.002, 1 (run 2: rank ceil(0.95·17) = 17 → the 1e6 bucket, kept at run 2's max)
  within(row['latency_p95_ms_mean'], (0.001 + 0.002 + 1) / 3, 1e-12, 'p95 mean');
});

test('CI cells are written with the metric kind formatting', () => {
  const row = csv[0]!;
  assert.is(row['requests_mean'], '13.3333'); // 40/3, 6 significant digits
  assert.is(row['throughput_rps_mean'], '11.6667');
  assert.is(row['latency_p95_ms_mean'], '0.334333'); // 1.003/3 = 0.33433333…, 6 decimals
  assert.is(row['errors_reset_mean'], '0');
  assert.is(row['errors_reset_ci_lo'], '0');
  assert.is(row['errors_reset_ci_hi'], '0');
});

test('runs without a successful request are left out of latency statistics', () => {
  const row = csv[1]!;
  assert.is(row['runs'], '2');
  assert.is(row['error_rate'], '0.5'); // 5 / 10
  // 3000 ns is above 2047: bucket b = 1, slot [3000, 3001]; hdr's p50 would be 3001 ns, above
  // the max (every value is 3000), so it is kept at 3000; the mean is exact
  assert.is(row['latency_p50_ms'], '0.003');
  assert.is(row['latency_mean_ms'], '0.003');
  // only run 1 has latency values: its value three times
  assert.equal([row['latency_p50_ms_mean'], row['latency_p50_ms_ci_lo'], row['latency_p50_ms_ci_hi']], ['0.003', '0.003', '0.003']);
  // but both runs count for error_rate: per run 1 and 0
  assert.is(row['error_rate_mean'], '0.5');
});

test.run();
