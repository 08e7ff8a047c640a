/**
 * summary.csv's row shape and the sweep-parameter columns. The pooled values
 * and per-run statistics are computed by ResultsAccumulator (write-results.ts):
 * pooled = totals of the counters, error_rate = Σerrors/Σrequests,
 * throughput_rps = Σcompleted/Σmeasured seconds, latency_mean_ms over all
 * successful requests, percentiles and max of the merged histograms; per
 * metric, the mean and 95 % Student-t interval over the runs that have a
 * value (latency metrics skip runs without a successful request).
 */
import { SUMMARY_STATS, isThresholdMetric, type MetricName } from '../metrics/run-result.js';
import type { PointModel } from '../scenario/types.js';

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

/** The summary value a threshold metric names: a METRIC_NAMES column or `<metric>_{mean,ci_lo,ci_hi}`. */
export const isSummaryMetric = isThresholdMetric;

export type { MetricName };
