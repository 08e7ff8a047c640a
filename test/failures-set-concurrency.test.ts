/**
 * `set workloads[i].concurrency` during a run: the pods serve up to the new
 * number of requests at once from then on. More slots: the queue's head
 * takes them at once (FIFO kept: a newcomer does not overtake the queue).
 * Fewer: the requests in service finish, and the next departures give up
 * their slots until the pod is within the new limit; the queue waits.
 * Constant arrivals and service times make every latency exact.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun, type RunCounters } from '../src/traffic/simulation.js';
import { scenarioText } from './helpers/scenario.js';

const MS = 1e6;

/** One pod, constant 100 ms service, constant arrivals at `rate`, `concurrency`, a set of it to `to` at `at` s, and maybe a new rate then. */
function run(rate: number, concurrency: number, to: number | null, at = 10, rateThen: number | null = null): RunCounters {
  const events = [
    ...(to === null ? [] : [`    - { at: ${at}s, action: set, path: "workloads[0].concurrency", value: ${to} }`]),
    ...(rateThen === null ? [] : [`    - { at: ${at}s, action: set, path: "traffic[0].arrival.rate", value: ${rateThen} }`]),
  ];
  const text =
    scenarioText({ replicas: 1, rate, concurrency, serviceTime: '{ distribution: constant, mean: 100ms }', duration: '30s' }).replace('process: poisson', 'process: constant') +
    (events.length === 0 ? '' : `  events:\n${events.join('\n')}\n`);
  const p = loadScenarioText(text, 't.yaml').points[0]!;
  return simulateRun(buildCluster(p), p.spec, 0);
}

/** The p50 of the requests that arrived in second k (ms). */
const p50 = (c: RunCounters, k: number): number => c.series.p50[k]! / MS;

test('more slots: the queue built at ρ = 1.5 drains through them, FIFO — a newcomer waits behind the queue', () => {
  // 15/s into one slot of 10/s: +5 queued per second, ~50 at t = 10 s; then 3 slots (30/s) drain it at 15/s
  const c = run(15, 1, 3);
  const plain = run(15, 1, null);
  // a request that arrives at second 4 waits ~2 s and leaves before the set: the same in both runs
  assert.is(p50(c, 4), p50(plain, 4));
  assert.ok(p50(c, 4) > 2000, `before: p50 ${p50(c, 4)} ms`);
  // arrivals just after the set still queue behind the ~50 waiting (a newcomer that took a free slot would see 100 ms)
  assert.ok(p50(c, 10) > 500, `just after: p50 ${p50(c, 10)} ms`);
  // drained within ~3 s: only the service time (100 ms, to the histogram's precision) from then on
  for (const k of [16, 20, 29]) assert.ok(Math.abs(p50(c, k) - 100) < 0.5, `second ${k}: p50 ${p50(c, k)} ms`);
  // without the set the queue keeps growing
  assert.ok(p50(plain, 29) > 10_000);
});

test("more slots and no newcomer to fill them: the queue's head takes them at once", () => {
  // the same queue, but the rate drops to one request per 10 s at the set (after the one already
  // planned): nothing but the set can put the extra slots to work. Everything here is deterministic;
  // a second-9 arrival waits 2.0 s when the queue drains through 3 slots from the set on, 2.8 s when
  // only the one newcomer's slot is added (2 slots), 4.9 s with one slot: < 0.5 × tells 3 from 2
  const c = run(15, 1, 3, 10, 0.1);
  const slow = run(15, 1, null, 10, 0.1);
  assert.ok(p50(c, 9) < 0.5 * p50(slow, 9), `p50 ${p50(c, 9)} ms against ${p50(slow, 9)} ms with one slot`);
});

test('fewer slots: the requests in service finish, then the pod serves at the new limit and the queue grows', () => {
  // 35/s into 4 slots of 10/s (ρ = 0.875, ~3.5 in service): 100 ms each; at t = 10 s down to 1 slot
  // (10/s): +25 queued per second — as long as the slots over the limit are given up (were the next in
  // line to take each freed slot, the pod would keep ~3.5 in service and keep up)
  const c = run(35, 4, 1);
  for (const k of [2, 5, 9]) assert.ok(Math.abs(p50(c, k) - 100) < 0.5, `second ${k}: p50 ${p50(c, k)} ms`);
  assert.ok(p50(c, 15) > 10_000, `p50 ${p50(c, 15)} ms five seconds after: ~125 queued at 10/s`);
  // the pod's busy time: 3.5 slots in use before, 1 after — ∫busy over [0, 30 s) = 10 s × 3.5 + 20 s × 1 = 55 s of service
  assert.ok(Math.abs(c.podBusyNs[0]! / 1e9 - 55) < 0.5, `busy ${c.podBusyNs[0]! / 1e9} s`);
});

test('a set at t = 0 gives the run a pod with that concurrency from the start', () => {
  const a = run(15, 1, 3, 0);
  const b = run(15, 3, null);
  assert.equal(Array.from(a.series.p50), Array.from(b.series.p50));
  assert.is(a.completed, b.completed);
});

test('a set that takes ρ to ≥ 1 warns at its value, with the concurrency it leaves', () => {
  const text = (to: number) =>
    `${scenarioText({ replicas: 1, rate: 50, concurrency: 10, serviceTime: '{ distribution: constant, mean: 100ms }', duration: '30s' })}  events:\n    - { at: 10s, action: set, path: "workloads[0].concurrency", value: ${to} }\n`;
  // 50/s × 100 ms = 5 busy on average: ρ = 0.5 with 10 slots, 1.25 with 4
  const w = loadScenarioText(text(4), 't.yaml').warnings;
  assert.is(w.length, 1, w.join('\n'));
  assert.match(w[0]!, /set workloads\[0\]\.concurrency=4 at 10 s: Deployment default\/app's offered load per pod becomes ρ = 1\.25 \(125 %\) ≥ 1 .*÷ concurrency 4; capacity 40 req\/s per pod/);
  assert.is(loadScenarioText(text(5), 't.yaml').warnings.length, 1, 'ρ = 1.00 with 5 slots: the queue grows too');
  assert.equal(loadScenarioText(text(6), 't.yaml').warnings, [], 'ρ = 0.83 with 6 slots');
});

test('a set to null of a concurrency or a rate is an error at its value (a run cannot unset them; it used to fail the run)', () => {
  for (const path of ['workloads[0].concurrency', 'traffic[0].arrival.rate']) {
    const text = `${scenarioText({ replicas: 1, rate: 50, concurrency: 10, duration: '30s' })}  events:\n    - { at: 10s, action: set, path: "${path}", value: null }\n`;
    try {
      loadScenarioText(text, 't.yaml');
      assert.unreachable(`${path}: loaded`);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      assert.equal([...e.problems], [`t.yaml:40:${41 + path.length}: spec.events[0].value: expected a value for ${path} (null would remove it, which a run cannot do), got null`]);
    }
  }
});

test.run();
