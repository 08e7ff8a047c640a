/**
 * IPVS keeps connection counters per node: each node's kernel sees only the
 * connections it scheduled, so node A's connections do not move node B's
 * least-connection pick.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, kernelList, pickId } from './helpers/policies.js';

test('loading node A’s favourite endpoint leaves node B’s lc pick where it was', () => {
  const h = harness('ipvs/lc', { instances: 2, seed: 11 });
  const ids = Int32Array.from([0, 1, 2, 3, 4]);
  const bFirst = pickId(h, 1, ids);
  pickId(h, 0, ids);
  // node A opens 10 connections to node B's choice, and to every other endpoint
  for (const e of ids) for (let k = 0; k < 10; k++) h.policy.onOpen!(0, 0, e);
  assert.is(pickId(h, 1, ids), bFirst, 'node B still sees its own (empty) counts');
  // and node A's own view did change: its pick is still a least-loaded one (all 10), the first in its list
  assert.is(pickId(h, 0, ids), kernelList(h.policy, 0)[0]);
  h.policy.onOpen!(0, 0, kernelList(h.policy, 0)[0]!);
  assert.is(pickId(h, 0, ids), kernelList(h.policy, 0)[1]);
  assert.is(pickId(h, 1, ids), bFirst);
});

test.run();
