/**
 * network-programming.csv from a ProgrammingLog built by hand: one row per
 * (point, run, change, node), sorted by (point, run, change, node index)
 * whatever order runs arrive in and nodes programmed, node names from the
 * point's cluster, times in seconds to the nanosecond and latency_s =
 * programmed − changed. Written (header only without changes) beside the
 * other files, read back for merge/resume unchanged, and the same after a
 * structured clone (the worker-thread path). timeseries.csv carries a
 * series' stale_nodes and scenario_events.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyProgrammingLog, logProgrammed, type ProgrammingLog } from '../src/cluster/control-plane/programming-log.js';
import { NetworkProgrammingAccumulator, programmingOrder } from '../src/report/network-programming.js';
import { TimeseriesAccumulator } from '../src/report/timeseries.js';
import { ResultsAccumulator } from '../src/report/write-results.js';
import { readResultDir, parseCsv } from '../src/report/result-dir.js';
import { IntervalSeries } from '../src/metrics/interval-series.js';
import { LatencyHistogram } from '../src/metrics/histogram.js';
import { plainLog } from '../src/parallel/task.js';
import { formatSecondsNs } from '../src/report/format.js';
import type { LoadedScenario, PointModel, ScenarioSpec } from '../src/scenario/types.js';

// node names whose alphabetical order is not their index order: rows follow the index
const NODES = [
  { name: 'zeta', zone: 'a' },
  { name: 'alpha', zone: 'a' },
  { name: 'mid', zone: 'b' },
];

function spec(mode: 'iptables' | 'nftables'): ScenarioSpec {
  return {
    name: 'np',
    seed: 1,
    runs: 2,
    warmup: 1e9,
    duration: 2e9,
    cluster: {
      nodes: NODES,
      zones: ['a', 'b'],
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
  return { index, params: [{ path: 'cluster.proxy.mode', value: mode }], spec: spec(mode), services: [], deployments: [], endpointSlices: [] };
}

const LOADED: LoadedScenario = {
  file: 'np.yaml',
  name: 'np',
  hash: 'e'.repeat(64),
  sweepKeys: ['cluster.proxy.mode'],
  points: [point(0, 'iptables'), point(1, 'nftables')],
  warnings: [],
  resolved: {},
};

const HEADER = 'scenario,point,run,param_cluster.proxy.mode,change,service,endpoint,kind,node,changed_at_s,programmed_at_s,latency_s';

/** Point 0, run 0: a pod removed at 5 s and its replacement added at 5.2 s, programmed by the nodes out of order. */
function log00(): ProgrammingLog {
  const log = emptyProgrammingLog();
  log.changes.push({ service: 'default/web:http', endpoint: 'web-1', kind: 'remove', changedAt: 5_000_000_000 });
  log.changes.push({ service: 'default/web:http', endpoint: 'web-4', kind: 'add', changedAt: 5_200_000_000 });
  logProgrammed(log, 1, 2, 5_320_000_000);
  logProgrammed(log, 0, 1, 5_030_000_001);
  logProgrammed(log, 1, 0, 5_450_000_000);
  logProgrammed(log, 0, 2, 5_031_000_000);
  logProgrammed(log, 0, 0, 6_000_000_000);
  return log;
}

/** Point 1, run 1: one update, programmed by node 1 only. */
function log11(): ProgrammingLog {
  const log = emptyProgrammingLog();
  log.changes.push({ service: 'shop/api', endpoint: 'api-0', kind: 'update', changedAt: 2_500_000_000 });
  logProgrammed(log, 0, 1, 2_500_000_250);
  return log;
}

// written out by hand from the logs above: sorted by (change, node index), seconds to the ns
const ROWS_00 = [
  'np,0,0,iptables,0,default/web:http,web-1,remove,zeta,5,6,1',
  'np,0,0,iptables,0,default/web:http,web-1,remove,alpha,5,5.030000001,0.030000001',
  'np,0,0,iptables,0,default/web:http,web-1,remove,mid,5,5.031,0.031',
  'np,0,0,iptables,1,default/web:http,web-4,add,zeta,5.2,5.45,0.25',
  'np,0,0,iptables,1,default/web:http,web-4,add,mid,5.2,5.32,0.12',
];
const ROWS_11 = ['np,1,1,nftables,0,shop/api,api-0,update,alpha,2.5,2.50000025,0.00000025'];

