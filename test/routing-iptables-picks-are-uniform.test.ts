import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draws, stream } from '../src/engine/rng.js';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';
import { IptablesPolicy } from '../src/routing/policies/iptables.js';
import { newFlow } from '../src/routing/policies/policy.js';
const FLOW = newFlow();

/**
 * Goodness of fit of 200,000 picks per N to equal shares, Pearson's χ² with
 * N − 1 degrees of freedom. The threshold is χ²(N−1)'s 0.999 quantile
 * (standard tables): a correct picker exceeds it with probability 0.001, so
 * across the four N a correct implementation on a fresh seed would fail at
 * most 0.4 % of the time, while the seed is fixed so the run is reproducible.
 * The kernel quantisation makes the true shares differ from 1/N by < 1e-9,
 * which at 200,000 picks moves χ² by ~1e-8: invisible. A wrong rule is not: the
 * test also shows that using p = 1/N on every rule (a classic mistake) gives a
 * χ² in the thousands.
 */
const PICKS = 200_000;
const chiSquareUniform = (counts: Float64Array): number => chiSquare(counts);

const ids = new Int32Array(16);

for (const n of [2, 3, 7, 10]) {
  test(`iptables picks over ${n} endpoints pass a χ² test at the 0.999 quantile`, () => {
    const policy = new IptablesPolicy(draws(7, 0, 'test-iptables-uniform', n));
    const counts = new Float64Array(n);
    for (let k = 0; k < PICKS; k++) {
      const i = policy.pick(0, 0, 0, FLOW, ids, 0, n);
      counts[i]!++;
    }
    const chi2 = chiSquareUniform(counts);
    console.log(`  N=${n}: χ² = ${chi2.toFixed(2)} (limit ${CHI2_999[n - 1]}), counts ${Array.from(counts).join(' ')}`);
    assert.ok(chi2 < CHI2_999[n - 1]!, `χ² = ${chi2}`);
  });
}

test('the same test rejects the wrong rule "probability 1/N on every rule"', () => {
  const rng = stream(7, 0, 'test-iptables-uniform', 'naive');
  const n = 3;
  const counts = new Float64Array(n);
  for (let k = 0; k < PICKS; k++) {
    let i = 0;
    while (i < n - 1 && rng() >= 1 / n) i++;
    counts[i]!++;
  }
  assert.ok(chiSquareUniform(counts) > 1000);
});

test.run();
