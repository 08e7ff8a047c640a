/**
 * `compare`: a baseline result against a candidate, benchstat style (pure;
 * reading is compare-input.ts, printing compare-format.ts).
 *
 * - Points are matched on the sweep keys both sides share (equal values);
 *   every baseline point is compared with every candidate point that agrees
 *   on them (a sweep key only one side has is shown in the point's name).
 * - Per (point, metric): each side's centre is the median over its runs, with
 *   a distribution-free 95 % interval for the median from order statistics
 *   (benchstat's; it needs ≥ 6 runs, fewer print `± ∞`).
 * - The test: when both points ran with the same seed and the same run
 *   indices, run i of each side drew the same arrivals and service demands
 *   (common random numbers, DESIGN.md "Determinism contract"), so the runs
 *   are compared pair by pair with the Wilcoxon signed-rank test and the
 *   delta is the median paired difference; otherwise (or with fewer than 6
 *   pairs, where the signed-rank test cannot reach p < 0.05) the two sets of
 *   runs are compared with the Mann–Whitney U test and the delta is the
 *   difference of the medians.
 * - `~` when p ≥ α (0.05). A significant change smaller than `noise` (default
 *   2 % of the baseline) is "no change"; beyond it, "improved" or "regressed"
 *   by the metric's direction.
 * - Budgets (`metric=5%` of the baseline centre, or `metric=0.1pp` for
 *   error_rate, a fraction) are exceeded by a significant change in the worse
 *   direction larger than the budget: a `~` row never fails a budget.
 */
import { METRIC_NAMES, isMetricName, type MetricName } from '../metrics/run-result.js';
import { mannWhitneyU, wilcoxonSignedRank } from './rank-tests.js';
import type { PointRuns, ResultSet } from './compare-input.js';

/** Significance level of every test. */
export const ALPHA = 0.05;
/** Fewest runs for the order-statistic 95 % interval of a median, and fewest pairs for the signed-rank test. */
export const MIN_RUNS_FOR_INTERVAL = 6;

/** Metrics compared when no budget names others. */
export const DEFAULT_COMPARE_METRICS: readonly MetricName[] = [
  'error_rate',
  'throughput_rps',
  'latency_mean_ms',
  'latency_p50_ms',
  'latency_p90_ms',
  'latency_p99_ms',
  'latency_p999_ms',
];

/** Which way is worse: latency and errors up, throughput and completions down; `requests` is set by the load. */
export function worseDirection(metric: MetricName): 1 | -1 | 0 {
  if (metric === 'throughput_rps' || metric === 'completed') return -1;
  if (metric === 'requests') return 0;
  return 1;
}

/** Metrics that are fractions (budgets in percentage points allowed). */
export function isFractionMetric(metric: MetricName): boolean {
  return metric === 'error_rate';
}

export interface Budget {
  readonly metric: MetricName;
  readonly limit: number;
  readonly unit: '%' | 'pp';
  /** As written, e.g. `latency_p99_ms=5%`. */
  readonly text: string;
}

/** Parse `--max-regression metric=5%,error_rate=0.1pp` (several flags joined). Problems are returned, not thrown. */
export function parseBudgets(specs: readonly string[]): { budgets: Budget[]; problems: string[] } {
  const budgets: Budget[] = [];
  const problems: string[] = [];
  for (const spec of specs) {
    for (const part of spec.split(',')) {
      const text = part.trim();
      if (text === '') continue;
      const m = /^([a-z0-9_]+)=([0-9]*\.?[0-9]+)(%|pp)$/.exec(text);
      if (m === null) {
        problems.push(`--max-regression: expected metric=N% or metric=Npp (e.g. latency_p99_ms=5%,error_rate=0.1pp), got ${JSON.stringify(text)}`);
        continue;
      }
      const metric = m[1]!;
      const unit = m[3] as '%' | 'pp';
      if (!isMetricName(metric)) {
        problems.push(`--max-regression: expected a runs.csv metric (${METRIC_NAMES.join(', ')}), got ${JSON.stringify(metric)}`);
        continue;
      }
      if (worseDirection(metric) === 0) {
        problems.push(`--max-regression: ${metric} has no worse direction (it is set by the load), got a budget for it`);
        continue;
      }
      if (unit === 'pp' && !isFractionMetric(metric)) {
        problems.push(`--max-regression: ${metric}: expected a budget in % (pp is for rates that are fractions, such as error_rate), got ${JSON.stringify(text)}`);
        continue;
      }
      budgets.push({ metric, limit: Number(m[2]), unit, text });
    }
  }
  return { budgets, problems };
}

