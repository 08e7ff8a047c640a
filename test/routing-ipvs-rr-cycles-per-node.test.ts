import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stream } from '../src/engine/rng.js';
import { createPolicy } from '../src/routing/policies/index.js';
import { IpvsRrPolicy } from '../src/routing/policies/ipvs-rr.js';

const ids = new Int32Array(16);

test('each (node, service) cycles 0, 1, …, N−1, 0, … from the list head, independently of the others', () => {
  const p = new IpvsRrPolicy(3, 2);
  const seq: Record<string, number[]> = {};
  const pick = (node: number, svc: number, n: number): void => {
    (seq[`${node}/${svc}`] ??= []).push(p.pick(node, svc, ids, 0, n));
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
  assert.is(p.pick(2, 0, ids, 0, 3), 0);
});

test('when the set shrinks below the cursor the next pick wraps to the head; bad input gives -1', () => {
  const p = new IpvsRrPolicy(1, 1);
  assert.equal([0, 1, 2, 3].map(() => p.pick(0, 0, ids, 0, 5)), [0, 1, 2, 3]);
  assert.is(p.pick(0, 0, ids, 0, 3), 0);
  assert.is(p.pick(0, 0, ids, 0, 0), -1);
  assert.is(p.pick(1, 0, ids, 0, 3), -1);
  assert.is(p.pick(0, -1, ids, 0, 3), -1);
});

test('the registry builds every mode, rr is the IPVS default, and unknown names throw', () => {
  const opts = { scheduler: '', nodes: 2, servicePorts: 3, rng: stream(1, 0, 'policy') };
  assert.is(createPolicy('iptables', opts).name, 'iptables');
  assert.is(createPolicy('nftables', opts).name, 'nftables');
  assert.is(createPolicy('ipvs', opts).name, 'ipvs-rr');
  assert.is(createPolicy('ipvs', { ...opts, scheduler: 'rr' }).name, 'ipvs-rr');
  assert.throws(() => createPolicy('ipvs', { ...opts, scheduler: 'lc' }), /not implemented/);
  assert.throws(() => createPolicy('ebpf' as 'ipvs', opts), /unknown proxy mode/);
});

test.run();
