/**
 * Pure statistics over per-run values: mean, sample standard deviation,
 * Student t quantiles and 95 % confidence intervals.
 *
 * studentTQuantile inverts the t distribution's CDF, written through the
 * regularized incomplete beta function (Numerical Recipes §6.4: Lanczos
 * log-gamma, modified-Lentz continued fraction), with safeguarded Newton
 * steps to full double precision. Beyond df = 1000 it uses the Cornish–Fisher
 * expansion of t around the normal quantile (Abramowitz & Stegun 26.7.5, four
 * terms; the first omitted term is below 1e-15 there) with Acklam's normal
 * quantile (relative error < 1.15e-9), because log-gamma differences lose
 * digits for huge df. Both give relative error well below 1e-6.
 */

/** Arithmetic mean. Throws on an empty list. */
export function mean(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) throw new RangeError('mean of an empty list');
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  return s / n;
}

/**
 * Sample standard deviation (n − 1 denominator, two-pass). One value gives 0.
 * Throws on an empty list.
 */
export function stddev(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) throw new RangeError('standard deviation of an empty list');
  if (n === 1) return 0;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const EPS = 1e-16;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0, x in [0, 1]. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T > t) for t ≥ 0, T ~ Student t with df degrees of freedom. */
function tUpperTail(t: number, df: number): number {
  return 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

function tDensity(t: number, df: number, lnNorm: number): number {
  return Math.exp(lnNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Acklam's inverse normal CDF (relative error < 1.15e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow || p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(p < pLow ? p : 1 - p));
    const x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    return p < pLow ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Cornish–Fisher expansion of the t quantile around the normal quantile z (A&S 26.7.5). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 / (df * df * df * df);
}

const CORNISH_FISHER_MIN_DF = 1000;

/**
 * The p-quantile of Student's t distribution with df > 0 degrees of freedom
 * (df need not be an integer). A two-sided 95 % interval uses p = 0.975.
 * p = 0 → −Infinity, p = 1 → +Infinity; throws on p outside [0, 1] or df ≤ 0.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0, 1], got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile: df must be > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df >= CORNISH_FISHER_MIN_DF) return cornishFisher(normalQuantile(p), df);

  // Solve P(T > t) = q for t > 0: bracket, then safeguarded Newton.
  const q = 1 - p;
  const lnNorm = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  let lo = 0;
  let hi = 1;
  while (tUpperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  let t = Math.min(Math.max(cornishFisher(normalQuantile(p), df), lo), hi);
  if (!(t > lo && t < hi)) t = (lo + hi) / 2;
  for (let iter = 0; iter < 200; iter++) {
    const f = tUpperTail(t, df) - q; // decreasing in t
    if (f > 0) lo = t;
    else hi = t;
    if (f === 0) return t;
    let next = t + f / tDensity(t, df, lnNorm);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(next)) return next;
    t = next;
  }
  return t;
}

export interface ConfidenceInterval {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Two-sided 95 % confidence interval of the mean over independent runs:
 * mean ± t(0.975, n − 1) · s / √n. One value gives lo = hi = mean; values
 * that are all equal give exactly that value three times. Throws on an
 * empty list; never returns NaN for finite input.
 */
export function confidenceInterval95(values: readonly number[]): ConfidenceInterval {
  const n = values.length;
  if (n === 0) throw new RangeError('confidence interval of an empty list');
  let min = values[0]!;
  let max = min;
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return { mean: min, lo: min, hi: min };
  const m = mean(values);
  const half = (studentTQuantile(0.975, n - 1) * stddev(values)) / Math.sqrt(n);
  return { mean: m, lo: m - half, hi: m + half };
}
