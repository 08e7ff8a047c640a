/**
 * writeResults writes outRoot/<name>/ whole or not at all: files parse back
 * with DESIGN.md's columns and rows sorted by (point, run); identical input
 * gives identical bytes; a rewrite replaces the old directory; a failed
 * write leaves the old results untouched and no temp directory behind.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LatencyHistogram } from '../src/metrics/histogram.js';
import type { RunResult } from '../src/metrics/run-result.js';
import { writeResults } from '../src/report/write-results.js';
import type { LoadedScenario, PointModel, ScenarioSpec } from '../src/scenario/types.js';

const META = { toolVersion: '0.1.0', gitCommit: 'abc1234', nodeVersion: 'v20.0.0' };
const FILES = ['histograms.csv', 'manifest.json', 'runs.csv', 'spectrum.csv', 'summary.csv'];

function spec(mode: 'iptables' | 'nftables'): ScenarioSpec {
  return {
    name: 'atomic',
    seed: 42,
    runs: 3,
    warmup: 0,
    duration: 2e9,
    cluster: {
      nodes: [{ name: 'node-1', zone: 'a' }],
      zones: ['a'],
      proxy: { mode, variant: '', policy: mode, scheduler: 'rr', algorithm: '', maglevTableSize: 16381, cost: 'auto' },
      network: { latency: 100_000 },
      background: { services: 0, endpointsPerService: 0 },
    },
    workloads: [],
    traffic: [],
    thresholds: [],
    metricsInterval: 1e9,
  };
}

function point(index: number, mode: 'iptables' | 'nftables'): PointModel {
  return {
    index,
    params: [{ path: 'cluster.proxy.mode', value: mode }],
    spec: spec(mode),
    services: [],
    deployments: [],
    endpointSlices: [],
  };
}

function loaded(resolved: unknown = { spec: { seed: 42, sweep: { 'cluster.proxy.mode': ['iptables', 'nftables'] } } }): LoadedScenario {
  return {
    file: 'scenarios/atomic.yaml',
    name: 'atomic',
    hash: 'f'.repeat(64),
    sweepKeys: ['cluster.proxy.mode'],
    points: [point(0, 'iptables'), point(1, 'nftables')],
    warnings: [],
    resolved,
  };
}

/** Deterministic results, one per (point, run), in a scrambled order. */
function results(): RunResult[] {
  const out: RunResult[] = [];
  for (const [p, r] of [[1, 2], [0, 1], [1, 0], [0, 2], [0, 0], [1, 1]] as const) {
    const latency = new LatencyHistogram();
    for (let k = 1; k <= 200; k++) latency.record(k * 37_001 * (p + 1) + r * 1_234_567);
    out.push({
      point: p,
      run: r,
      requests: 210 + r,
      completed: 200,
      goodput: 200,
      errors: { refused: r, reset: 0, timeout: 10, dropped: 0, rejected: 0 },
      measuredNs: 2e9,
      latency,
      events: 12_345 + r,
      wallS: 0.25,
    });
  }
  return out;
}

const RUNS_HEADER =
  'scenario,point,run,seed,param_cluster.proxy.mode,requests,completed,errors,errors_refused,errors_reset,' +
  'errors_timeout,errors_dropped,errors_rejected,error_rate,offered_rps,throughput_rps,latency_mean_ms,latency_p50_ms,' +
  'latency_p90_ms,latency_p95_ms,latency_p99_ms,latency_p999_ms,latency_max_ms,events,wall_s';
const METRICS = RUNS_HEADER.split(',').slice(5, -2);
const SUMMARY_HEADER = [
  'scenario,point,param_cluster.proxy.mode,runs',
  ...METRICS,
  ...METRICS.flatMap((m) => [`${m}_mean`, `${m}_ci_lo`, `${m}_ci_hi`]),
].join(',');
const HISTOGRAMS_HEADER = 'scenario,point,run,param_cluster.proxy.mode,count,min_ns,max_ns,sum_ns,responses_in_window,window_ns,histogram';

/** uvu has no async throws: resolve means failure; an optional pattern must match the message. */
async function rejects(p: Promise<unknown>, pattern?: RegExp): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error, 'expected the write to fail');
  if (pattern !== undefined) assert.match((error as Error).message, pattern);
}

async function tempRoot(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'clusterip-sim-atomic-'));
}

async function readAll(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of FILES) out[f] = await readFile(path.join(dir, f), 'utf8');
  return out;
}

function lines(text: string): string[][] {
  return text.trimEnd().split('\n').map((l) => l.split(','));
}

