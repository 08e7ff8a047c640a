/**
 * IPVS wrr (ip_vs_wrr.c) run with kube-proxy's weights (all 1): di = 1,
 * mw = 1, so the state machine deals the list out in order like rr — but a
 * set change sends its cursor back to the list head (ip_vs_wrr_dest_changed),
 * where rr keeps its place.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, kernelList, pickId } from './helpers/policies.js';

test('cycles through the node’s list; after a set change it restarts at the head', () => {
  const h = harness('ipvs/wrr', { seed: 4 });
  const s0 = Int32Array.from([0, 1, 2, 3]);
  const got = Array.from({ length: 10 }, () => pickId(h, 0, s0));
  const list = kernelList(h.policy, 0);
  assert.equal(got, got.map((_, k) => list[k % 4]!));
  // cursor now on list[1]; add endpoint 4 (joins at the head) → next pick is the new head
  const s1 = Int32Array.from([0, 1, 2, 3, 4]);
  assert.is(pickId(h, 0, s1, 1), 4);
  assert.is(kernelList(h.policy, 0)[0], 4);
  assert.is(pickId(h, 0, s1, 1), list[0]);
});

test('rr, by contrast, keeps its place across the same change', () => {
  const h = harness('ipvs/rr', { seed: 4 });
  const s0 = Int32Array.from([0, 1, 2, 3]);
  for (let k = 0; k < 10; k++) pickId(h, 0, s0);
  const list = kernelList(h.policy, 0);
  assert.is(pickId(h, 0, Int32Array.from([0, 1, 2, 3, 4]), 1), list[2]);
});

test.run();
