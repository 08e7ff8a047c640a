/**
 * IPVS destination lists: kube-proxy adds real servers in Go map order and
 * the kernel links each at the head (ip_vs_ctl.c list_add), so each node's
 * list is a random permutation of the endpoints; a later sync prepends the
 * added endpoints and keeps the survivors' order.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draws, stream } from '../src/engine/rng.js';
import { IpvsDestLists } from '../src/routing/policies/ipvs-common.js';
import { policyContext } from '../src/routing/policies/policy.js';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';

test('each node holds a permutation of the candidates, the first position uniform over nodes', () => {
  // 3,000 nodes × 10 endpoints: which endpoint heads each node's list is
  // uniform (chi-square, 9 df, 0.999 quantile 27.88 — a correct shuffle fails
  // 1 time in 1,000 at this fixed seed, i.e. never here).
  const nodes = 3000;
  const lists = new IpvsDestLists('test', policyContext({ instances: nodes, servicePorts: 1, endpoints: 10, rng: draws(5, 0, 'policy', 'lists') }));
  const ids = Int32Array.from({ length: 10 }, (_, i) => 100 + i);
  const head = new Array<number>(10).fill(0);
  for (let n = 0; n < nodes; n++) {
    lists.get(n, 0, 0, ids, 0, 10, null);
    const d = Array.from(lists.destinations(n, 0)!);
    assert.equal([...d].sort((a, b) => a - b), Array.from(ids));
    head[d[0]! - 100]!++;
  }
  const chi2 = chiSquare(head);
  assert.ok(chi2 < CHI2_999[9]!, `heads ${head} (chi2 ${chi2})`);
});

test('a later set keeps the survivors in order and puts the added endpoints in front', () => {
  const lists = new IpvsDestLists('test', policyContext({ instances: 1, servicePorts: 1, endpoints: 20, rng: draws(6, 0, 'policy', 'lists') }));
  const s0 = Int32Array.from([1, 2, 3, 4, 5, 6]);
  lists.get(0, 0, 0, s0, 0, s0.length, null);
  const before = Array.from(lists.destinations(0, 0)!);
  const s1 = Int32Array.from([2, 3, 5, 6, 7, 8, 9]); // 1 and 4 gone, 7, 8, 9 new
  const l = lists.get(0, 0, 1, s1, 0, s1.length, null)!;
  const after = Array.from(lists.destinations(0, 0)!);
  assert.equal([...after.slice(0, 3)].sort(), [7, 8, 9]);
  assert.equal(after.slice(3), before.filter((id) => id !== 1 && id !== 4));
  // order[] maps list positions to candidate indexes
  for (let k = 0; k < l.count; k++) assert.is(s1[l.order[k]!], after[k]);
  // the same set again changes nothing
  lists.get(0, 0, 1, s1, 0, s1.length, null);
  assert.equal(Array.from(lists.destinations(0, 0)!), after);
});

test.run();
