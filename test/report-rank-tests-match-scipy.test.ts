/**
 * Mann–Whitney U and Wilcoxon signed-rank p-values against scipy.stats.
 * The first value of each test is the example printed in scipy's own
 * documentation (the `Examples` section of scipy.stats.mannwhitneyu and
 * scipy.stats.wilcoxon, scipy 1.17 — the same numbers as in their source
 * docstrings); the tie and zero cases were computed with scipy 1.17.1 and are
 * labelled so. Exact p-values are rationals computed by counting, so they
 * must agree to 1e-12; normal approximations to 1e-9 (the erfc here is good
 * to ~1e-15; scipy's to the same order).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mannWhitneyU, normalSf, rankWithTies, wilcoxonSignedRank } from '../src/report/rank-tests.js';

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);
}

test('Mann–Whitney: scipy docs example (diabetes ages), exact and asymptotic', () => {
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];
  const exact = mannWhitneyU(males, females);
  assert.is(exact.method, 'exact');
  assert.is(exact.statistic, 17);
  close(exact.p, 0.1111111111111111, 1e-12, 'exact p');
  const asym = mannWhitneyU(males, females, 'asymptotic');
  close(asym.p, 0.11134688653314041, 1e-9, 'asymptotic p (continuity-corrected)');
  // U of the other sample is nx·ny − U1, and the two-sided p does not depend on the order
  const swapped = mannWhitneyU(females, males);
  assert.is(swapped.statistic, 3);
  close(swapped.p, exact.p, 1e-15, 'p with the samples swapped');
});

test('Mann–Whitney: larger samples and ties (values computed with scipy 1.17.1)', () => {
  const x = [19, 22, 16, 29, 24, 31, 40, 18, 27, 33];
  const y = [20, 11, 17, 12, 25, 14, 21, 26, 15, 13, 23];
  const e = mannWhitneyU(x, y, 'exact');
  assert.is(e.statistic, 89);
  close(e.p, 0.015871125778246523, 1e-12, '10 vs 11 exact');
  close(mannWhitneyU(x, y, 'asymptotic').p, 0.01832430775151698, 1e-9, '10 vs 11 asymptotic');
  // ties: auto must switch to the tie-corrected normal approximation
  const t = mannWhitneyU([1, 2, 2, 3, 4, 5, 5, 6], [2, 3, 3, 4, 7, 8, 8, 9, 10]);
  assert.is(t.method, 'asymptotic');
  assert.is(t.statistic, 18.5);
  close(t.p, 0.09956538596930126, 1e-9, 'tied samples');
  // identical samples: no evidence at all
  assert.is(mannWhitneyU([3, 3, 3], [3, 3, 3]).p, 1);
});

test('Wilcoxon signed-rank: scipy docs example (Darwin’s corn heights), exact and asymptotic', () => {
  const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
  const exact = wilcoxonSignedRank(d);
  assert.is(exact.method, 'exact');
  assert.is(exact.statistic, 24);
  close(exact.p, 0.041259765625, 1e-12, 'exact p');
  close(wilcoxonSignedRank(d, undefined, 'asymptotic').p, 0.04088813291185591, 1e-9, 'asymptotic p');
  // as pairs x − y instead of differences: the same test
  const y = d.map((v, i) => 100 + i);
  const x = d.map((v, i) => 100 + i + v);
  close(wilcoxonSignedRank(x, y).p, exact.p, 1e-15, 'paired form');
});

test('Wilcoxon signed-rank: zeros dropped, ties corrected, all-one-sided (values computed with scipy 1.17.1)', () => {
  const withZeros = wilcoxonSignedRank([3, -1, 0, 2, 2, 5, -2, 4, 0, 6, 7, 3]);
  assert.is(withZeros.method, 'asymptotic');
  assert.equal(withZeros.n, [10, 2]);
  assert.is(withZeros.statistic, 4);
  close(withZeros.p, 0.0162542088976566, 1e-9, 'zeros and ties');
  // ten runs all better: 2 / 2^10
  close(wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).p, 0.001953125, 1e-15, 'ten positive');
  close(wilcoxonSignedRank([1, 2, 3, -4, 5, 6, 7, 8, 9, 10, 11, 12]).p, 0.00341796875, 1e-12, 'one negative of twelve');
  assert.is(wilcoxonSignedRank([0, 0, 0]).p, 1);
});

test('ranks and the normal tail are right where they are easy to check by hand', () => {
  const { ranks, tieTerm } = rankWithTies([10, 20, 20, 5, 20]);
  assert.equal([...ranks], [2, 4, 4, 1, 4]);
  assert.is(tieTerm, 24); // one tie group of 3: 27 − 3
  close(normalSf(1.959963984540054), 0.025, 1e-12, 'P(Z > 1.96)');
  close(normalSf(-1), 0.8413447460685429, 1e-12, 'P(Z > −1)');
  close(normalSf(8), 6.22096057427178e-16, 1e-25, 'P(Z > 8) (far tail)');
});

test.run();
