/**
 * IPVS rr (ip_vs_rr.c): each node's kernel deals destinations out in ITS list
 * order from the head, wrapping; the cursor is a destination, so it survives
 * a set change, and a deleted cursor steps back to its predecessor.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draws, stream } from '../src/engine/rng.js';
import { createPolicy } from '../src/routing/policies/index.js';
import { IpvsRrPolicy } from '../src/routing/policies/ipvs-rr.js';
import { newFlow, policyContext } from '../src/routing/policies/policy.js';
import { MODES, policyName } from '../src/routing/modes.js';

const FLOW = newFlow();

function rr(instances: number, servicePorts: number, seed = 1): IpvsRrPolicy {
  return new IpvsRrPolicy(policyContext({ instances, servicePorts, endpoints: 64, rng: draws(seed, 0, 'policy', 'ipvs') }));
}

/** ids of the candidates a pick sequence chose. */
function picks(p: IpvsRrPolicy, node: number, svc: number, set: number, ids: Int32Array, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(ids[p.pick(node, svc, set, FLOW, ids, 0, ids.length)]!);
  return out;
}

test('each (node, service) cycles through its own list from the head, independently of the others', () => {
  const p = rr(3, 2);
  const a = Int32Array.from([10, 11, 12]);
  const b = Int32Array.from([20, 21, 22, 23]);
  const seq: Record<string, number[]> = {};
  const pick = (node: number, svc: number, ids: Int32Array): void => {
    (seq[`${node}/${svc}`] ??= []).push(ids[p.pick(node, svc, svc, FLOW, ids, 0, ids.length)]!);
  };
  for (let k = 0; k < 7; k++) {
    pick(0, 0, a);
    if (k % 2 === 0) pick(1, 0, a);
    if (k < 4) pick(2, 1, b);
    pick(0, 1, b);
  }
  for (const [key, got] of Object.entries(seq)) {
    const [node, svc] = key.split('/').map(Number) as [number, number];
    const list = Array.from(p.lists.destinations(node, svc)!);
    assert.is(list.length, svc === 0 ? 3 : 4);
    assert.equal(got, got.map((_, k) => list[k % list.length]!), `${key}: ${got} vs list ${list}`);
  }
});

test('the cursor is an endpoint: a set change keeps it, new endpoints join at the head, a removed cursor steps back', () => {
  const p = rr(1, 1, 7);
  const s0 = Int32Array.from([1, 2, 3, 4, 5]);
  const first = picks(p, 0, 0, 0, s0, 2); // cursor on the 2nd destination
  const list0 = Array.from(p.lists.destinations(0, 0)!);
  assert.equal(first, list0.slice(0, 2));
  // Add endpoint 6: it goes to the head; the cursor stays on its endpoint, so
  // the cycle continues with the old list's 3rd, 4th, 5th, then wraps to 6.
  const s1 = Int32Array.from([1, 2, 3, 4, 5, 6]);
  const next = picks(p, 0, 0, 1, s1, 5);
  assert.equal(Array.from(p.lists.destinations(0, 0)!), [6, ...list0]);
  assert.equal(next, [list0[2]!, list0[3]!, list0[4]!, 6, list0[0]!]);
  // Now the cursor is on list0[0]. Remove it: the cursor steps back to its
  // predecessor (6), so the next pick is its successor list0[1].
  const s2 = Int32Array.from([1, 2, 3, 4, 5, 6].filter((id) => id !== list0[0]));
  assert.equal(picks(p, 0, 0, 2, s2, 1), [list0[1]!]);
  assert.equal(Array.from(p.lists.destinations(0, 0)!), [6, ...list0.slice(1)]);
});

test('a removed cursor with no surviving predecessor goes back to the head', () => {
  const p = rr(1, 1, 3);
  const s0 = Int32Array.from([1, 2, 3]);
  const [firstPick] = picks(p, 0, 0, 0, s0, 1); // cursor on list[0]
  const list0 = Array.from(p.lists.destinations(0, 0)!);
  const s1 = Int32Array.from([1, 2, 3].filter((id) => id !== firstPick));
  assert.equal(picks(p, 0, 0, 1, s1, 2), [list0[1]!, list0[2]!]);
});

test('bad input gives -1', () => {
  const p = rr(1, 1);
  const ids = Int32Array.from([1, 2, 3]);
  assert.is(p.pick(0, 0, 0, FLOW, ids, 0, 0), -1);
  assert.is(p.pick(1, 0, 0, FLOW, ids, 0, 3), -1);
  assert.is(p.pick(0, -1, 0, FLOW, ids, 0, 3), -1);
});

test('the registry builds every mode variant the mode registry lists, and an unknown name throws', () => {
  const ctx = policyContext({ instances: 2, servicePorts: 3, endpoints: 4, rng: draws(1, 0, 'policy') });
  for (const [mode, def] of Object.entries(MODES)) {
    const variants = def.variant === null ? [''] : def.variant.values;
    for (const v of variants) {
      const name = policyName(mode as keyof typeof MODES, v);
      const p = createPolicy(name, ctx);
      assert.is(p.name, name);
      assert.is(p.scope, def.scope);
    }
  }
  assert.throws(() => createPolicy('ipvs/no-such', ctx), /not built/);
});

test.run();
