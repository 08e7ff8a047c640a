/** Each point's thresholds are checked against that point's pooled summary values. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateThresholds } from '../src/report/thresholds.js';
import type { SummaryRow } from '../src/report/summary.js';
import type { LoadedScenario, PointModel, ThresholdSpec } from '../src/scenario/types.js';

const POS = { file: 't.yaml', line: 3, col: 5 };

function threshold(metric: string, op: ThresholdSpec['op'], value: number): ThresholdSpec {
  return { metric, op, value, text: `${op} ${value}`, pos: POS };
}

function point(index: number, thresholds: ThresholdSpec[]): PointModel {
  return {
    index,
    params: [],
    spec: {
      name: 't',
      seed: 1,
      runs: 2,
      warmup: 0,
      duration: 1e9,
      cluster: {
        nodes: [{ name: 'node-1', zone: 'a' }],
        zones: ['a'],
        proxy: { mode: 'ipvs', variant: 'lc', policy: 'ipvs/lc', scheduler: 'lc', algorithm: '', maglevTableSize: 16381, cost: 0 },
        network: { latency: 0 },
        background: { services: 0, endpointsPerService: 0 },
      },
      workloads: [],
      traffic: [],
      thresholds,
      metricsInterval: 1e9,
    },
    services: [],
    deployments: [],
    endpointSlices: [],
  };
}

function scenario(points: PointModel[]): LoadedScenario {
  return { file: 't.yaml', name: 't', hash: '', sweepKeys: [], points, warnings: [], resolved: {} };
}

const ROWS: SummaryRow[] = [
  { point: 0, runs: 2, latency_p99_ms: 49.9, error_rate: 0.001, latency_p99_ms_ci_hi: 51.2 },
  { point: 1, runs: 2, latency_p99_ms: null, error_rate: 0 },
];

test('checks compare the pooled value with each operator, point by point', () => {
  const ts = [threshold('latency_p99_ms', '<', 50), threshold('error_rate', '<', 0.001), threshold('error_rate', '<=', 0.001)];
  const checks = evaluateThresholds(scenario([point(0, ts), point(1, [threshold('error_rate', '>=', 0)])]), ROWS);
  assert.equal(checks, [
    { point: 0, metric: 'latency_p99_ms', text: '< 50', actual: 49.9, ok: true },
    { point: 0, metric: 'error_rate', text: '< 0.001', actual: 0.001, ok: false },
    { point: 0, metric: 'error_rate', text: '<= 0.001', actual: 0.001, ok: true },
    { point: 1, metric: 'error_rate', text: '>= 0', actual: 0, ok: true },
  ]);
});

test('a CI bound can be a threshold metric', () => {
  const checks = evaluateThresholds(scenario([point(0, [threshold('latency_p99_ms_ci_hi', '<', 50)])]), ROWS.slice(0, 1));
  assert.equal(checks.map((c) => [c.actual, c.ok]), [[51.2, false]]);
});

test('a latency threshold fails when no request succeeded', () => {
  const checks = evaluateThresholds(scenario([point(0, []), point(1, [threshold('latency_p99_ms', '<', 50)])]), ROWS);
  assert.is(checks.length, 1);
  assert.ok(Number.isNaN(checks[0]!.actual));
  assert.is(checks[0]!.ok, false);
});

test('an unknown metric is an error with its position', () => {
  assert.throws(() => evaluateThresholds(scenario([point(0, [threshold('latency_p42_ms', '<', 1)])]), ROWS.slice(0, 1)), /t\.yaml:3:5/);
});

test.run();
