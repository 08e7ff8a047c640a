/**
 * A client timeout acts when it passes, not when the late response arrives:
 * an HTTP/1.1 client that gives up closes its keep-alive connection (the
 * response it no longer waits for would arrive on it), so its next request
 * opens a new connection, which kube-proxy may send elsewhere; a mesh proxy
 * resets the request, and its least-request count drops then. A run does
 * this whether or not it has events: adding an event that changes nothing
 * changes no result.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun, type RunCounters } from '../src/traffic/simulation.js';
import { scenarioText, simulate, used, type Knobs } from './helpers/scenario.js';

function run(text: string): RunCounters {
  const p = loadScenarioText(text, 't.yaml').points[0]!;
  return simulateRun(buildCluster(p), p.spec, 0);
}

test('a request that times out closes its keep-alive connection: the next one opens another', () => {
  // One client, 2 requests/s of 300 ms each, a 100 ms timeout: every request
  // times out. Each next request finds its connection closed and opens a new
  // one, to a random pod of 20 — ~60 connections reach most of them. (Kept
  // open until the late response, the connection would be reused: one pod,
  // or a few when two requests overlap.)
  const { c } = simulate({ replicas: 20, rate: 2, serviceTime: '{ distribution: constant, mean: 300ms }', concurrency: 10, connection: '{ requestsPerConnection: 1000000 }', timeout: '100ms', duration: '30s' });
  assert.ok(c.requests > 40, `requests ${c.requests}`);
  assert.is(c.timeout, c.requests, 'every request times out');
  // P(a pod is never picked by 40+ uniform picks of 20) ≤ 0.95^40 ≈ 0.13: expect ≥ 15 of 20; 10 leaves room
  assert.ok(used(c) >= 10, `endpoints used: ${used(c)}`);
});

for (const [label, knobs] of [
  ['iptables, keep-alive pool', { replicas: 6, rate: 5400, mode: 'iptables', connection: '{ requestsPerConnection: 100 }', clients: 4 }],
  ['ipvs lc, a connection per request', { replicas: 6, rate: 5400, mode: 'ipvs, scheduler: lc' }],
  ['mesh least-request', { replicas: 6, rate: 5400, mode: 'mesh', clients: 4 }],
] as const) {
  test(`${label}: the same results with an event that changes nothing as without`, () => {
    // ρ = 0.9 per pod (5,400/s over 6 pods of 1 ms): queues build, and a 5 ms timeout fires for some requests
    const k: Knobs = { ...knobs, serviceTime: '{ distribution: exponential, mean: 1ms }', timeout: '5ms', duration: '5s' };
    const plain = run(scenarioText(k));
    const withEvent = run(`${scenarioText(k)}  events:\n    - { at: 4s, action: set, path: "traffic[0].arrival.rate", value: 5400 }\n`);
    assert.ok(plain.timeout > 100, `timeouts ${plain.timeout}`);
    assert.is(withEvent.requests, plain.requests);
    assert.is(withEvent.timeout, plain.timeout);
    assert.is(withEvent.completed, plain.completed);
    assert.equal(Array.from(withEvent.epRequests), Array.from(plain.epRequests));
    assert.equal(Array.from(withEvent.epErrors), Array.from(plain.epErrors));
  });
}

test.run();
