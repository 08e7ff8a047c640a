import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draws, stream } from '../src/engine/rng.js';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';
import { NftablesPolicy, reciprocalScale } from '../src/routing/policies/nftables.js';
import { newFlow } from '../src/routing/policies/policy.js';
const FLOW = newFlow();

/**
 * Same χ² test as for iptables (200,000 picks, 0.999 quantile of χ²(N−1): a
 * correct picker fails with probability 0.001 per N; the seed is fixed). The
 * multiply-shift's own bias is < N / 2^32 per endpoint: invisible here.
 */
const PICKS = 200_000;
const chiSquareUniform = (counts: Float64Array): number => chiSquare(counts);

const ids = new Int32Array(16);

for (const n of [2, 3, 7, 10]) {
  test(`nftables picks over ${n} endpoints pass a χ² test at the 0.999 quantile`, () => {
    const policy = new NftablesPolicy(draws(8, 0, 'test-nftables-uniform', n));
    const counts = new Float64Array(n);
    for (let k = 0; k < PICKS; k++) counts[policy.pick(0, 0, 0, FLOW, ids, 0, n)]!++;
    const chi2 = chiSquareUniform(counts);
    console.log(`  N=${n}: χ² = ${chi2.toFixed(2)} (limit ${CHI2_999[n - 1]})`);
    assert.ok(chi2 < CHI2_999[n - 1]!, `χ² = ${chi2}`);
  });
}

test('the index is reciprocal_scale(u32, N) = (u64(u32) · N) >> 32, exactly, for any N < 2^32', () => {
  const rng = stream(8, 0, 'test-nftables-uniform', 'exact');
  for (let k = 0; k < 20_000; k++) {
    const u = rng.int32() >>> 0;
    const n = k % 2 === 0 ? 1 + Math.floor(rng() * 1000) : 1 + (rng.int32() >>> 0) % 0xffffffff;
    const want = Number((BigInt(u) * BigInt(n)) >> 32n);
    if (reciprocalScale(u, n) !== want) assert.unreachable(`u=${u} n=${n}: ${reciprocalScale(u, n)} ≠ ${want}`);
  }
  assert.is(reciprocalScale(0xffffffff, 3), 2);
  assert.is(reciprocalScale(0, 3), 0);
  assert.is(reciprocalScale(0x55555555, 3), 0); // ⌊(2^32/3 − 1/3)·3 / 2^32⌋
  assert.is(reciprocalScale(0x55555556, 3), 1);
});

test('no endpoints give -1', () => {
  assert.is(new NftablesPolicy(draws(8, 0, 'x')).pick(0, 0, 0, FLOW, ids, 0, 0), -1);
});

test.run();
