import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactShares, kernelThreshold, probabilityString } from '../src/routing/policies/iptables.js';

// What kube-proxy writes (pkg/proxy/iptables/proxier.go: fmt.Sprintf("%0.10f", 1.0/float64(n))).
// 100 … 100001 are the table of kube-proxy's own TestComputeProbability (proxier_test.go).
const KUBE_PROXY_STRINGS: Record<number, string> = {
  1: '1.0000000000',
  2: '0.5000000000',
  3: '0.3333333333',
  4: '0.2500000000',
  5: '0.2000000000',
  6: '0.1666666667',
  7: '0.1428571429',
  8: '0.1250000000',
  9: '0.1111111111',
  10: '0.1000000000',
  11: '0.0909090909',
  12: '0.0833333333',
  100: '0.0100000000',
  1000: '0.0010000000',
  10000: '0.0001000000',
  100000: '0.0000100000',
  100001: '0.0000099999',
  // 1/2048 = 0.00048828125 exactly: a true tie at the 10th decimal. Go rounds
  // it half-to-even (…812); JavaScript's toFixed(10) rounds it up (…813).
  2048: '0.0004882812',
  4096: '0.0002441406',
  30000: '0.0000333333',
  65536: '0.0000152588',
};

test('probability strings are the ones kube-proxy prints, including the exact tie at n = 2048', () => {
  for (const [n, s] of Object.entries(KUBE_PROXY_STRINGS)) assert.is(probabilityString(Number(n)), s, `n = ${n}`);
  assert.is((1 / 2048).toFixed(10), '0.0004882813', 'toFixed would have been wrong here');
});

test('strings strictly decrease from n = 2 to 100,000, as kube-proxy\'s test requires', () => {
  let prev = 0;
  for (let n = 100_000; n > 1; n--) {
    const p = Number(probabilityString(n));
    if (!(p > prev)) assert.unreachable(`n = ${n}: ${p} ≤ ${prev}`);
    prev = p;
  }
});

test('kernel thresholds are lround(2^31 · p) of the parsed string', () => {
  assert.is(kernelThreshold(3), 715827883); // round(2^31 × 0.3333333333)
  assert.is(kernelThreshold(2), 1073741824); // 0.5 is exact
  assert.is(kernelThreshold(1), 2147483648);
  assert.is(kernelThreshold(10), 214748365); // 214748364.8 → up
  // iptables-save prints threshold / 2^31 with %.11f: the well-known 0.33333333349.
  assert.is((kernelThreshold(3) / 0x80000000).toFixed(11), '0.33333333349');
  for (const n of [4, 7, 50, 1000, 99_999]) {
    assert.is(kernelThreshold(n), Math.round(0x80000000 * Number(probabilityString(n))), `n = ${n}`);
  }
});

test('the exact per-endpoint shares under those thresholds sum to 1 and stay within 1e-9 of 1/N', () => {
  for (const n of [1, 2, 3, 7, 10, 50, 250]) {
    const shares = exactShares(n);
    assert.is(shares.length, n);
    const sum = shares.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-12, `n = ${n}: sum ${sum}`);
    for (const s of shares) assert.ok(Math.abs(s - 1 / n) < 1e-9, `n = ${n}: share ${s}`);
  }
});

test.run();
