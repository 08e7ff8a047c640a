import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RandomSource } from '../src/engine/rng.js';
import { IptablesPolicy, cdfFor, exactShares, kernelThreshold, walkRules } from '../src/routing/policies/iptables.js';
import { draws, stream } from '../src/engine/rng.js';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';
import { newFlow } from '../src/routing/policies/policy.js';
const FLOW = newFlow();

/** A stream whose int32() returns the given values in turn (then throws: the test drew too many). */
function scripted(values: number[]): RandomSource & { drawn: number } {
  let i = 0;
  const rng = {
    drawn: 0,
    next(): number {
      throw new Error('next() not expected; the kernel draws 32-bit integers');
    },
    double(): number {
      throw new Error('double() not expected; the kernel draws 32-bit integers');
    },
    int32(): number {
      const v = values[i++];
      if (v === undefined) throw new Error('drew more numbers than rules evaluated');
      rng.drawn = i;
      return v | 0;
    },
  };
  return rng;
}

const ids = new Int32Array(16);

test('rule i matches when (u32 & 0x7FFFFFFF) < threshold(N − i), one draw per rule, last rule unconditional', () => {
  const t3 = kernelThreshold(3);
  const t2 = kernelThreshold(2);
  // Just below the first threshold: endpoint 0, one draw.
  let rng = scripted([t3 - 1]);
  assert.is(walkRules(rng, 3), 0);
  assert.is(rng.drawn, 1);
  // Equal to it: no match (strict <); then below 0.5's threshold: endpoint 1.
  rng = scripted([t3, t2 - 1]);
  assert.is(walkRules(rng, 3), 1);
  assert.is(rng.drawn, 2);
  // The top bit is masked off: 0x80000000 | (t3 − 1) still matches rule 0.
  rng = scripted([0x80000000 | (t3 - 1)]);
  assert.is(walkRules(rng, 3), 0);
  // Both statistic rules miss: the last rule takes it without a draw.
  rng = scripted([0x7fffffff, t2]);
  assert.is(walkRules(rng, 3), 2);
  assert.is(rng.drawn, 2);
});

test('one endpoint needs no draw and no endpoints give -1, in the walk and in the policy', () => {
  const rng = scripted([]);
  const p = new IptablesPolicy(rng);
  assert.is(p.pick(0, 0, 0, FLOW, ids, 0, 1), 0);
  assert.is(p.pick(0, 0, 0, FLOW, ids, 0, 0), -1);
  assert.is(walkRules(rng, 1), 0);
  assert.is(rng.drawn, 0);
});

/** A stream whose double() returns the given values in turn. */
function scriptedDouble(values: number[]): RandomSource {
  let i = 0;
  const fail = (): number => {
    throw new Error('the policy draws 53-bit doubles');
  };
  return {
    next: fail,
    int32: fail,
    double(): number {
      const v = values[i++];
      if (v === undefined) throw new Error('drew more than one number for one pick');
      return v;
    },
  };
}

test('the policy picks by the walk\'s exact cumulative distribution: each boundary lands where the shares say', () => {
  for (const n of [2, 3, 7, 50, 1000]) {
    // independent cumulative shares: exactShares computes each threshold from its decimal string
    const shares = exactShares(n);
    let acc = 0;
    const cum = shares.map((x) => (acc += x));
    for (const i of [0, 1, Math.floor(n / 2), n - 2]) {
      if (i > n - 2) continue;
      const below = cum[i]! * (1 - 1e-12);
      const above = cum[i]! * (1 + 1e-12);
      assert.is(new IptablesPolicy(scriptedDouble([below])).pick(0, 0, 0, FLOW, ids, 0, n), i, `n=${n}: just below P(≤ ${i})`);
      assert.is(new IptablesPolicy(scriptedDouble([above])).pick(0, 0, 0, FLOW, ids, 0, n), i + 1, `n=${n}: just above P(≤ ${i})`);
    }
    assert.is(new IptablesPolicy(scriptedDouble([0])).pick(0, 0, 0, FLOW, ids, 0, n), 0);
    assert.is(new IptablesPolicy(scriptedDouble([1 - 2 ** -53])).pick(0, 0, 0, FLOW, ids, 0, n), n - 1);
  }
});

test('the guide-table search finds the smallest i with u < cdf[i] for every u: bucket edges, their neighbours, random draws', () => {
  const r = stream(12, 0, 'test', 'iptables-guide');
  for (const n of [2, 3, 7, 50, 1000, 4097]) {
    const cdf = cdfFor(n);
    const us: number[] = [];
    const next = (x: number, dir: number): number => {
      // the adjacent double (x in (0, 1))
      const b = new Float64Array([x]);
      const v = new BigInt64Array(b.buffer);
      v[0] = v[0]! + BigInt(dir);
      return b[0]!;
    };
    for (let k = 1; k < n; k++) us.push(next(k / n, -1), k / n, next(k / n, 1));
    for (let i = 0; i < n - 1; i++) us.push(next(cdf[i]!, -1), cdf[i]!, next(cdf[i]!, 1));
    for (let j = 0; j < 20_000; j++) us.push(r.double());
    const policy = new IptablesPolicy(scriptedDouble(us));
    for (const u of us) {
      let want = 0;
      while (u >= cdf[want]!) want++;
      const got = policy.pick(0, 0, 0, FLOW, ids, 0, n);
      if (got !== want) assert.unreachable(`n=${n}, u=${u}: picked ${got}, the cdf says ${want}`);
    }
  }
});

test('the one-draw policy and the rule walk agree in distribution (chi-square, 7 endpoints, 300k each)', () => {
  // both samples against the exact shares; 0.999 quantile of chi-square with 6 df = 22.46
  const n = 7;
  const picks = 300_000;
  const exact = exactShares(n);
  const policy = new IptablesPolicy(draws(3, 0, 'test', 'iptables-policy'));
  const walk = draws(3, 0, 'test', 'iptables-walk');
  const a = new Array<number>(n).fill(0);
  const b = new Array<number>(n).fill(0);
  for (let k = 0; k < picks; k++) {
    a[policy.pick(0, 0, 0, FLOW, ids, 0, n)]!++;
    b[walkRules(walk, n)]!++;
  }
  for (const counts of [a, b]) {
    const chi2 = chiSquare(counts, exact);
    assert.ok(chi2 < CHI2_999[6]!, `chi2 ${chi2} for ${counts}`);
  }
});

test('a chain of 5,000 endpoints walks the shared threshold table', () => {
  // Every draw misses until rule 4,998 (k = 2): then 0 < threshold(2).
  const values = new Array<number>(4999).fill(0x7fffffff);
  values[4998] = 0;
  const rng = scripted(values);
  assert.is(walkRules(rng, 5000), 4998);
  assert.is(rng.drawn, 4999);
});

test.run();
