/**
 * `set workloads[i].serviceTime` (or one of its keys) during a run: a
 * deploy that makes the service slower or faster. The loader composes the
 * sets in time order and resolves each to the workload's whole service time
 * (checked as a workload's own); the simulator serves each request that
 * starts service after the set with the new distribution, from the demand
 * quantile the request drew at its arrival (common random numbers).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun, type RunCounters } from '../src/traffic/simulation.js';
import { scenarioText } from './helpers/scenario.js';

const MS = 1e6;
const BASE = scenarioText({ replicas: 1, rate: 200, concurrency: 1000, serviceTime: '{ distribution: exponential, mean: 1ms }', duration: '20s' });

function loaded(events: string) {
  return loadScenarioText(`${BASE}  events:\n${events}`, 't.yaml');
}

function run(text: string): RunCounters {
  const p = loadScenarioText(text, 't.yaml').points[0]!;
  return simulateRun(buildCluster(p), p.spec, 0);
}

function problems(events: string): string[] {
  try {
    loaded(events);
  } catch (e) {
    if (e instanceof ScenarioError) return [...e.problems];
    throw e;
  }
  return [];
}

test('each request served after the set takes the new distribution at its own quantile: a mean ×3 makes every latency ×3', () => {
  // one pod, 1,000 slots at 200/s of 1 ms: nobody queues, no network latency
  // or proxy cost, so a latency is exactly its service time, mean × (−ln(1 − u))
  // with u drawn at arrival. Set at t = 0 to 3 ms, the same requests take
  // exactly 3× as long (to the histogram's 3 significant digits).
  const plain = run(BASE);
  const slower = run(`${BASE}  events:\n    - { at: 0s, action: set, path: "workloads[0].serviceTime.mean", value: 3ms }\n`);
  assert.is(slower.requests, plain.requests);
  assert.ok(plain.requests > 3500, `requests ${plain.requests}`);
  const ratio = slower.latency.mean() / plain.latency.mean();
  assert.ok(Math.abs(ratio - 3) < 0.005, `mean ratio ${ratio}`);
  for (const q of [50, 99]) {
    const r = slower.latency.valueAtPercentile(q) / plain.latency.valueAtPercentile(q);
    assert.ok(Math.abs(r - 3) < 0.01, `p${q} ratio ${r}`);
  }
});

test('a set at mid-run leaves the requests before it alone: constant 1 ms, then 4 ms', () => {
  const c = run(
    scenarioText({ replicas: 1, rate: 200, concurrency: 1000, serviceTime: '{ distribution: constant, mean: 1ms }', duration: '20s' }) +
      '  events:\n    - { at: 10s, action: set, path: "workloads[0].serviceTime", value: { distribution: constant, mean: 4ms } }\n',
  );
  // two service times only; about half the requests each (Poisson at 200/s, 10 s each side: ±3 % at 3σ)
  const lo = c.latency.valueAtPercentile(1);
  const hi = c.latency.valueAtPercentile(99);
  assert.ok(Math.abs(lo - 1 * MS) < 0.002 * MS && Math.abs(hi - 4 * MS) < 0.005 * MS, `p1 ${lo}, p99 ${hi}`);
  const below = c.latency.valueAtPercentile(48);
  const above = c.latency.valueAtPercentile(52);
  assert.ok(Math.abs(below - 1 * MS) < 0.002 * MS && Math.abs(above - 4 * MS) < 0.005 * MS, `p48 ${below}, p52 ${above}`);
});

test('sets compose in time order and resolve to the whole service time; every other event keeps serviceTime null', () => {
  const events = loaded(`    - { at: 9s, action: set, path: "workloads[0].serviceTime.spread", value: 4ms }
    - { at: 5s, action: set, path: "workloads[0].serviceTime", value: { distribution: uniform, mean: 10ms, spread: 2ms } }
    - { at: 12s, action: set, path: "workloads[0].serviceTime.mean", value: 0.02 }
    - { at: 1s, action: set, path: "traffic[0].arrival.rate", value: 300 }
`).points[0]!.spec.events!;
  assert.equal(
    events.map((e) => [e.at / 1e9, e.serviceTime]),
    [
      [1, null],
      [5, { distribution: 'uniform', mean: 10 * MS, spread: 2 * MS }],
      [9, { distribution: 'uniform', mean: 10 * MS, spread: 4 * MS }],
      [12, { distribution: 'uniform', mean: 20 * MS, spread: 4 * MS }],
    ],
  );
  assert.equal(events.map((e) => e.index), [3, 1, 0, 2]);
});

test('a set that leaves the service time invalid is an error at its value, saying why', () => {
  const first = BASE.split('\n').length + 1; // the line of the first event
  // a key the distribution does not take
  const spread = problems('    - { at: 2s, action: set, path: "workloads[0].serviceTime.spread", value: 1ms }\n');
  assert.is(spread.length, 1, spread.join('\n'));
  assert.match(spread[0]!, new RegExp(`^t\\.yaml:${first}:\\d+: spec\\.events\\[0\\]\\.value: expected a value that leaves workloads\\[0\\]\\.serviceTime valid, got "1ms" \\(it would be .*spread.*: .*one of distribution, mean \\(for distribution exponential\\)`));
  // a whole mapping whose spread exceeds its mean: at the spread inside the value
  const wide = problems('    - { at: 2s, action: set, path: "workloads[0].serviceTime", value: { distribution: uniform, mean: 1ms, spread: 3ms } }\n');
  assert.equal(wide.length, 1, wide.join('\n'));
  assert.match(wide[0]!, /spec\.events\[0\]\.value\.spread: expected a duration ≤ mean/);
  // the second of two sets is judged on what the first left: uniform then a spread over the mean
  const later = problems(`    - { at: 2s, action: set, path: "workloads[0].serviceTime", value: { distribution: uniform, mean: 2ms, spread: 1ms } }
    - { at: 4s, action: set, path: "workloads[0].serviceTime.spread", value: 5ms }
`);
  assert.is(later.length, 1, later.join('\n'));
  assert.match(later[0]!, /spec\.events\[1\]\.value: expected a value that leaves workloads\[0\]\.serviceTime valid, got "5ms" .*≤ mean/);
  // a bad duration is reported once, as the path's own check says it
  const neg = problems('    - { at: 2s, action: set, path: "workloads[0].serviceTime.mean", value: -1ms }\n');
  assert.is(neg.length, 1, neg.join('\n'));
  assert.match(neg[0]!, /spec\.events\[0\]\.value: expected a duration > 0/);
});

test('a set that takes the offered load to ρ ≥ 1 warns at its value, with the new ρ', () => {
  // 200/s on one pod with 1,000 slots: a mean of 6 s gives ρ = 200 × 6 / 1000 = 1.2
  const w = loaded('    - { at: 10s, action: set, path: "workloads[0].serviceTime.mean", value: 6s }\n').warnings;
  assert.is(w.length, 1, w.join('\n'));
  assert.match(w[0]!, /^t\.yaml:\d+:\d+: set workloads\[0\]\.serviceTime\.mean=.* at 10 s: Deployment default\/app's offered load per pod becomes ρ = 1\.20 \(120 %\) ≥ 1 .*capacity 166\.7 req\/s per pod/);
  assert.equal(loaded('    - { at: 10s, action: set, path: "workloads[0].serviceTime.mean", value: 4s }\n').warnings, [], 'ρ = 0.8: no warning');
});

test.run();
