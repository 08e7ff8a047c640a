/**
 * Envoy least request (least_request_lb.cc unweightedHostPickNChoices,
 * choice_count 2): two uniform draws WITH replacement, the second replaces
 * the first only with strictly fewer active requests. For 5 hosts with
 * active requests [2, 0, 1, 0, 3] the exact pick probabilities follow by
 * enumerating the 25 equally likely draw pairs; 50,000 picks must fit them
 * (chi-square, 4 df, below the 0.999 quantile 18.47: a correct sampler fails
 * 1 time in 1,000, never at this fixed seed) and must NOT fit the
 * without-replacement variant (which never picks the busiest host).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';
import { harness, pickId } from './helpers/policies.js';

const ACTIVE = [2, 0, 1, 0, 3];
const N = ACTIVE.length;

function exact(withReplacement: boolean): number[] {
  const p = new Array<number>(N).fill(0);
  let pairs = 0;
  for (let x1 = 0; x1 < N; x1++) {
    for (let x2 = 0; x2 < N; x2++) {
      if (!withReplacement && x1 === x2) continue;
      pairs++;
      p[ACTIVE[x2]! < ACTIVE[x1]! ? x2 : x1]!++;
    }
  }
  return p.map((c) => c / pairs);
}

test('pick shares match two draws with replacement, strict less-than, first kept on ties', () => {
  const h = harness('mesh/least-request', { endpoints: N, seed: 21 });
  const ids = Int32Array.from({ length: N }, (_, i) => i);
  ACTIVE.forEach((a, e) => {
    for (let k = 0; k < a; k++) h.policy.onOpen!(0, 0, e);
  });
  const counts = new Array<number>(N).fill(0);
  for (let k = 0; k < 50000; k++) counts[pickId(h, 0, ids)]!++;
  const withR = exact(true);
  assert.equal(withR.map((x) => x * 25), [3, 8, 5, 8, 1]); // hand check of the enumeration
  const chi2 = chiSquare(counts, withR);
  assert.ok(chi2 < CHI2_999[4]!, `counts ${counts} vs ${withR} (chi2 ${chi2})`);
  const without = exact(false).map((x) => Math.max(x, 1e-9));
  assert.ok(chiSquare(counts, without) > CHI2_999[4]!, 'the without-replacement variant would fit too');
});

test('closing requests moves the pick back: a host with fewer active requests wins its comparisons', () => {
  const h = harness('mesh/least-request', { endpoints: 2, seed: 22 });
  const ids = Int32Array.from([0, 1]);
  for (let k = 0; k < 3; k++) h.policy.onOpen!(0, 0, 0);
  // host 0 busy: it is picked only when both draws are 0 (1/4)
  let zero = 0;
  for (let k = 0; k < 4000; k++) if (pickId(h, 0, ids) === 0) zero++;
  assert.ok(Math.abs(zero / 4000 - 0.25) < 0.03, `${zero}`); // sd 0.0068: 0.03 is > 4 sd
  for (let k = 0; k < 3; k++) h.policy.onClose!(0, 0, 0);
  zero = 0;
  for (let k = 0; k < 4000; k++) if (pickId(h, 0, ids) === 0) zero++;
  assert.ok(Math.abs(zero / 4000 - 0.5) < 0.03, `${zero}`); // equal: the first draw decides
});

test('each client proxy has its own counts', () => {
  const h = harness('mesh/least-request', { instances: 2, endpoints: 2, seed: 23 });
  const ids = Int32Array.from([0, 1]);
  for (let k = 0; k < 5; k++) h.policy.onOpen!(0, 0, 0);
  let zero = 0;
  for (let k = 0; k < 4000; k++) if (pickId(h, 1, ids) === 0) zero++;
  assert.ok(Math.abs(zero / 4000 - 0.5) < 0.03, `client 1 saw client 0's requests: ${zero}`);
});

test.run();