/** Parse `--noise 2%` (or a bare percentage). */
export function parseNoise(text: string): number | null {
  const m = /^([0-9]*\.?[0-9]+)%?$/.exec(text.trim());
  if (m === null) return null;
  const v = Number(m[1]);
  return v >= 0 && v < 100 ? v / 100 : null;
}

export interface CompareOptions {
  /** Relative change below which a significant change is "no change" (fraction; default 0.02). */
  readonly noise?: number;
  readonly budgets?: readonly Budget[];
  /** Metrics to compare (default DEFAULT_COMPARE_METRICS plus the budgets' metrics). */
  readonly metrics?: readonly MetricName[];
  /** 'auto' (default): paired when the seeds and runs agree; 'never': always Mann–Whitney. */
  readonly pairing?: 'auto' | 'never';
}

export interface SideStats {
  readonly n: number;
  /** Median over runs; null without a value. */
  readonly centre: number | null;
  /** 95 % interval of the median; null with fewer than 6 runs. */
  readonly lo: number | null;
  readonly hi: number | null;
}

export type Verdict = 'improved' | 'regressed' | 'no change';

export interface MetricComparison {
  /** Index of this row's matched point pair in Comparison.pairs. */
  readonly pair: number;
  readonly metric: MetricName;
  readonly baseline: SideStats;
  readonly candidate: SideStats;
  /** Candidate − baseline (median paired difference when paired); null when a side has no value. */
  readonly delta: number | null;
  /** delta / baseline centre × 100; ±Infinity from a zero baseline; null without delta. */
  readonly deltaPct: number | null;
  readonly test: 'wilcoxon' | 'mann-whitney' | null;
  readonly p: number | null;
  /** Runs (unpaired: min of the sides) or pairs that entered the test. */
  readonly n: number;
  readonly significant: boolean;
  readonly verdict: Verdict;
  readonly budget: Budget | null;
  readonly budgetExceeded: boolean;
}

export interface PointPair {
  readonly baseline: PointRuns;
  readonly candidate: PointRuns;
  /** Short name for the pair: shared sweep values, then each side's own. */
  readonly label: string;
  readonly paired: boolean;
  /** Why (not) paired, for the header. */
  readonly pairing: string;
}

export interface GeomeanRow {
  readonly metric: MetricName;
  readonly baseline: number;
  readonly candidate: number;
  readonly deltaPct: number;
  /** Pairs whose centres entered (both sides > 0). */
  readonly n: number;
}

export interface Comparison {
  readonly baseline: ResultSet;
  readonly candidate: ResultSet;
  /** What differs between the two sides' scenarios (the change being compared). */
  readonly change: readonly string[];
  readonly sharedKeys: readonly string[];
  readonly pairs: readonly PointPair[];
  readonly rows: readonly MetricComparison[];
  readonly geomean: readonly GeomeanRow[];
  readonly noise: number;
  /** Points of either side that matched nothing. */
  readonly unmatched: readonly string[];
  /** Warnings for the reader (too few runs for a test to be significant, …). */
  readonly notes: readonly string[];
  readonly budgetsExceeded: number;
}

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

/**
 * Distribution-free 95 % interval for the median: [x(k), x(n+1−k)] with the
 * largest k such that P(Binomial(n, ½) < k) ≤ 0.025 (coverage ≥ 95 %).
 */
