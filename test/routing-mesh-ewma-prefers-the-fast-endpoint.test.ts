/**
 * Peak EWMA (tower peak_ewma.rs, Linkerd defaults 30 ms / 10 s): a higher RTT
 * replaces the estimate at once (the peak), a lower one pulls it down by
 * 1 − exp(−elapsed/τ), load() decays it toward 0 and weighs it by pending + 1;
 * P2C over two distinct endpoints sends most requests to the fast one.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draws, stream } from '../src/engine/rng.js';
import { MeshEwmaPolicy } from '../src/routing/policies/mesh-ewma.js';
import { newFlow, policyContext } from '../src/routing/policies/policy.js';

function ewma(endpoints: number, seed = 1): { p: MeshEwmaPolicy; clock: { now: number } } {
  const clock = { now: 0 };
  return { p: new MeshEwmaPolicy(policyContext({ clock, instances: 2, endpoints, rng: draws(seed, 0, 'test', 'ewma') })), clock };
}

test('the estimate: peak on a higher RTT, exponential pull toward a lower one, decay toward 0', () => {
  const { p, clock } = ewma(2);
  clock.now = 1e9;
  p.onResponse(0, 0, 0, 50e6); // first sight: default 30 ms created now, then 50 ms > 30 ms → peak
  assert.is(p.peek(0, 0, 0).rttNs, 50e6);
  clock.now = 3e9; // 2 s later a 10 ms response: 50·e^(−0.2) + 10·(1 − e^(−0.2))
  p.onResponse(0, 0, 0, 10e6);
  const expect = 50e6 * Math.exp(-0.2) + 10e6 * (1 - Math.exp(-0.2));
  assert.ok(Math.abs(p.peek(0, 0, 0).rttNs - expect) < 1e-3, `${p.peek(0, 0, 0).rttNs} vs ${expect}`);
  clock.now = 13e9; // 10 s = τ later, unobserved: the estimate has decayed by e^(−1)
  assert.ok(Math.abs(p.peek(0, 0, 0).rttNs - expect * Math.exp(-1)) < 1e-3);
  p.onResponse(0, 0, 0, 200e6);
  assert.is(p.peek(0, 0, 0).rttNs, 200e6, 'a spike replaces the estimate at once');
  assert.is(p.peek(1, 0, 0).rttNs, 30e6, 'another client is untouched (default)');
});

test('a pick decays both candidates and moves their update time to now (tower load(): update(now, now)); an endpoint first seen by a pick starts at default_rtt then', () => {
  const { p, clock } = ewma(2);
  const ids = Int32Array.from([0, 1]);
  clock.now = 1e9;
  p.onResponse(0, 0, 0, 50e6); // endpoint 0: 50 ms (peak over the 30 ms default) at t = 1 s
  clock.now = 2e9;
  assert.is(p.peek(0, 0, 1).rttNs, 30e6, 'not seen yet: default_rtt, whatever the time');
  clock.now = 3e9;
  p.pick(0, 0, 0, newFlow(), ids, 0, 2); // two endpoints: both loads are read
  assert.is(p.peek(0, 0, 0).rttNs, 50e6 * Math.exp(-0.2), 'decayed over the 2 s since the response');
  clock.now = 4e9; // a 10 ms response 1 s after the pick: elapsed counts from the pick, not from t = 1 s
  p.onResponse(0, 0, 0, 10e6);
  const fromPick = 50e6 * Math.exp(-0.2) * Math.exp(-0.1) + 10e6 * (1 - Math.exp(-0.1));
  const fromResponse = 50e6 * Math.exp(-0.3) + 10e6 * (1 - Math.exp(-0.3));
  assert.ok(Math.abs(p.peek(0, 0, 0).rttNs - fromPick) < 1e-3, `${p.peek(0, 0, 0).rttNs} vs ${fromPick} (not ${fromResponse})`);
  clock.now = 13e9; // endpoint 1 was created by the pick at t = 3 s with 30 ms: τ = 10 s later, 30·e^(−1)
  assert.ok(Math.abs(p.peek(0, 0, 1).rttNs - 30e6 * Math.exp(-1)) < 1e-6, String(p.peek(0, 0, 1).rttNs));
});

test('with a fast and a slow endpoint, almost every request goes to the fast one', () => {
  // Endpoint 0 answers in 2 ms, endpoint 1 in 40 ms; one request at a time,
  // 2,000 requests. P2C over 2 endpoints compares both every time, so after
  // the first slow response the slow one is picked only while the fast one
  // is busier — never here (sequential). Expect ≥ 99 % fast.
  const { p, clock } = ewma(2, 7);
  const ids = Int32Array.from([0, 1]);
  const flow = newFlow();
  let fast = 0;
  for (let k = 0; k < 2000; k++) {
    const i = p.pick(0, 0, 0, flow, ids, 0, 2);
    const lat = i === 0 ? 2e6 : 40e6;
    p.onOpen(0, 0, ids[i]!);
    clock.now += lat;
    p.onResponse(0, 0, ids[i]!, lat);
    p.onClose(0, 0, ids[i]!);
    if (i === 0) fast++;
  }
  assert.ok(fast >= 1980, `fast ${fast} / 2000`);
});

test('pending requests multiply the cost: a fast endpoint with 20 in flight loses to an idle slower one', () => {
  const { p, clock } = ewma(2, 9);
  const ids = Int32Array.from([0, 1]);
  const flow = newFlow();
  clock.now = 1e6;
  p.onResponse(0, 0, 0, 5e6); // 30 ms default stays (5 < 30): pulled toward 5 ms by 1 − e^(−0) = 0 → 30 ms
  p.onResponse(0, 0, 1, 30e6);
  for (let k = 0; k < 20; k++) p.onOpen(0, 0, 0);
  // costs: endpoint 0 ≈ 30 ms × 21, endpoint 1 ≈ 30 ms × 1
  for (let k = 0; k < 50; k++) assert.is(p.pick(0, 0, 0, flow, ids, 0, 2), 1);
});

test.run();
