import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stream } from '../src/engine/rng.js';
import { createPolicy } from '../src/routing/policies/index.js';
import { IpvsRrPolicy } from '../src/routing/policies/ipvs-rr.js';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';
import { newFlow, policyContext } from '../src/routing/policies/policy.js';
import { MODES, policyName } from '../src/routing/modes.js';
const FLOW = newFlow();

const ids = new Int32Array(16);

test('each (node, service) cycles 0, 1, …, N−1, 0, … from the list head, independently of the others', () => {
  const p = new IpvsRrPolicy(3, 2);
  const seq: Record<string, number[]> = {};
  const pick = (node: number, svc: number, n: number): void => {
    (seq[`${node}/${svc}`] ??= []).push(p.pick(node, svc, 0, FLOW, ids, 0, n));
  };
  // Interleave nodes and services; each must see its own cycle.
  for (let k = 0; k < 7; k++) {
    pick(0, 0, 3);
    if (k % 2 === 0) pick(1, 0, 3);
    if (k < 3) pick(2, 1, 4);
    pick(0, 1, 2);
  }
  assert.equal(seq['0/0'], [0, 1, 2, 0, 1, 2, 0]);
  assert.equal(seq['1/0'], [0, 1, 2, 0]);
  assert.equal(seq['2/1'], [0, 1, 2]);
  assert.equal(seq['0/1'], [0, 1, 0, 1, 0, 1, 0]);
  // Node 2 / service 0 was never used: its first pick is still the head.
  assert.is(p.pick(2, 0, 0, FLOW, ids, 0, 3), 0);
});

test('when the set shrinks below the cursor the next pick wraps to the head; bad input gives -1', () => {
  const p = new IpvsRrPolicy(1, 1);
  assert.equal([0, 1, 2, 3].map(() => p.pick(0, 0, 0, FLOW, ids, 0, 5)), [0, 1, 2, 3]);
  assert.is(p.pick(0, 0, 0, FLOW, ids, 0, 3), 0);
  assert.is(p.pick(0, 0, 0, FLOW, ids, 0, 0), -1);
  assert.is(p.pick(1, 0, 0, FLOW, ids, 0, 3), -1);
  assert.is(p.pick(0, -1, 0, FLOW, ids, 0, 3), -1);
});

test('from a steady state, each (node, service) starts at a random index and then cycles in order', () => {
  // 2,000 nodes, 10 endpoints: the first picks are uniform over the endpoints
  // (chi-square over 10 bins, 0.999 quantile with 9 df = 27.88), and every
  // node's next picks follow its own first one in cyclic order.
  const nodes = 2000;
  const p = new IpvsRrPolicy(nodes, 1, stream(9, 0, 'policy', 'ipvs'));
  const first = new Array<number>(10).fill(0);
  for (let n = 0; n < nodes; n++) {
    const a = p.pick(n, 0, 0, FLOW, ids, 0, 10);
    first[a]!++;
    assert.equal([1, 2, 3].map(() => p.pick(n, 0, 0, FLOW, ids, 0, 10)), [(a + 1) % 10, (a + 2) % 10, (a + 3) % 10]);
  }
  const chi2 = chiSquare(first);
  assert.ok(chi2 < CHI2_999[9]!, `first picks not uniform: ${first} (chi2 ${chi2})`);
});

test('the registry builds every built policy by name, and an unknown name throws', () => {
  const ctx = policyContext({ instances: 2, servicePorts: 3, rng: stream(1, 0, 'policy') });
  assert.is(createPolicy('iptables', ctx).name, 'iptables');
  assert.is(createPolicy('nftables', ctx).name, 'nftables');
  assert.is(createPolicy(policyName('ipvs', MODES.ipvs.variant.default), ctx).name, 'ipvs/rr');
  assert.throws(() => createPolicy('ipvs/no-such', ctx), /not built/);
});

test.run();