export function medianInterval(sorted: readonly number[]): [number, number] | null {
  const n = sorted.length;
  if (n < MIN_RUNS_FOR_INTERVAL) return null;
  let k = 0;
  let cdf = 0; // P(B ≤ k − 1), B ~ Binomial(n, ½)
  let term = 2 ** -n; // P(B = k)
  while (cdf + term <= 0.025) {
    cdf += term;
    term = (term * (n - k)) / (k + 1);
    k++;
  }
  if (k === 0) return null;
  return [sorted[k - 1]!, sorted[n - k]!];
}

function sideStats(values: readonly number[]): SideStats {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { n: 0, centre: null, lo: null, hi: null };
  const iv = medianInterval(s);
  return { n: s.length, centre: median(s), lo: iv?.[0] ?? null, hi: iv?.[1] ?? null };
}

function values(p: PointRuns, metric: MetricName): number[] {
  const out: number[] = [];
  for (const run of [...p.runs.keys()].sort((a, b) => a - b)) {
    const v = p.runs.get(run)![metric];
    if (v !== null) out.push(v);
  }
  return out;
}

function sameRuns(a: PointRuns, b: PointRuns): boolean {
  if (a.runs.size !== b.runs.size) return false;
  for (const r of a.runs.keys()) if (!b.runs.has(r)) return false;
  return true;
}

function keyOf(p: PointRuns, keys: readonly string[]): string {
  return JSON.stringify(keys.map((k) => p.params[k] ?? ''));
}

/** Last path segment of a sweep key when unambiguous (`traffic[0].arrival.rate` → `rate`). */
function shortKeys(keys: readonly string[]): Map<string, string> {
  const short = (k: string) => k.split('.').pop()!.replace(/\[\d+\]$/, '');
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(short(k), (counts.get(short(k)) ?? 0) + 1);
  return new Map(keys.map((k) => [k, counts.get(short(k)) === 1 ? short(k) : k]));
}

