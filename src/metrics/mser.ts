/**
 * MSER-m: where to truncate an output series so that its initial transient
 * does not bias the mean (White 1997; "MSER-5" in Hoad, Robinson & Davies
 * 2010, who found it the best of 42 warm-up rules). The series is grouped into
 * batches of m consecutive values; for each candidate truncation d (in
 * batches, d ≤ half of them) the statistic is
 *
 *   MSER(d) = Σ_{i>d} (Y_i − Ȳ_d)² / (n − d)²
 *
 * (the squared standard error of the truncated mean, up to a factor), and the
 * truncation is the d that minimises it. A truncation at the limit n/2 says
 * the series is too short to tell (still transient at half its length).
 */

export interface MserResult {
  /** Observations to drop (a multiple of the batch size). */
  readonly truncate: number;
  /**
   * How far the dropped batches' mean lies from the kept ones', in standard
   * errors (batch means' standard deviation over the kept part): MSER picks a
   * truncation even in a stationary series (noise has a minimum too), so a
   * caller that warns should ask for a clear difference (e.g. > 3).
   */
  readonly z: number;
  /** The batch means MSER ran on (for `separation` over another range). */
  readonly means: Float64Array;
  /** The minimum is at the search limit (n/2 batches): the run may be too short to reach steady state. */
  readonly atLimit: boolean;
  readonly batch: number;
}

/**
 * MSER with batches of `batch` values over `y` (NaN values are skipped into
 * the batch they fall in; an all-NaN batch repeats the previous one). null
 * when there are fewer than 4 batches.
 */
export function mser(y: ArrayLike<number>, batch = 5): MserResult | null {
  const n = Math.floor(y.length / batch);
  if (n < 4) return null;
  const b = new Float64Array(n);
  let prev = NaN;
  for (let i = 0; i < n; i++) {
    let s = 0;
    let c = 0;
    for (let j = i * batch; j < (i + 1) * batch; j++) {
      const v = y[j]!;
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    b[i] = c > 0 ? s / c : prev;
    prev = b[i]!;
  }
  // leading all-NaN batches take the first value seen
  const first = b.findIndex((v) => !Number.isNaN(v));
  if (first < 0) return null;
  for (let i = 0; i < first; i++) b[i] = b[first]!;
  // suffix sums give every MSER(d) in one pass
  let best = Infinity;
  let bestD = 0;
  let s1 = 0;
  let s2 = 0;
  const limit = Math.floor(n / 2);
  for (let d = n - 1; d >= 0; d--) {
    s1 += b[d]!;
    s2 += b[d]! * b[d]!;
    if (d > limit) continue;
    const k = n - d;
    const m = s1 / k;
    const stat = Math.max(0, s2 - k * m * m) / (k * k);
    if (stat <= best) {
      best = stat;
      bestD = d;
    }
  }
  return { truncate: bestD * batch, atLimit: bestD === limit && limit > 0, batch, z: separation(b, 0, bestD), means: b };
}

/** |mean(b[from, to)) − mean(b[to, n))| in standard errors of that difference (the kept batches' spread). */
export function separation(b: ArrayLike<number>, from: number, to: number): number {
  const n = b.length;
  const k1 = to - from;
  const k2 = n - to;
  if (k1 <= 0 || k2 < 2) return 0;
  let m1 = 0;
  for (let i = from; i < to; i++) m1 += b[i]!;
  m1 /= k1;
  let m2 = 0;
  for (let i = to; i < n; i++) m2 += b[i]!;
  m2 /= k2;
  let ss = 0;
  for (let i = to; i < n; i++) ss += (b[i]! - m2) ** 2;
  const sd = Math.sqrt(ss / (k2 - 1));
  const se = sd * Math.sqrt(1 / k1 + 1 / k2);
  return se > 0 ? Math.abs(m1 - m2) / se : m1 === m2 ? 0 : Infinity;
}

/** The least shift between the transient batches and the rest worth a warning. */
const MIN_RELATIVE_SHIFT = 0.05;

export interface WarmupAdvice {
  /** Where MSER-5 puts the end of the start-up transient, ns from t=0. */
  readonly settleNs: number;
  /** Still transient at half the series: the run is too short to tell how long warm-up must be. */
  readonly atLimit: boolean;
}

/**
 * Whether `warmupNs` looks too short, from a per-interval series `y` (one
 * value per interval of `widthNs` from t=0, warmup included — e.g. the mean
 * over runs of each interval's p50): MSER-5's truncation point falls after
 * the warm-up AND the measured batches before it differ from the rest by
 * more than 3 standard errors (MSER alone also truncates stationary noise)
 * and by at least 5 % (a steady, precise series — one long run at light load —
 * differs by fractions of a percent, significant but harmless).
 * null when the warm-up looks long enough or the series is too short (fewer
 * than 4 batches of 5).
 */
export function warmupAdvice(y: ArrayLike<number>, widthNs: number, warmupNs: number): WarmupAdvice | null {
  const r = mser(y, 5);
  if (r === null) return null;
  const settleNs = r.truncate * widthNs;
  if (settleNs <= warmupNs) return null;
  const to = r.truncate / r.batch;
  const from = Math.min(to, Math.ceil(warmupNs / (r.batch * widthNs)));
  if (separation(r.means, from, to) < 3) return null;
  // and by enough to matter: the interval p50s have 2 significant digits, and a steady series may drift by a percent
  let m1 = 0;
  for (let i = from; i < to; i++) m1 += r.means[i]!;
  m1 /= Math.max(1, to - from);
  let m2 = 0;
  for (let i = to; i < r.means.length; i++) m2 += r.means[i]!;
  m2 /= Math.max(1, r.means.length - to);
  if (!(Math.abs(m1 - m2) >= MIN_RELATIVE_SHIFT * Math.abs(m2))) return null;
  return { settleNs, atLimit: r.atLimit };
}
