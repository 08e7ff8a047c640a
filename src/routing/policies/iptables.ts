/**
 * iptables mode: kube-proxy's `KUBE-SVC-*` chain, exactly as kube-proxy writes
 * it and the kernel runs it.
 *
 * kube-proxy (kubernetes/kubernetes: pkg/proxy/iptables/proxier.go,
 * `computeProbability`, `writeServiceToEndpointRules`): for N endpoints in
 * sorted order, rule i (0-based) of the first N−1 carries
 * `-m statistic --mode random --probability <p>` with
 * p = fmt.Sprintf("%0.10f", 1.0/float64(N−i)); the last rule has no match and
 * always jumps.
 *
 * iptables userspace (iptables: extensions/libxt_statistic.c,
 * `statistic_parse`): the string is read as a double (XTTYPE_DOUBLE, strtod)
 * and stored as `lround(0x80000000 * p)` in a u32.
 *
 * Kernel (linux: net/netfilter/xt_statistic.c, `statistic_mt`): the rule
 * matches when `(prandom_u32() & 0x7FFFFFFF) < probability` — one fresh
 * 32-bit draw per rule evaluated (newer kernels call it get_random_u32()).
 *
 * So rule i fires with probability threshold(N−i) / 2^31, each endpoint ends
 * up with ≈ 1/N (not exactly: the 10-decimal rounding and the 2^-31
 * quantisation both survive — see `exactShares`).
 *
 * Hot path: pick() samples the walk's exact distribution with one 53-bit
 * draw and a guide-table search (Chen & Asau's indexed search: the bucket
 * ⌊u·N⌋ says where to start, ~1 comparison on average, O(1)) over a
 * cumulative table built once per endpoint count — the same index a binary
 * search would find for every u (walkRules keeps the rule-by-rule mechanism;
 * the tests hold the two together). Thresholds depend only on k = N−i and live in one shared table
 * indexed by k, capped at THRESHOLD_TABLE_MAX (more than the 150,000-pod
 * limit). After the first pick with a given N, pick() allocates nothing.
 */
import type { RandomSource } from '../../engine/rng.js';
import type { Flow, Policy } from './policy.js';

/** Largest k kept in the threshold table (2^18 > 150,000 pods). */
export const THRESHOLD_TABLE_MAX = 1 << 18;

const TEN_POW_10 = 10_000_000_000n;

/**
 * The exact value of the double `x` (finite, ≥ 0) times 10^10, rounded to an
 * integer half-to-even: what Go's strconv does for `%0.10f` (bigFtoa →
 * decimal.Round, which rounds an exact tie to even).
 */
