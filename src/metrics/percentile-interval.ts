/**
 * A 95 % interval for a POOLED percentile — the percentile of the runs'
 * merged histogram — with the runs as independent replications.
 *
 * Why not the t-interval of per-run percentiles: a percentile of a short run
 * is biased low (a short run rarely sees the tail), so their mean sits below
 * the pooled value and its interval can miss the truth entirely (M/M/1 at
 * ρ = 0.9, 80 runs of 8 s: the true p99 in none of 5 seeds).
 *
 * Method (test inversion on runs as batches; Woodruff's interval for a
 * quantile of a ratio estimator, as in cluster sampling): the pooled p-quantile
 * q̂ solves C(q) = p·N, where C(q) counts the latencies ≤ q over all runs and N
 * is their number. For a candidate q, each run i gives d_i(q) = c_i(q) − p·n_i
 * (its count ≤ q minus p times its size); the runs are independent and
 * identically distributed, so at the true quantile the d_i have mean ≈ 0
 * whatever the correlation inside a run. The interval is every q whose
 * Student t statistic d̄ / (s_d/√R) (R − 1 degrees of freedom) lies within
 * ±t(0.975, R − 1). q is searched over the buckets of the merged histogram;
 * an end is reported as its bucket's highest equivalent value, as HdrHistogram
 * reports percentiles, so lo ≤ pooled ≤ hi always.
 *
 * Deterministic (no resampling), one pass over the runs, O(R · B) for B
 * non-empty buckets; memory O(B). Coverage measured (README, "Intervals"):
 * near the nominal 95 % for M/M/1 p99 at long runs; at short runs started
 * empty the estimand itself is biased (the pooled p99 of 8 s runs is not the
 * steady-state p99), which no interval over runs can repair — warm-up can.
 */
import { highestValueAtIndex, type LatencyHistogram } from './histogram.js';
import { studentTQuantile } from './stats.js';
import { stream } from '../engine/rng.js';

/** How the statistic's critical values are found: Student t, or a seeded bootstrap-t over the runs. */
export type IntervalCalibration = 'student-t' | 'bootstrap-t';

/** Bootstrap resamples (B + 1 = 2000, so that the 2.5 % and 97.5 % order statistics are exact ranks). */
const RESAMPLES = 1999;
/** Fewer runs than this: Student t critical values instead of the bootstrap's. */
const MIN_BOOTSTRAP_RUNS = 10;

