/**
 * IPVS TIME_WAIT ends when the kernel's timer wheel fires the connection's
 * timer, not at exactly close + 120 s. ip_vs_conn.c `__ip_vs_conn_put_timer`
 * arms `mod_timer(&cp->timer, jiffies + 2*60*HZ)`; kernel/time/timer.c
 * `calc_wheel_index` puts delta = 30000 jiffies (HZ = 250) in level 3
 * (LVL_START(3) = 63 << 6 = 4032 ≤ 30000 < LVL_START(4) = 63 << 9 = 32256),
 * and `calc_index` rounds up to that level's granularity, LVL_SHIFT(3) = 9:
 *   bucket_expiry = ((expires >> 9) + 1) << 9,  expires = jiffies(t) + 30000,
 * jiffies(t) = floor(t / 4 ms) (the simulation's t = 0 is a jiffy boundary).
 * So a close at t leaves the inactive count at the first multiple of
 * 512 jiffies = 2.048 s strictly after jiffies(t) + 30000: 120 s < delay ≤
 * 122.048 s, and every close of one 2.048 s window expires at one instant.
 * The expectations below are computed by hand from that formula; the last
 * test checks the policy against a per-connection reference of it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draws, stream, uniformInt } from '../src/engine/rng.js';
import { IpvsLcPolicy } from '../src/routing/policies/ipvs-lc.js';
import { newFlow, policyContext } from '../src/routing/policies/policy.js';

function lc(instances = 1, endpoints = 16, servicePorts = 1) {
  const clock = { now: 0 };
  const p = new IpvsLcPolicy(policyContext({ clock, instances, endpoints, servicePorts, rng: draws(7, 0, 'test', 'tw') }));
  return { p, clock };
}

/** Opens and closes one connection to `id` at `t`. */
function closeAt(x: { p: IpvsLcPolicy; clock: { now: number } }, t: number, id: number, node = 0, svc = 0): void {
  x.clock.now = t;
  x.p.onOpen(node, svc, id);
  x.p.onClose(node, svc, id);
}

// Bucket 62 (expiry 62·512 = 31744 jiffies = 126.976 s) takes the closes whose
// (jiffies + 30000) >> 9 = 61, i.e. jiffies 31232 − 30000 = 1232 … 1743:
// t ∈ [1232·4 ms, 1744·4 ms) = [4.928 s, 6.976 s).
const B62 = 126_976_000_000;
// Bucket 63: jiffies 1744 … 2255, t ∈ [6.976 s, 9.024 s), expiry 63·512 = 32256 jiffies = 129.024 s.
const B63 = 129_024_000_000;

test('a close at t = 0: expires = 30000 jiffies, ((30000 >> 9) + 1) << 9 = 59·512 = 30208 jiffies = 120.832 s', () => {
  const x = lc();
  closeAt(x, 0, 3);
  x.clock.now = 120e9;
  assert.equal(x.p.conns.counts(0, 0, 3), { active: 0, inactive: 1 }, 'still inactive at exactly 120 s');
  x.clock.now = 120_832_000_000 - 1;
  assert.equal(x.p.conns.counts(0, 0, 3), { active: 0, inactive: 1 });
  x.clock.now = 120_832_000_000;
  assert.equal(x.p.conns.counts(0, 0, 3), { active: 0, inactive: 0 });
});

test('many closes in one bucket expire together, as one FIFO entry', () => {
  const x = lc();
  // 1,000 closes spread over bucket 62's window, first and last jiffy included
  closeAt(x, 4_928_000_000, 5); // jiffy 1232, the window's first: waits 122.048 s
  for (let k = 1; k < 999; k++) closeAt(x, 4_928_000_000 + k * 2_048_000, 5);
  closeAt(x, 6_975_999_999, 5); // jiffy 1743, the window's last: waits 120.000000001 s
  assert.is(x.p.conns.pending(0), 1, 'one entry for 1,000 closes');
  x.clock.now = B62 - 1;
  assert.equal(x.p.conns.counts(0, 0, 5), { active: 0, inactive: 1000 });
  x.clock.now = B62;
  assert.equal(x.p.conns.counts(0, 0, 5), { active: 0, inactive: 0 }, 'all 1,000 at 126.976 s');
  assert.is(x.p.conns.pending(0), 0);
});

