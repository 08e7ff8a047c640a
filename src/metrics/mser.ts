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
  return { truncate: bestD * batch, atLimit: bestD === limit && limit > 0, batch };
}
