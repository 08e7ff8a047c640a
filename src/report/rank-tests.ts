/**
 * Rank tests for comparing two sets of runs (pure functions, no I/O):
 *
 * - Mann–Whitney U (Wilcoxon rank-sum) for two independent samples, as
 *   benchstat uses it: two-sided; the exact null distribution when there are
 *   no ties and the samples are small, else the normal approximation with the
 *   tie correction and the continuity correction (scipy.stats.mannwhitneyu's
 *   `asymptotic` method, use_continuity=True).
 * - Wilcoxon signed-rank for paired samples (runs that share their random
 *   numbers): two-sided; zero differences dropped (Wilcoxon's own rule,
 *   scipy's zero_method="wilcox"); exact when there are no ties and n ≤ 50,
 *   else the normal approximation with the tie correction and no continuity
 *   correction (scipy.stats.wilcoxon's defaults).
 *
 * The p-values are checked against scipy's documented examples in
 * test/report-rank-tests-match-scipy.test.ts.
 */

/** Average ranks (1-based) of the values, ties sharing their mean rank; also Σ(t³ − t) over tie groups. */
export function rankWithTies(values: readonly number[]): { ranks: Float64Array; tieTerm: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && values[order[j]!]! === values[order[i]!]!) j++;
    const rank = (i + 1 + j) / 2; // mean of ranks i+1 … j
    for (let k = i; k < j; k++) ranks[order[k]!] = rank;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  return { ranks, tieTerm };
}

/**
 * Regularized upper incomplete gamma Q(a, x) (Numerical Recipes §6.2: the
 * series for x < a + 1, else the Lentz continued fraction), ~1e-15 relative.
 */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnFront = a * Math.log(x) - x - lnGammaHalfInt(a);
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 10000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
    }
    return 1 - sum * Math.exp(lnFront);
  }
  const TINY = 1e-300;
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-17) break;
  }
  return Math.exp(lnFront) * h;
}

/** ln Γ(a) for the one argument used here, a = 1/2: ln √π. */
function lnGammaHalfInt(a: number): number {
  if (a !== 0.5) throw new RangeError('only a = 1/2 is needed');
  return 0.5 * Math.log(Math.PI);
}

/** P(Z > z) for a standard normal Z, accurate in the far tail (erfc through Q(1/2, z²/2)). */
export function normalSf(z: number): number {
  if (z === 0) return 0.5;
  const q = 0.5 * gammaQ(0.5, (z * z) / 2); // = P(Z > |z|)
  return z > 0 ? q : 1 - q;
}

export interface TestResult {
  /** The test statistic: U of the first sample, or the signed-rank sum min(W+, W−). */
  readonly statistic: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** How p was computed. */
  readonly method: 'exact' | 'asymptotic';
  /** Sample sizes: (n of x, n of y) for Mann–Whitney; (pairs used, zero differences dropped) for Wilcoxon. */
  readonly n: readonly [number, number];
}

/** Largest nx·ny for which the exact Mann–Whitney distribution is computed (a (nx·ny/2)·nx·ny table at most ~10^6 cells). */
const MW_EXACT_MAX_CELLS = 2500;

/**
 * Number of ways to get each U for samples of sizes m and n (no ties):
 * c(m, n, u) = c(m − 1, n, u − n) + c(m, n − 1, u) (Mann & Whitney 1947),
 * as floats (exact up to 2^53, relative 1e-16 beyond).
 */
function mannWhitneyCounts(m: number, n: number): Float64Array {
  // table over n' = 0..n for the current m', each of length m·n + 1
  const size = m * n + 1;
  let prev: Float64Array[] = [];
  for (let j = 0; j <= n; j++) {
    const row = new Float64Array(size);
    row[0] = 1; // m' = 0: U = 0 only
    prev.push(row);
  }
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [];
    const first = new Float64Array(size);
    first[0] = 1; // n' = 0: U = 0 only
    cur.push(first);
    for (let j = 1; j <= n; j++) {
      const row = new Float64Array(size);
      const a = prev[j]!;
      const b = cur[j - 1]!;
      for (let u = 0; u <= i * j; u++) row[u] = (u >= j ? a[u - j]! : 0) + b[u]!;
      cur.push(row);
    }
    prev = cur;
  }
  return prev[n]!;
}