function filled(): NetworkProgrammingAccumulator {
  const acc = new NetworkProgrammingAccumulator(LOADED);
  // runs arrive out of order, two of them without changes
  acc.add({ point: 1, run: 1, programming: log11() });
  acc.add({ point: 0, run: 1, programming: emptyProgrammingLog() });
  acc.add({ point: 0, run: 0, programming: log00() });
  acc.add({ point: 1, run: 0, programming: emptyProgrammingLog() });
  return acc;
}

test('one row per change and node, sorted by (point, run, change, node index), latency = programmed − changed', () => {
  assert.is(filled().csv(), [HEADER, ...ROWS_00, ...ROWS_11].join('\n') + '\n');
});

test('the columns parse back: latency_s is programmed_at_s − changed_at_s on every row', () => {
  const [head, ...rows] = parseCsv(filled().csv());
  const i = (c: string) => head!.indexOf(c);
  assert.is(rows.length, 6);
  for (const r of rows) {
    const ns = (c: string) => Math.round(Number(r[i(c)]) * 1e9);
    assert.is(ns('latency_s'), ns('programmed_at_s') - ns('changed_at_s'), r.join(','));
  }
});

test('a node that programs one change twice keeps its rows in programming order; out-of-range indices throw', () => {
  const log = emptyProgrammingLog();
  log.changes.push({ service: 's', endpoint: 'e', kind: 'update', changedAt: 0 });
  logProgrammed(log, 0, 2, 30);
  logProgrammed(log, 0, 1, 20);
  logProgrammed(log, 0, 2, 10);
  assert.equal([...programmingOrder(log, 3)], [1, 0, 2]);
  logProgrammed(log, 0, 3, 40);
  assert.throws(() => programmingOrder(log, 3), /node 3, but the cluster has 3 node/);
  const bad = emptyProgrammingLog();
  logProgrammed(bad, 0, 0, 1);
  assert.throws(() => programmingOrder(bad, 3), /change 0, but the run has 0 change/);
});

test('seconds are written to the nanosecond without exponents or binary noise', () => {
  assert.is(formatSecondsNs(0), '0');
  assert.is(formatSecondsNs(1), '0.000000001');
  assert.is(formatSecondsNs(100_000_000), '0.1');
  assert.is(formatSecondsNs(3_600_000_000_001), '3600.000000001');
  assert.is(formatSecondsNs(-250_000_000), '-0.25');
  assert.is(formatSecondsNs(2 ** 53 - 1), '9007199.254740991');
});

test('without changes the file is the header alone', () => {
  const acc = new NetworkProgrammingAccumulator(LOADED);
  acc.add({ point: 0, run: 0, programming: emptyProgrammingLog() });
  assert.is(acc.csv(), HEADER + '\n');
  assert.is(new NetworkProgrammingAccumulator(LOADED).csv(), HEADER + '\n');
});

test('`only` keeps the chosen points', () => {
  assert.is(filled().csv(new Set([1])), [HEADER, ...ROWS_11].join('\n') + '\n');
});

test('through a structured clone (the worker-thread path), the log gives the same rows; its arrays are cut to count', () => {
  const log = log00();
  assert.ok(log.change.length > log.count, 'the log grows by doubling');
  const plain = structuredClone(plainLog(log));
  assert.is(plain.change.length, 5);
  assert.is(plain.programmedAt.length, 5);
  const a = new NetworkProgrammingAccumulator(LOADED);
  a.add({ point: 0, run: 0, programming: plain });
  assert.is(a.csv(), [HEADER, ...ROWS_00].join('\n') + '\n');
});