/** Paths whose values differ between two resolved scenarios (deep, arrays by index), at most `limit`. */
export function diffResolved(a: unknown, b: unknown, limit = 12): string[] {
  const out: string[] = [];
  const show = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));
  const walk = (x: unknown, y: unknown, at: string) => {
    if (out.length > limit) return;
    const isObj = (v: unknown) => typeof v === 'object' && v !== null;
    if (isObj(x) && isObj(y) && Array.isArray(x) === Array.isArray(y)) {
      const keys = [...new Set([...Object.keys(x as object), ...Object.keys(y as object)])];
      if (!Array.isArray(x)) keys.sort();
      for (const k of keys) {
        const sub = Array.isArray(x) ? `${at}[${k}]` : at === '' ? k : `${at}.${k}`;
        walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], sub);
      }
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${at || '(scenario)'}: ${show(x)} → ${show(y)}`);
  };
  walk(a, b, '');
  if (out.length > limit) return [...out.slice(0, limit), `… and more`];
  return out;
}

/** What differs between the two sides: scenario, file hash, --set values, seed, runs, and the resolved scenario's fields. */
export function describeChange(base: ResultSet, cand: ResultSet): string[] {
  const out: string[] = [];
  const bm = base.manifest;
  const cm = cand.manifest;
  if (base.scenario !== cand.scenario) out.push(`scenario: ${base.scenario} → ${cand.scenario}`);
  if (bm !== null && cm !== null) {
    if (bm.scenarioHash !== cm.scenarioHash) {
      const short = (h: string | null) => (h === null ? '?' : h.slice(0, 12));
      out.push(`scenario file: ${bm.file ?? '?'} (sha256 ${short(bm.scenarioHash)}) → ${cm.file ?? '?'} (sha256 ${short(cm.scenarioHash)})`);
    }
    const bs = bm.set === null ? '(not recorded)' : bm.set.length === 0 ? '(none)' : bm.set.join(' ');
    const cs = cm.set === null ? '(not recorded)' : cm.set.length === 0 ? '(none)' : cm.set.join(' ');
    if (bs !== cs) out.push(`--set: ${bs} → ${cs}`);
    if (bm.seed !== cm.seed) out.push(`seed: ${bm.seed ?? '?'} → ${cm.seed ?? '?'}`);
    if (bm.runs !== cm.runs) out.push(`runs: ${bm.runs ?? '?'} → ${cm.runs ?? '?'}`);
    if (bm.resolved !== null && cm.resolved !== null) {
      for (const d of diffResolved(bm.resolved, cm.resolved)) if (!d.startsWith('spec.seed:') && !d.startsWith('spec.runs:')) out.push(`  ${d}`);
    }
  } else {
    out.push('(a manifest.json is missing: the change cannot be named)');
  }
  return out;
}

function relChange(delta: number | null, base: number | null): number | null {
  if (delta === null || base === null) return null;
  if (base === 0) return delta === 0 ? 0 : delta > 0 ? Infinity : -Infinity;
  return (delta / Math.abs(base)) * 100;
}

/** Compare a baseline result with a candidate result. */
export function compareResults(base: ResultSet, cand: ResultSet, opts: CompareOptions = {}): Comparison {
  const noise = opts.noise ?? 0.02;
  const budgets = opts.budgets ?? [];
  const metrics = opts.metrics ?? [...new Set([...DEFAULT_COMPARE_METRICS, ...budgets.map((b) => b.metric)])];
  const shared = base.sweepKeys.filter((k) => cand.sweepKeys.includes(k));
  const names = shortKeys([...new Set([...base.sweepKeys, ...cand.sweepKeys])]);
  const notes: string[] = [];

  const byKey = new Map<string, PointRuns[]>();
  for (const p of cand.points) {
    const k = keyOf(p, shared);
    const list = byKey.get(k) ?? [];
    list.push(p);
    byKey.set(k, list);
  }
  const pairs: PointPair[] = [];
  const matchedCand = new Set<number>();
  const unmatched: string[] = [];
  const own = (p: PointRuns, keys: readonly string[]) => keys.filter((k) => !shared.includes(k)).map((k) => `${names.get(k)}=${p.params[k]}`);
  for (const b of base.points) {
    const cands = byKey.get(keyOf(b, shared)) ?? [];
    if (cands.length === 0) {
      unmatched.push(`baseline point ${b.point}${shared.length > 0 ? ` (${shared.map((k) => `${names.get(k)}=${b.params[k]}`).join(' ')})` : ''}`);
      continue;
    }
    for (const c of cands) {
      matchedCand.add(c.point);
      const parts = shared.map((k) => `${names.get(k)}=${b.params[k]}`);
      const bo = own(b, base.sweepKeys);
      const co = own(c, cand.sweepKeys);
      if (bo.length > 0) parts.push(`base ${bo.join(' ')}`);
      if (co.length > 0) parts.push(`cand ${co.join(' ')}`);
      let label = parts.join(' ');
      if (label === '') label = b.point === c.point ? String(b.point) : `${b.point}→${c.point}`;
      let paired = false;
      let pairing: string;
      if (opts.pairing === 'never') pairing = 'unpaired (asked for)';
      else if (b.seed === null || c.seed === null || b.seed !== c.seed) pairing = `unpaired: seeds differ (${b.seed ?? '?'} vs ${c.seed ?? '?'})`;
      else if (!sameRuns(b, c)) pairing = `unpaired: run counts differ (${b.runs.size} vs ${c.runs.size})`;
      else if (b.runs.size < MIN_RUNS_FOR_INTERVAL)
        pairing = `unpaired: same seed, but ${b.runs.size} pairs are too few for the signed-rank test to reach p < ${ALPHA} (needs ${MIN_RUNS_FOR_INTERVAL})`;
      else {
        paired = true;
        pairing = `paired: same seed ${b.seed} and runs on both sides, so run i of each shares its arrivals and demands (common random numbers)`;
      }
      pairs.push({ baseline: b, candidate: c, label, paired, pairing });
    }
  }
  for (const c of cand.points) {
    if (!matchedCand.has(c.point)) unmatched.push(`candidate point ${c.point}${shared.length > 0 ? ` (${shared.map((k) => `${names.get(k)}=${c.params[k]}`).join(' ')})` : ''}`);
  }

  const rows: MetricComparison[] = [];
  let budgetsExceeded = 0;
  let fewRuns = false;
  pairs.forEach((pp, pairIndex) => {
    for (const metric of metrics) {
      const bv = values(pp.baseline, metric);
      const cv = values(pp.candidate, metric);
      const baseline = sideStats(bv);
      const candidate = sideStats(cv);
      let delta: number | null = null;
      let test: MetricComparison['test'] = null;
      let p: number | null = null;
      let n = 0;
      if (pp.paired) {
        const diffs: number[] = [];
        const bothB: number[] = [];
        const bothC: number[] = [];
        for (const run of [...pp.baseline.runs.keys()].sort((a, b) => a - b)) {
          const x = pp.baseline.runs.get(run)![metric];
          const y = pp.candidate.runs.get(run)![metric];
          if (x === null || y === null) continue;
          diffs.push(y - x);
          bothB.push(x);
          bothC.push(y);
        }
        if (diffs.length > 0) {
          delta = median(diffs.sort((a, b) => a - b));
          const r = wilcoxonSignedRank(bothC, bothB);
          test = 'wilcoxon';
          p = r.p;
          n = diffs.length;
        }
      } else if (bv.length > 0 && cv.length > 0) {
        delta = candidate.centre! - baseline.centre!;
        const r = mannWhitneyU(bv, cv);
        test = 'mann-whitney';
        p = r.p;
        n = Math.min(bv.length, cv.length);
        if (bv.length + cv.length < 7) fewRuns = true; // 3 vs 3 cannot go below p = 0.1
      }
      const deltaPct = relChange(delta, baseline.centre);
      const significant = p !== null && p < ALPHA;
      let verdict: Verdict = 'no change';
      const dir = worseDirection(metric);
      if (significant && delta !== null && deltaPct !== null && Math.abs(deltaPct) >= noise * 100 && delta !== 0 && dir !== 0) {
        verdict = Math.sign(delta) === dir ? 'regressed' : 'improved';
      }
      const budget = budgets.find((b) => b.metric === metric) ?? null;
      let budgetExceeded = false;
      if (budget !== null && significant && delta !== null) {
        const worse = budget.unit === 'pp' ? delta * dir * 100 : (deltaPct ?? 0) * dir;
        budgetExceeded = worse > budget.limit;
      }
      if (budgetExceeded) budgetsExceeded++;
      rows.push({ pair: pairIndex, metric, baseline, candidate, delta, deltaPct, test, p, n, significant, verdict, budget, budgetExceeded });
    }
  });
  if (fewRuns) notes.push(`too few runs for a Mann–Whitney test to reach p < ${ALPHA} (needs at least 4 + 3, better ≥ 6 per side): every row is ~ and no budget can fail`);

  const geomean: GeomeanRow[] = [];
  if (pairs.length > 1) {
    for (const metric of metrics) {
      const mine = rows.filter((r) => r.metric === metric && (r.baseline.centre ?? 0) > 0 && (r.candidate.centre ?? 0) > 0);
      if (mine.length === 0) continue;
      const g = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
      const gb = g(mine.map((r) => r.baseline.centre!));
      const gc = g(mine.map((r) => r.candidate.centre!));
      geomean.push({ metric, baseline: gb, candidate: gc, deltaPct: (gc / gb - 1) * 100, n: mine.length });
    }
  }
  return { baseline: base, candidate: cand, change: describeChange(base, cand), sharedKeys: shared, pairs, rows, geomean, noise, unmatched, notes, budgetsExceeded };
}