test('the written files parse back with the documented columns and sorted rows', async () => {
  const root = await tempRoot();
  try {
    const { dir } = await writeResults(root, loaded(), results(), META);
    assert.is(dir, path.join(root, 'atomic'));
    assert.equal((await readdir(dir)).sort(), FILES);
    const files = await readAll(dir);

    const runs = lines(files['runs.csv']!);
    assert.is(runs[0]!.join(','), RUNS_HEADER);
    assert.equal(runs.slice(1).map((r) => [r[1], r[2]]), [['0', '0'], ['0', '1'], ['0', '2'], ['1', '0'], ['1', '1'], ['1', '2']]);
    const first = Object.fromEntries(runs[0]!.map((c, i) => [c, runs[1]![i]!]));
    assert.is(first['scenario'], 'atomic');
    assert.is(first['seed'], '42');
    assert.is(first['param_cluster.proxy.mode'], 'iptables');
    assert.is(first['requests'], '210');
    assert.is(first['errors'], '10');
    assert.is(first['error_rate'], '0.047619'); // 10 / 210
    assert.is(first['throughput_rps'], '100'); // 200 / 2 s
    assert.is(first['latency_max_ms'], '7.4002'); // 200 · 37,001 ns, exact
    assert.is(first['events'], '12345');
    assert.is(first['wall_s'], '0.250');

    const summary = lines(files['summary.csv']!);
    assert.is(summary[0]!.join(','), SUMMARY_HEADER);
    assert.equal(summary.slice(1).map((r) => [r[1], r[2], r[3]]), [['0', 'iptables', '3'], ['1', 'nftables', '3']]);

    const histograms = lines(files['histograms.csv']!);
    assert.is(histograms[0]!.join(','), HISTOGRAMS_HEADER);
    assert.is(histograms.length, 7);
    const h = await LatencyHistogram.decode(histograms[1]![10]!);
    // responses in the window and the window's length: throughput_rps rebuilt exactly by merge and resume
    assert.equal([histograms[1]![8], histograms[1]![9]], ['200', '2000000000']);
    const original = results().find((r) => r.point === 0 && r.run === 0)!.latency;
    assert.equal(Array.from(h.counts), Array.from(original.counts));
    assert.equal([histograms[1]![4], histograms[1]![6]], ['200', '7400200']);
    // min_ns and sum_ns are exact too: merge can rebuild the exact mean
    assert.is(histograms[1]![5], String(original.min));
    assert.is(histograms[1]![7], String(original.sum));

    const manifest = JSON.parse(files['manifest.json']!) as Record<string, unknown>;
    assert.equal(Object.keys(manifest), [
      'tool', 'version', 'gitCommit', 'node', 'scenario', 'file', 'scenarioHash', 'seed', 'runs', 'set', 'points', 'sweepKeys', 'resolved', 'effective', 'notes',
    ]);
    const effective = manifest['effective'] as { point: number; spec: { seed: number } }[];
    assert.equal(effective.map((e) => [e.point, e.spec.seed]), [[0, 42], [1, 42]]);
    delete manifest['effective'];
    assert.equal(manifest, {
      tool: 'clusterip-sim',
      version: '0.1.0',
      gitCommit: 'abc1234',
      node: 'v20.0.0',
      scenario: 'atomic',
      file: 'scenarios/atomic.yaml',
      scenarioHash: 'f'.repeat(64),
      seed: 42,
      runs: 3,
      set: [], // no --set given (meta.set absent)
      points: 2,
      sweepKeys: ['cluster.proxy.mode'],
      resolved: { spec: { seed: 42, sweep: { 'cluster.proxy.mode': ['iptables', 'nftables'] } } },
      notes: [],
    });
    assert.ok(files['manifest.json']!.includes('\n  "tool": "clusterip-sim",\n'), '2-space indent');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('identical input gives byte-identical files whatever order results arrive in', async () => {
  const a = await tempRoot();
  const b = await tempRoot();
  try {
    await writeResults(a, loaded(), results(), META);
    await writeResults(b, loaded(), results().reverse(), META);
    assert.equal(await readAll(path.join(a, 'atomic')), await readAll(path.join(b, 'atomic')));
  } finally {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  }
});

test('a rewrite replaces the old directory and leaves nothing beside it', async () => {
  const root = await tempRoot();
  try {
    await writeResults(root, loaded(), results(), META);
    await writeFile(path.join(root, 'atomic', 'stale.txt'), 'from an older run');
    await writeResults(root, loaded(), results().slice(0, 2), META);
    assert.equal(await readdir(root), ['atomic']);
    assert.equal((await readdir(path.join(root, 'atomic'))).sort(), FILES);
    assert.is(lines(await readFile(path.join(root, 'atomic', 'runs.csv'), 'utf8')).length, 3);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a write that fails midway leaves the old results untouched and no temp dir', async () => {
  const root = await tempRoot();
  try {
    await writeResults(root, loaded(), results(), META);
    const before = await readAll(path.join(root, 'atomic'));
    // manifest.json is written last: a resolved scenario JSON cannot encode
    // fails after the CSVs are already in the temp dir.
    await rejects(writeResults(root, loaded({ big: 1n }), results(), META));
    assert.equal(await readdir(root), ['atomic']);
    assert.equal(await readAll(path.join(root, 'atomic')), before);
    // a result for a point the scenario does not have fails before any file is touched
    await rejects(writeResults(root, loaded(), [...results(), { ...results()[0]!, point: 9 }], META), /point 9/);
    await rejects(writeResults(root, loaded(), [...results(), results()[0]!], META), /two results/);
    assert.equal(await readdir(root), ['atomic']);
    assert.equal(await readAll(path.join(root, 'atomic')), before);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('an output root that is a file is an error and creates nothing', async () => {
  const root = await tempRoot();
  try {
    const file = path.join(root, 'not-a-dir');
    await writeFile(file, 'x');
    await rejects(writeResults(file, loaded(), results(), META));
    assert.equal(await readdir(root), ['not-a-dir']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