test('written in the result directory as chunks, and read back (merge, resume) to the same bytes', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'clusterip-np-'));
  try {
    const results = new ResultsAccumulator(LOADED);
    for (const [p, r] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
      const latency = new LatencyHistogram();
      latency.record(1_000_000);
      results.add({ point: p, run: r, requests: 1, completed: 1, goodput: 1, errors: { refused: 0, reset: 0, timeout: 0, dropped: 0, rejected: 0 }, measuredNs: 2e9, latency, events: 1, wallS: 0 });
    }
    const np = filled();
    const { dir } = await results.write(root, { toolVersion: '0', gitCommit: null, nodeVersion: 'v20' }, { extraFiles: { 'network-programming.csv': np.chunks() } });
    const text = readFileSync(path.join(dir, 'network-programming.csv'), 'utf8');
    assert.is(text, np.csv());
    const stored = readResultDir(dir);
    const again = new NetworkProgrammingAccumulator(LOADED);
    for (const [p, r] of [[1, 1], [0, 0], [1, 0], [0, 1]] as const) again.addRows(p, r, stored.networkProgramming?.byRun.get(`${p}/${r}`) ?? []);
    assert.is(again.csv(), text);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("timeseries.csv carries each interval's stale_nodes and scenario_events, before which stale_nodes sits", () => {
  const s = new IntervalSeries(3e9, 1e9);
  s.staleNodes[1] = 2;
  s.staleNodes[2] = 1;
  s.recordEvent(1.5e9, 'kill-pod web-1');
  s.recordEvent(1.7e9, 'node-down mid');
  s.recordEvent(2.1e9, 'scale web to 3, then 4'); // a comma: the cell is quoted
  s.finish();
  const acc = new TimeseriesAccumulator(LOADED);
  acc.add({ point: 0, run: 0, series: s });
  const text = acc.csv();
  const [head, ...rows] = parseCsv(text);
  assert.equal(head!.slice(-4), ['latency_p50_ms', 'latency_p99_ms', 'stale_nodes', 'scenario_events']);
  const col = (c: string) => rows.map((r) => r[head!.indexOf(c)]);
  assert.equal(col('stale_nodes'), ['0', '2', '1']);
  assert.equal(col('scenario_events'), ['', 'kill-pod web-1;node-down mid', 'scale web to 3, then 4']);
  assert.ok(text.includes(',"scale web to 3, then 4"\n'), 'quoted by csv-stringify');
});


test('cells that need quoting (an object sweep value, a comma, a quote) come out as csv-stringify quotes them, and parse back', () => {
  const objPoint: PointModel = { ...point(0, 'iptables'), params: [{ path: 'cluster.proxy.mode', value: '{"restore":"full","minSyncPeriod":"10s"}' }] };
  const loaded: LoadedScenario = { ...LOADED, points: [objPoint] };
  const log = emptyProgrammingLog();
  log.changes.push({ service: 'ns/we,b:"p"', endpoint: 'web-1', kind: 'add', changedAt: 1_000_000_000 });
  logProgrammed(log, 0, 2, 1_500_000_000);
  logProgrammed(log, 0, 0, 1_250_000_000);
  const acc = new NetworkProgrammingAccumulator(loaded);
  acc.add({ point: 0, run: 0, programming: log });
  const text = acc.csv();
  // quoted by hand: the JSON value and the service each in quotes, inner quotes doubled
  const param = '"{""restore"":""full"",""minSyncPeriod"":""10s""}"';
  assert.is(text, [HEADER, `np,0,0,${param},0,"ns/we,b:""p""",web-1,add,zeta,1,1.25,0.25`, `np,0,0,${param},0,"ns/we,b:""p""",web-1,add,mid,1,1.5,0.5`].join('\n') + '\n');
  const [, ...rows] = parseCsv(text);
  assert.is(rows[0]![3], '{"restore":"full","minSyncPeriod":"10s"}');
  assert.is(rows[1]![5], 'ns/we,b:"p"');
});

test.run();
