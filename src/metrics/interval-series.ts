/**
 * Per-interval counters and latency percentiles of one run — the rows of
 * timeseries.csv. Interval k covers [k·width, (k+1)·width) from t=0 (warmup
 * included, like a scenario event's `at`); a request counts in the interval
 * of its PLANNED arrival, whenever it ends.
 *
 * Percentiles per interval come from a compact HdrHistogram-layout histogram
 * per interval with 2 significant digits (buckets ≤ 1 % wide; 4,736 uint32
 * counters = 19 KB an interval, against 280 KB for the 3-digit run
 * histogram), so that an hour at 1 s intervals stays near 70 MB.
 *
 * Hot path: `record*` are integer arithmetic on typed arrays, no allocation.
 */
import { ERROR_KINDS, type ErrorKind } from './run-result.js';

/** 2 significant digits: HdrHistogram's sub-bucket count 256 (half 128). */
const SUB_HALF_MAGNITUDE = 7;
const SUB_HALF = 1 << SUB_HALF_MAGNITUDE; // 128
const SUB_MASK = 2 * SUB_HALF - 1; // 255
/** Values up to 2^43 ns, as the run histogram; larger ones are clamped. */
const BUCKETS = 43 - 8 + 1;
export const COMPACT_SLOTS = (BUCKETS + 1) * SUB_HALF; // 4,736
const TOP = 2 ** 43;

/** HdrHistogram counts index of a value ≥ 0 for the 2-digit layout (unit magnitude 0). */
export function compactIndex(v: number): number {
  if (v >= TOP) v = TOP - 1;
  let bucket: number;
  let sub: number;
  if (v < 2 ** 31) {
    const x = v | 0;
    bucket = 24 - Math.clz32(x | SUB_MASK); // floor(log2(x | 255)) − 7
    sub = x >>> bucket;
  } else {
    const hi = Math.floor(v / 2 ** 24);
    bucket = 48 - Math.clz32(hi | SUB_MASK); // v ≥ 2^31 ⇒ hi ≥ 128: bucket = floor(log2 v) − 7
    sub = Math.floor(v / 2 ** bucket);
  }
  return (bucket + 1) * SUB_HALF + (sub - SUB_HALF);
}

/** Highest value equivalent to the index's bucket. */
function highestAtIndex(i: number): number {
  let bucket = (i >> SUB_HALF_MAGNITUDE) - 1;
  let sub = (i & (SUB_HALF - 1)) + SUB_HALF;
  if (bucket < 0) {
    sub -= SUB_HALF;
    bucket = 0;
  }
  return (sub + 1) * 2 ** bucket - 1;
}

/** Error kinds are counted in ERROR_KINDS order (run-result.ts), one slot each. */
const KINDS = ERROR_KINDS.length;

/**
 * Memory: an interval's histogram is taken from a pool when its first success
 * is recorded and returned once the interval is closed — no later arrival
 * can fall in it (arrivals come in time order) and none of its requests is
 * still in flight; its p50/p99 are kept and the counters zeroed. So memory
 * follows the in-flight horizon, not the run's length.
 */
export class IntervalSeries {
  readonly intervals: number;
  readonly widthNs: number;
  readonly requests: Float64Array;
  readonly completed: Float64Array;
  /**
   * Successful responses that reached their clients during interval k (by the
   * response's arrival, not the request's): timeseries.csv's throughput_rps.
   * The simulation increments it directly.
   */
  readonly goodput: Float64Array;
  /** errors[k · ERROR_KINDS.length + kind], kinds in ERROR_KINDS order. */
  readonly errors: Float64Array;
  /** Latency percentiles of each closed interval, ns (NaN: no success). */
  readonly p50: Float64Array;
  readonly p99: Float64Array;
  /**
   * Nodes whose data plane still routes to an endpoint that is gone, at the
   * interval's end (timeseries.csv stale_nodes); the control plane writes it.
   */
  readonly staleNodes: Float64Array;
  /** The Scenario events that fell in each interval, as their `text`, `;`-separated ('' = none). */
  readonly events: string[];
  readonly #inflight: Int32Array;
  readonly #hist: (Uint32Array | null)[];
  readonly #pool: Uint32Array[] = [];
  readonly #closed: Uint8Array;
  /** Lowest and highest bucket touched in each interval: closing scans and clears only that range. */
  readonly #lo: Int32Array;
  readonly #hi: Int32Array;
  /** Interval of the latest arrival; every interval before it is closed to arrivals. */
  #open = 0;

