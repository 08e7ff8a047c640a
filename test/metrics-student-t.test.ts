/**
 * studentTQuantile against closed forms (relative error < 1e-9 required,
 * the brief asks < 1e-6; the closed forms are exact up to float64 rounding)
 * and against the printed t table (4 decimals, so |error| ≤ 5e-5, half the
 * last printed digit).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { confidenceInterval95, mean, stddev, studentTQuantile } from '../src/metrics/stats.js';

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);
}

test('two-sided 95 % quantiles match the t table to its 4 printed decimals', () => {
  const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [4, 2.7764], [9, 2.2622], [29, 2.0452], [100, 1.984], [1e9, 1.96]];
  for (const [df, t] of table) close(studentTQuantile(0.975, df), t, 5e-5, `df ${df}`);
  close(studentTQuantile(0.975, 1e9), 1.95996, 5e-6, 'df 1e9 (5-decimal table)');
});

test('quantiles match closed forms for df 1, 2 and 4 and the normal limit to 1e-9 relative', () => {
  for (const p of [0.6, 0.9, 0.975, 0.995, 0.9999]) {
    const df1 = Math.tan(Math.PI * (p - 0.5));
    const df2 = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
    const alpha = 4 * p * (1 - p);
    const q = Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha);
    const df4 = 2 * Math.sqrt(q - 1);
    close(studentTQuantile(p, 1), df1, 1e-9 * df1, `df 1, p ${p}`);
    close(studentTQuantile(p, 2), df2, 1e-9 * df2, `df 2, p ${p}`);
    close(studentTQuantile(p, 4), df4, 1e-9 * df4, `df 4, p ${p}`);
  }
  // Φ⁻¹(0.975) = 1.959963984540054 (to 16 digits); df 1e9 differs from it by ~1e-9.
  close(studentTQuantile(0.975, 1e9), 1.959963984540054, 1e-8, 'df 1e9');
});

test('quantiles are antisymmetric around the median and monotone in df', () => {
  assert.is(studentTQuantile(0.5, 7), 0);
  assert.is(studentTQuantile(0.025, 7), -studentTQuantile(0.975, 7));
  let prev = Infinity;
  for (const df of [1, 2, 3, 5, 10, 30, 999, 1000, 1001, 1e6]) {
    const t = studentTQuantile(0.975, df);
    assert.ok(t < prev, `df ${df}: ${t} not below ${prev}`);
    prev = t;
  }
});

test('misuse throws', () => {
  assert.throws(() => studentTQuantile(0.975, 0));
  assert.throws(() => studentTQuantile(1.5, 3));
  assert.throws(() => mean([]));
  assert.throws(() => confidenceInterval95([]));
});

test('the confidence interval of one or of equal values collapses onto them', () => {
  assert.equal(confidenceInterval95([4.2]), { mean: 4.2, lo: 4.2, hi: 4.2 });
  assert.equal(confidenceInterval95([0.1, 0.1, 0.1]), { mean: 0.1, lo: 0.1, hi: 0.1 });
  assert.is(stddev([3]), 0);
});

test('the confidence interval of three values uses t(0.975, 2)', () => {
  // mean 2, s = 1, half-width = 4.3027 · 1/√3 = 2.48417 (table t; ± 5e-5/√3 from its rounding).
  const ci = confidenceInterval95([1, 2, 3]);
  assert.is(ci.mean, 2);
  close(ci.hi - ci.mean, 2.48417, 3e-5 + 5e-6, 'half-width');
  close(ci.mean - ci.lo, 2.48417, 3e-5 + 5e-6, 'half-width');
});

test.run();