/**
 * Two-sided Mann–Whitney U test of x against y. U is the statistic of x:
 * the number of pairs (xi, yj) with xi > yj, ties counting ½. `method`
 * defaults to exact when there are no ties and nx·ny ≤ 2500, else the
 * normal approximation. Throws on an empty sample.
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  method: 'auto' | 'exact' | 'asymptotic' = 'auto',
): TestResult {
  const nx = x.length;
  const ny = y.length;
  if (nx === 0 || ny === 0) throw new RangeError('Mann–Whitney U needs two non-empty samples');
  const { ranks, tieTerm } = rankWithTies([...x, ...y]);
  let rx = 0;
  for (let i = 0; i < nx; i++) rx += ranks[i]!;
  const u1 = rx - (nx * (nx + 1)) / 2;
  const u = Math.max(u1, nx * ny - u1); // the larger U: p = 2 P(U ≥ u)
  const useExact = method === 'exact' || (method === 'auto' && tieTerm === 0 && nx * ny <= MW_EXACT_MAX_CELLS);
  if (useExact) {
    const counts = mannWhitneyCounts(nx, ny);
    let total = 0;
    let upper = 0;
    for (let k = 0; k < counts.length; k++) {
      total += counts[k]!;
      if (k >= u) upper += counts[k]!;
    }
    return { statistic: u1, p: Math.min(1, (2 * upper) / total), method: 'exact', n: [nx, ny] };
  }
  const n = nx + ny;
  const mu = (nx * ny) / 2;
  const variance = ((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { statistic: u1, p: 1, method: 'asymptotic', n: [nx, ny] }; // every value equal
  const z = (u - mu - 0.5) / Math.sqrt(variance);
  return { statistic: u1, p: Math.min(1, 2 * normalSf(z)), method: 'asymptotic', n: [nx, ny] };
}

/** Largest number of non-zero pairs for the exact signed-rank distribution (scipy uses the same bound). */
const WILCOXON_EXACT_MAX_N = 50;

/**
 * Two-sided Wilcoxon signed-rank test of the paired differences x[i] − y[i]
 * (or of `x` alone when `y` is omitted). Zero differences are dropped; with
 * none left, p = 1. Exact when no ties remain and n ≤ 50 (or when asked),
 * else the normal approximation with the tie correction.
 */
export function wilcoxonSignedRank(
  x: readonly number[],
  y?: readonly number[],
  method: 'auto' | 'exact' | 'asymptotic' = 'auto',
): TestResult {
  if (y !== undefined && y.length !== x.length) throw new RangeError('Wilcoxon signed-rank needs pairs: samples of equal length');
  const all = y === undefined ? [...x] : x.map((v, i) => v - y[i]!);
  const d = all.filter((v) => v !== 0);
  const n = d.length;
  const zeros = all.length - n;
  if (n === 0) return { statistic: 0, p: 1, method: 'exact', n: [0, zeros] };
  const { ranks, tieTerm } = rankWithTies(d.map(Math.abs));
  let rPlus = 0;
  for (let i = 0; i < n; i++) if (d[i]! > 0) rPlus += ranks[i]!;
  const total = (n * (n + 1)) / 2;
  const t = Math.min(rPlus, total - rPlus);
  const useExact = method === 'exact' || (method === 'auto' && tieTerm === 0 && n <= WILCOXON_EXACT_MAX_N);
  if (useExact) {
    // counts[s] = number of sign assignments whose positive ranks sum to s
    const counts = new Float64Array(total + 1);
    counts[0] = 1;
    for (let k = 1; k <= n; k++) for (let s = (k * (k + 1)) / 2; s >= k; s--) counts[s]! += counts[s - k]!;
    let lower = 0;
    for (let s = 0; s <= Math.floor(t); s++) lower += counts[s]!;
    return { statistic: t, p: Math.min(1, (2 * lower) / 2 ** n), method: 'exact', n: [n, zeros] };
  }
  const mean = total / 2;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  if (variance <= 0) return { statistic: t, p: 1, method: 'asymptotic', n: [n, zeros] };
  const z = (t - mean) / Math.sqrt(variance);
  return { statistic: t, p: Math.min(1, 2 * normalSf(-z)), method: 'asymptotic', n: [n, zeros] };
}