function fixed10(x: number): bigint {
  if (x === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  // x = mant · 2^exp exactly.
  if (exp >= 0) return (mant << BigInt(exp)) * TEN_POW_10;
  const den = 1n << BigInt(-exp);
  const num = mant * TEN_POW_10;
  const q = num / den;
  const twiceR = (num - q * den) * 2n;
  if (twiceR > den || (twiceR === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function fixed10ForN(n: number): bigint {
  return fixed10(1.0 / n);
}

/**
 * The `--probability` string kube-proxy writes for the first rule of a chain
 * with n endpoints left: Go's `fmt.Sprintf("%0.10f", 1.0/float64(n))`.
 * probabilityString(3) === "0.3333333333".
 */
export function probabilityString(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`probabilityString: n must be an integer ≥ 1, got ${n}`);
  const q = fixed10ForN(n);
  const whole = q / TEN_POW_10;
  const frac = (q % TEN_POW_10).toString().padStart(10, '0');
  return `${whole}.${frac}`;
}

/**
 * The u32 the kernel compares against for that rule:
 * lround(0x80000000 · strtod(probabilityString(n))).
 * kernelThreshold(3) === 715827883, kernelThreshold(2) === 1073741824.
 */
export function kernelThreshold(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`kernelThreshold: n must be an integer ≥ 1, got ${n}`);
  // q < 2^53 and 1e10 are exact doubles, so q / 1e10 is the correctly rounded
  // double of the decimal string — what strtod returns for it. Scaling by
  // 2^31 is exact; for a positive argument Math.round equals C's lround
  // (both send an exact .5 up, i.e. away from zero).
  const p = Number(fixed10ForN(n)) / 1e10;
  return Math.round(0x80000000 * p);
}

/**
 * Exact share of each endpoint under the kernel's rules, for N endpoints
 * (as doubles; for reports and tests). Allocates.
 */
export function exactShares(n: number): number[] {
  const shares: number[] = [];
  let reach = 1;
  for (let i = 0; i < n - 1; i++) {
    const p = kernelThreshold(n - i) / 0x80000000;
    shares.push(reach * p);
    reach *= 1 - p;
  }
  if (n >= 1) shares.push(reach);
  return shares;
}

/** thresholds[k] = kernelThreshold(k) for 2 ≤ k < thresholds.length (cells 0, 1 unused). */
let thresholds = new Int32Array(0);

/** Grows the shared table to hold k = n; false if n is beyond the cap. */
function ensureThresholds(n: number): boolean {
  if (n < thresholds.length) return true;
  if (n >= THRESHOLD_TABLE_MAX) return false;
  const size = Math.min(THRESHOLD_TABLE_MAX, Math.max(n + 1, thresholds.length * 2, 64));
  const next = new Int32Array(size);
  next.set(thresholds);
  for (let k = Math.max(2, thresholds.length); k < size; k++) next[k] = kernelThreshold(k);
  thresholds = next;
  return true;
}

/**
 * The kernel's own walk of a `KUBE-SVC-*` chain of `count` rules: rule i
 * matches when `(u32 & 0x7FFFFFFF) < threshold(count − i)`, one fresh draw
 * per rule evaluated, the last rule unconditional. This is the mechanism;
 * `IptablesPolicy.pick` samples the same distribution in one draw
 * (test/routing-iptables-rule-matches-like-xt-statistic checks both).
 */
export function walkRules(rng: RandomSource, count: number): number {
  if (!(count >= 1)) return -1;
  const last = count - 1;
  for (let i = 0; i < last; i++) {
    const k = count - i;
    const th = k < thresholds.length || ensureThresholds(k) ? thresholds[k]! : kernelThreshold(k);
    if ((rng.int32() & 0x7fffffff) < th) return i;
  }
  return last;
}

/**
 * Cumulative exact shares per endpoint count: cdf[n][i] = P(endpoint ≤ i)
 * under the kernel's walk (the products of the quantised rule probabilities,
 * `exactShares`); the last entry is 1. Built once per count, shared.
 */
const cdfs: (Float64Array | undefined)[] = [];
/**
 * Guide tables per endpoint count: guide[n][k] = the smallest i with
 * cdf[n][i] > k/n — where a draw u with ⌊u·n⌋ = k starts its search.
 */
const guides: (Int32Array | undefined)[] = [];

function guideFor(n: number): Int32Array {
  let g = guides[n];
  if (g === undefined) {
    const cdf = cdfFor(n);
    g = new Int32Array(n);
    let i = 0;
    for (let k = 0; k < n; k++) {
      while (i < n - 1 && cdf[i]! <= k / n) i++;
      g[k] = i;
    }
    guides[n] = g;
  }
  return g;
}

/** The cumulative table pick() searches for n endpoints (exported for tests). */
export function cdfFor(n: number): Float64Array {
  let cdf = cdfs[n];
  if (cdf === undefined) {
    cdf = new Float64Array(n);
    const cached = ensureThresholds(n);
    // reach = P(the walk gets to rule i); rule i takes threshold(n − i) / 2^31 of it
    let reach = 1;
    for (let i = 0; i < n - 1; i++) {
      const k = n - i;
      const p = (cached ? thresholds[k]! : kernelThreshold(k)) / 0x80000000;
      reach *= 1 - p;
      cdf[i] = 1 - reach;
    }
    cdf[n - 1] = 1; // the last rule is unconditional: whatever reaches it lands there
    cdfs[n] = cdf;
  }
  return cdf;
}

export class IptablesPolicy implements Policy {
  readonly name = 'iptables';
  readonly scope = 'node';
  readonly #rng: RandomSource;

  constructor(rng: RandomSource) {
    this.#rng = rng;
  }

  /** Precomputes the distribution for n endpoints, so the first pick with n allocates nothing. */
  warm(n: number): void {
    if (n >= 2) guideFor(n);
  }

  /**
   * One draw (53 bits) against the exact cumulative distribution of the
   * kernel's rule walk — the same endpoint probabilities as `walkRules` —
   * found from the guide table: the smallest i with u < cdf[i], in O(1) on
   * average instead of up to N − 1 draws.
   */
  pick(_node: number, _svc: number, _set: number, _flow: Flow, _ids: Int32Array, _offset: number, count: number): number {
    if (!(count >= 1)) return -1;
    if (count === 1) return 0; // the only rule is unconditional
    const cdf = cdfs[count] ?? cdfFor(count);
    const guide = guides[count] ?? guideFor(count);
    const u = this.#rng.double();
    let i = guide[(u * count) | 0]!;
    // (u·count is rounded: should it land one bucket high, step back; then forward to the first cdf above u)
    while (i > 0 && u < cdf[i - 1]!) i--;
    while (u >= cdf[i]!) i++;
    return i;
  }
}
