/**
 * IPVS lc (ip_vs_lc.c with ip_vs_dest_conn_overhead, include/net/ip_vs.h):
 * the least active·256 + inactive wins, ties go to the first in the node's
 * list order, and a closed connection counts as inactive for TIME_WAIT
 * (120 s, ip_vs_proto_tcp.c, rounded up by the timer wheel to its 2.048 s
 * bucket at HZ = 250: kernel/time/timer.c `calc_index`) and then not at all.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, kernelList, pickId } from './helpers/policies.js';

const ids = Int32Array.from([0, 1, 2]);

test('all idle: the first destination in the node’s list order', () => {
  const h = harness('ipvs/lc');
  const first = pickId(h, 0, ids);
  assert.is(first, kernelList(h.policy, 0)[0]);
  assert.is(pickId(h, 0, ids), first); // nothing opened: still the same one
});

test('overhead is active·256 + inactive: 255 inactive beat 1 active, 256 inactive tie with it', () => {
  const h = harness('ipvs/lc');
  pickId(h, 0, ids);
  const [a, b, c] = kernelList(h.policy, 0) as [number, number, number];
  const p = h.policy;
  // a: 1 active (overhead 256); b: 255 inactive; c: 2 active (512)
  p.onOpen!(0, 0, a);
  for (let k = 0; k < 255; k++) {
    p.onOpen!(0, 0, b);
    p.onClose!(0, 0, b);
  }
  p.onOpen!(0, 0, c);
  p.onOpen!(0, 0, c);
  assert.is(pickId(h, 0, ids), b, '255 < 256');
  p.onOpen!(0, 0, b);
  p.onClose!(0, 0, b); // b: 256 inactive = a's 256: tie → a, first in list
  assert.is(pickId(h, 0, ids), a, 'tie goes to the first in list order');
  p.onClose!(0, 0, a); // a: 0 active, 1 inactive
  assert.is(pickId(h, 0, ids), a);
});

test('a closed connection is inactive until its TIME_WAIT timer-wheel bucket fires, then gone', () => {
  const h = harness('ipvs/lc');
  pickId(h, 0, ids);
  const [a, b, c] = kernelList(h.policy, 0) as [number, number, number];
  const p = h.policy;
  p.onOpen!(0, 0, b);
  p.onOpen!(0, 0, c);
  h.clock.now = 5e9;
  p.onOpen!(0, 0, a);
  p.onClose!(0, 0, a); // a: inactive 1 from t = 5 s, overhead 1 < 256
  assert.is(pickId(h, 0, ids), a);
  // Expiry, by hand (HZ = 250, 1 jiffy = 4 ms, t = 0 a jiffy boundary):
  // jiffies(5 s) = 1250; expires = 1250 + 2*60*250 = 31250 jiffies; delta 30000
  // is wheel level 3 (LVL_START(3) = 4032 ≤ 30000 < LVL_START(4) = 32256),
  // LVL_SHIFT 9: bucket_expiry = ((31250 >> 9) + 1) << 9 = (61 + 1)·512 = 31744
  // jiffies = 126.976 s — not 125 s.
  const expiry = 126_976_000_000;
  h.clock.now = 5e9 + 120e9; // the exact 120 s: still inactive
  p.onOpen!(0, 0, a); // a: 1 active + 1 inactive = 257 > b, c's 256 → b (first of the tie)
  assert.is(pickId(h, 0, ids), b);
  h.clock.now = expiry - 1;
  assert.is(pickId(h, 0, ids), b, 'inactive 1 ns before the bucket fires');
  h.clock.now = expiry; // the bucket fires: a = 256, ties with b, c → a
  assert.is(pickId(h, 0, ids), a);
});

test('picks only ids it was given, and −1 for no candidates', () => {
  const h = harness('ipvs/lc');
  assert.is(h.policy.pick(0, 0, 0, h.flow, ids, 0, 0), -1);
  assert.is(h.policy.pick(3, 0, 0, h.flow, ids, 0, 3), -1);
});

test.run();
