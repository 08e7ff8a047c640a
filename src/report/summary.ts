/**
 * Per-point summary: pooled values over the point's runs, and for every
 * metric the mean and 95 % Student t confidence interval over the runs'
 * per-run values.
 */
import { METRIC_NAMES, SUMMARY_STATS, isThresholdMetric, poolRuns, runMetrics, type MetricName, type RunResult } from '../metrics/run-result.js';
import { confidenceInterval95 } from '../metrics/stats.js';
import type { LoadedScenario, PointModel } from '../scenario/types.js';

export { SUMMARY_STATS };

/**
 * One summary.csv row as values, keyed by column name: `point`, `runs`,
 * `param_<path>` (strings), every METRIC_NAMES column (pooled), and
 * `<metric>_mean`, `<metric>_ci_lo`, `<metric>_ci_hi`. null = empty cell
 * (no successful request in any run for a latency metric).
 */
export interface SummaryRow {
  readonly point: number;
  readonly runs: number;
  readonly [column: string]: number | string | null;
}

export function paramColumn(path: string): string {
  return `param_${path}`;
}

export function paramValue(point: PointModel, path: string): string {
  return point.params.find((p) => p.path === path)?.value ?? '';
}

/** Results in (point, run) order; throws on an unknown point or a duplicate (point, run). */
export function sortResults(loaded: LoadedScenario, results: readonly RunResult[]): RunResult[] {
  const known = new Set(loaded.points.map((p) => p.index));
  const sorted = [...results].sort((a, b) => a.point - b.point || a.run - b.run);
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    if (!known.has(r.point)) throw new Error(`result for point ${r.point}, which scenario ${loaded.name} does not have`);
    const prev = sorted[i - 1];
    if (prev !== undefined && prev.point === r.point && prev.run === r.run) {
      throw new Error(`two results for point ${r.point}, run ${r.run}`);
    }
  }
  return sorted;
}

/**
 * One row per point that has at least one result, in point order. Pooled:
 * totals of the counters, error_rate = Σerrors/Σrequests, throughput_rps =
 * Σcompleted/Σmeasured seconds, latency_mean_ms over all successful requests,
 * percentiles and max of the merged histograms. Per-metric statistics are
 * over the runs that have a value (latency metrics skip runs without a
 * successful request).
 */
export function summarize(loaded: LoadedScenario, results: readonly RunResult[]): SummaryRow[] {
  const sorted = sortResults(loaded, results);
  const byPoint = new Map<number, RunResult[]>();
  for (const r of sorted) {
    const list = byPoint.get(r.point);
    if (list === undefined) byPoint.set(r.point, [r]);
    else list.push(r);
  }
  const points = [...loaded.points].sort((a, b) => a.index - b.index);
  const rows: SummaryRow[] = [];
  for (const point of points) {
    const runs = byPoint.get(point.index);
    if (runs === undefined) continue;
    const row: Record<string, number | string | null> = { point: point.index };
    for (const key of loaded.sweepKeys) row[paramColumn(key)] = paramValue(point, key);
    row['runs'] = runs.length;
    const pooled = runMetrics(poolRuns(point.index, runs));
    for (const m of METRIC_NAMES) row[m] = pooled[m];
    const perRun = runs.map(runMetrics);
    for (const m of METRIC_NAMES) {
      const values = perRun.map((v) => v[m]).filter((v): v is number => v !== null);
      const ci = values.length > 0 ? confidenceInterval95(values) : null;
      row[`${m}_mean`] = ci?.mean ?? null;
      row[`${m}_ci_lo`] = ci?.lo ?? null;
      row[`${m}_ci_hi`] = ci?.hi ?? null;
    }
    rows.push(row as SummaryRow);
  }
  return rows;
}

/** The summary value a threshold metric names: a METRIC_NAMES column or `<metric>_{mean,ci_lo,ci_hi}`. */
export const isSummaryMetric = isThresholdMetric;

export type { MetricName };