test('closes in two buckets expire separately', () => {
  const x = lc();
  closeAt(x, 5e9, 2); // bucket 62
  closeAt(x, 6_975_999_999, 2); // bucket 62 (jiffy 1743)
  closeAt(x, 6_976_000_000, 2); // bucket 63 (jiffy 1744): one jiffy later, one bucket later
  closeAt(x, 9e9, 2); // bucket 63 (jiffy 2250)
  assert.is(x.p.conns.pending(0), 2);
  x.clock.now = B62 - 1;
  assert.is(x.p.conns.counts(0, 0, 2).inactive, 4);
  x.clock.now = B62;
  assert.is(x.p.conns.counts(0, 0, 2).inactive, 2);
  x.clock.now = B63 - 1;
  assert.is(x.p.conns.counts(0, 0, 2).inactive, 2);
  x.clock.now = B63;
  assert.is(x.p.conns.counts(0, 0, 2).inactive, 0);
});

test('one bucket: an entry per (Service port, endpoint), all firing at the same instant', () => {
  const x = lc(2, 16, 2);
  const flow = newFlow();
  const ids = Int32Array.from([0, 1, 2, 3]);
  // open the lists of both ports on node 0 (a pick syncs a port's list)
  x.p.pick(0, 0, 0, flow, ids, 0, 4);
  x.p.pick(0, 1, 0, flow, ids, 0, 4);
  for (let k = 0; k < 30; k++) {
    closeAt(x, 5e9 + k * 1e6, k % 3); // svc 0, endpoints 0, 1, 2
    closeAt(x, 5e9 + k * 1e6 + 5e5, 3, 0, 1); // svc 1, endpoint 3
  }
  closeAt(x, 5e9, 1, 1); // node 1 keeps its own FIFO
  assert.is(x.p.conns.pending(0), 4);
  assert.is(x.p.conns.pending(1), 1);
  x.clock.now = B62 - 1;
  for (const e of [0, 1, 2]) assert.is(x.p.conns.counts(0, 0, e).inactive, 10);
  assert.is(x.p.conns.counts(0, 1, 3).inactive, 30);
  x.clock.now = B62;
  for (const e of [0, 1, 2]) assert.is(x.p.conns.counts(0, 0, e).inactive, 0);
  assert.is(x.p.conns.counts(0, 1, 3).inactive, 0);
  assert.is(x.p.conns.counts(1, 0, 1).inactive, 0);
});

test('a close without an open is inactive all the same, and expires with its bucket', () => {
  const x = lc();
  x.clock.now = 5e9;
  x.p.onClose(0, 0, 4);
  x.clock.now = B62 - 1;
  assert.equal(x.p.conns.counts(0, 0, 4), { active: 0, inactive: 1 });
  x.clock.now = B62;
  assert.equal(x.p.conns.counts(0, 0, 4), { active: 0, inactive: 0 });
});

test('matches a per-connection reference of the kernel formula over 200 s of random closes (FIFO growth included)', () => {
  const N = 150; // > 64 endpoints: the node's ring grows while a bucket is filling
  const x = lc(1, N);
  const r = stream(7, 0, 'test', 'tw-history');
  const expiries: number[][] = Array.from({ length: N }, () => []); // reference: one expiry per connection
  const active = new Int32Array(N);
  const jiffy = 4e6;
  const bucketExpiryNs = (t: number) => ((Math.floor((Math.floor(t / jiffy) + 30000) / 512) + 1) * 512) * jiffy;
  let t = 0;
  let maxPending = 0;
  for (let step = 0; step < 60000; step++) {
    t += uniformInt(r, 6_000_000); // up to 6 ms: ~200 s in all
    x.clock.now = t;
    const e = uniformInt(r, N);
    if (active[e]! > 0 && r() < 0.5) {
      x.p.onClose(0, 0, e);
      active[e]!--;
      expiries[e]!.push(bucketExpiryNs(t));
    } else {
      x.p.onOpen(0, 0, e);
      active[e]!++;
    }
    if (step % 97 === 0) {
      const f = uniformInt(r, N);
      const want = expiries[f]!.filter((ex) => ex > t).length;
      assert.equal(x.p.conns.counts(0, 0, f), { active: active[f]!, inactive: want }, `step ${step}, endpoint ${f}`);
      maxPending = Math.max(maxPending, x.p.conns.pending(0));
    }
  }
  // at most one entry per (endpoint, bucket in 122 s) — plus the few a ring growth re-makes
  assert.ok(maxPending <= N * 60 + N, `${maxPending} entries`);
});

test.run();