export interface PercentileInterval {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Intervals for the pooled percentiles `percentiles` (0–100) of `merged`,
 * the sum of the runs' histograms. `forEachRun` calls its visitor once per
 * run with that run's counts (the LatencyHistogram layout) and count; runs
 * without a value count too (d_i = 0 for an empty run). Values in ns. null
 * for every percentile with fewer than 2 runs or no latency at all.
 */
export function pooledPercentileIntervals(
  merged: LatencyHistogram,
  runs: number,
  forEachRun: (visit: (counts: ArrayLike<number>, n: number) => void) => void,
  percentiles: readonly number[],
  level = 0.95,
  calibration: IntervalCalibration = 'bootstrap-t',
): (PercentileInterval | null)[] {
  if (runs < 2 || merged.count === 0) return percentiles.map(() => null);
  const idx: number[] = [];
  const cum: number[] = [];
  let total = 0;
  merged.forEachNonZero((_v, c, i) => {
    idx.push(i);
    total += c;
    cum.push(total);
  });
  const B = idx.length;
  const P = percentiles.length;
  const f = percentiles.map((p) => p / 100);
  // Σ_i d_i(q_j)² per (percentile, bucket); Σ_i d_i is C_j − p·N
  const s2 = new Float64Array(P * B);
  // each run's d_i at the pooled estimate's bucket, per percentile (bootstrap-t)
  const at = f.map((p) => {
    let j = 0;
    while (j < B - 1 && cum[j]! < p * total) j++;
    return j;
  });
  const dHat = new Float64Array(P * runs);
  let seen = 0;
  forEachRun((counts, n) => {
    if (seen >= runs) throw new Error(`pooledPercentileIntervals: more than ${runs} runs visited`);
    let c = 0;
    for (let j = 0; j < B; j++) {
      c += counts[idx[j]!]!;
      for (let k = 0; k < P; k++) {
        const d = c - f[k]! * n;
        s2[k * B + j]! += d * d;
        if (j === at[k]) dHat[k * runs + seen] = d;
      }
    }
    seen++;
  });
  if (seen !== runs) throw new Error(`pooledPercentileIntervals: ${runs} runs announced, ${seen} visited`);
  const R = runs;
  const tStudent = studentTQuantile(0.5 + level / 2, R - 1);
  // A bootstrap over fewer than MIN_BOOTSTRAP_RUNS runs has too few distinct resamples to
  // calibrate anything (2 runs: every studentized resample is 0, a zero-width interval): ±t then.
  const student = calibration === 'student-t' || R < MIN_BOOTSTRAP_RUNS;
  return f.map((p, k) => {
    const [tLo, tHi] = student ? [-tStudent, tStudent] : bootstrapT(dHat.subarray(k * R, (k + 1) * R), level, k);
    let lo = -1;
    let hi = -1;
    for (let j = 0; j < B && hi < 0; j++) {
      const sum = cum[j]! - p * total;
      const mean = sum / R;
      const v = Math.max(0, (s2[k * B + j]! - R * mean * mean) / (R - 1));
      const se = Math.sqrt(v / R);
      const T = se > 0 ? mean / se : mean > 0 ? Infinity : mean < 0 ? -Infinity : 0;
      if (lo < 0 && T >= tLo) lo = j;
      if (T >= tHi) hi = j;
    }
    if (hi < 0) hi = B - 1;
    if (lo < 0) lo = hi;
    // within what was recorded, as the pooled percentiles themselves (LatencyHistogram.valuesAtPercentiles)
    const clamp = (v: number) => Math.min(merged.max, Math.max(merged.min, v));
    return { lo: clamp(highestValueAtIndex(idx[lo]!)), hi: clamp(highestValueAtIndex(idx[hi]!)) };
  });
}

/**
 * Critical values of the studentized statistic from a bootstrap over the runs
 * (Efron's bootstrap-t; Hall 1992 §3.5): resample the runs' d_i at the pooled
 * estimate with replacement, T* = (d̄* − d̄) ÷ (s* ÷ √R), and take T*'s
 * (1 − level)/2 and (1 + level)/2 quantiles instead of ±t. This follows the
 * skew of d_i — the exceedances of a high percentile come in bursts (busy
 * periods), so with few runs ±t is too narrow on one side. Seeded and the
 * same for every call: deterministic. Clamped so that 0 stays inside.
 */
function bootstrapT(d: Float64Array, level: number, k: number): [number, number] {
  const R = d.length;
  let mean = 0;
  for (let i = 0; i < R; i++) mean += d[i]!;
  mean /= R;
  const rng = stream(0, 0, 'percentile-interval/bootstrap-t', k);
  const ts = new Float64Array(RESAMPLES);
  let m = 0;
  for (let b = 0; b < RESAMPLES; b++) {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < R; i++) {
      const x = d[Math.floor(rng() * R)]!;
      s += x;
      ss += x * x;
    }
    const mb = s / R;
    const v = Math.max(0, (ss - R * mb * mb) / (R - 1));
    if (v === 0) continue; // every draw the same run's value: no studentized value
    ts[m++] = (mb - mean) / Math.sqrt(v / R);
  }
  if (m < 100) {
    const t = studentTQuantile(0.5 + level / 2, R - 1);
    return [-t, t];
  }
  const sorted = ts.subarray(0, m).sort();
  const lo = sorted[Math.max(0, Math.floor(((1 - level) / 2) * (m + 1)) - 1)]!;
  const hi = sorted[Math.min(m - 1, Math.ceil(((1 + level) / 2) * (m + 1)) - 1)]!;
  return [Math.min(lo, 0), Math.max(hi, 0)];
}
