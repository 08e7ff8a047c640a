/**
 * Envoy round robin (EdfLoadBalancerBase unweighted: hosts[rr_index++ % n],
 * rr_index starting at the LB's random seed_): each client proxy cycles
 * through the hosts in order from its own random start; the starts are
 * uniform over clients; the index is not reset when the host set changes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';
import { harness, pickId } from './helpers/policies.js';

test('consecutive picks of a client are consecutive hosts; first picks uniform over 2,000 clients', () => {
  const clients = 2000;
  const h = harness('mesh/round-robin', { instances: clients, endpoints: 10 });
  const ids = Int32Array.from({ length: 10 }, (_, i) => i);
  const first = new Array<number>(10).fill(0);
  for (let c = 0; c < clients; c++) {
    const a = pickId(h, c, ids);
    first[a]!++;
    assert.equal([1, 2, 3].map(() => pickId(h, c, ids)), [(a + 1) % 10, (a + 2) % 10, (a + 3) % 10]);
  }
  const chi2 = chiSquare(first); // 9 df, 0.999 quantile 27.88
  assert.ok(chi2 < CHI2_999[9]!, `${first} chi2 ${chi2}`);
});

test('a set change keeps the index: back on the first set, the cycle continues where the index is', () => {
  const h = harness('mesh/round-robin', { endpoints: 10, seed: 5 });
  const ten = Int32Array.from({ length: 10 }, (_, i) => i);
  const seven = Int32Array.from({ length: 7 }, (_, i) => i);
  const start = pickId(h, 0, ten); // index i0, i0 mod 10 = start
  const a = pickId(h, 0, seven, 1);
  const b = pickId(h, 0, seven, 1);
  assert.is(b, (a + 1) % 7);
  // 3 picks so far: the next on ten hosts is (i0 + 3) mod 10 — a reset would start anywhere
  assert.is(pickId(h, 0, ten, 2), (start + 3) % 10);
});

test.run();