  /** Intervals of `widthNs` covering [0, spanNs). */
  constructor(spanNs: number, widthNs: number) {
    if (!(widthNs > 0)) throw new RangeError(`interval width must be > 0, got ${widthNs}`);
    this.widthNs = widthNs;
    const n = (this.intervals = Math.max(1, Math.ceil(spanNs / widthNs)));
    this.requests = new Float64Array(n);
    this.completed = new Float64Array(n);
    this.goodput = new Float64Array(n);
    this.errors = new Float64Array(n * KINDS);
    this.p50 = new Float64Array(n).fill(NaN);
    this.p99 = new Float64Array(n).fill(NaN);
    this.staleNodes = new Float64Array(n);
    this.events = new Array<string>(n).fill('');
    this.#inflight = new Int32Array(n);
    this.#hist = new Array<Uint32Array | null>(n).fill(null);
    this.#closed = new Uint8Array(n);
    this.#lo = new Int32Array(n).fill(COMPACT_SLOTS);
    this.#hi = new Int32Array(n).fill(-1);
  }

  /**
   * A request planned in interval k arrives. Arrivals come in time order, so
   * every interval before k is now closed to arrivals. (The simulation finds k
   * by moving a boundary forward — comparing doubles in its own frame — and
   * passes only small integers here: V8 boxes a double argument of a call it
   * does not inline.)
   */
  recordArrival(k: number): void {
    while (this.#open < k) this.#maybeClose(this.#open++);
    this.requests[k]!++;
    this.#inflight[k]!++;
  }

  /** A request planned in interval k succeeded after `latencyNs`. */
  recordSuccess(k: number, latencyNs: number): void {
    this.recordSuccessAt(k, compactIndex(latencyNs));
  }

  /**
   * The same with the latency's bucket index (`compactIndex(latencyNs)`): the
   * hot path passes two small integers — V8 boxes a double argument of a call
   * it does not inline.
   */
  recordSuccessAt(k: number, bucket: number): void {
    this.completed[k]!++;
    let h = this.#hist[k]!;
    if (h === null) {
      h = this.#pool.pop() ?? new Uint32Array(COMPACT_SLOTS);
      this.#hist[k] = h;
    }
    h[bucket]!++;
    if (bucket < this.#lo[k]!) this.#lo[k] = bucket;
    if (bucket > this.#hi[k]!) this.#hi[k] = bucket;
    this.#inflight[k]!--;
    if (k < this.#open) this.#maybeClose(k);
  }

  /** A request planned in interval k failed (`kind` = index in ERROR_KINDS). */
  recordError(k: number, kind: number): void {
    this.errors[k * KINDS + kind]!++;
    this.#inflight[k]!--;
    if (k < this.#open) this.#maybeClose(k);
  }

  /** Scenario event `text` happened at `atNs` (an interval of its own is the one holding it; past the end: none). */
  recordEvent(atNs: number, text: string): void {
    const k = Math.floor(atNs / this.widthNs);
    if (k < 0 || k >= this.intervals) return;
    this.events[k] = this.events[k] === '' ? text : `${this.events[k]};${text}`;
  }

  /** The run is over: close every interval. */
  finish(): void {
    for (let k = 0; k < this.intervals; k++) this.#close(k);
  }

  static kindIndex(kind: ErrorKind): number {
    return ERROR_KINDS.indexOf(kind);
  }

  #maybeClose(k: number): void {
    if (this.#inflight[k] === 0) this.#close(k);
  }

  #close(k: number): void {
    if (this.#closed[k] === 1) return;
    this.#closed[k] = 1;
    const h = this.#hist[k]!;
    if (h === null) return;
    // HdrHistogram semantics: the highest equivalent value of the bucket where
    // the count first reaches ceil(p/100 · n); both levels in one pass
    const n = this.completed[k]!;
    const want50 = Math.max(1, Math.ceil(0.5 * n));
    const want99 = Math.max(1, Math.ceil(0.99 * n));
    const lo = this.#lo[k]!;
    const hi = this.#hi[k]!;
    let cum = 0;
    for (let i = lo; i <= hi; i++) {
      const before = cum;
      cum += h[i]!;
      if (before < want50 && cum >= want50) this.p50[k] = highestAtIndex(i);
      if (cum >= want99) {
        this.p99[k] = highestAtIndex(i);
        break;
      }
    }
    h.fill(0, lo, hi + 1);
    this.#pool.push(h);
    this.#hist[k] = null;
  }
}
