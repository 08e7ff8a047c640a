/**
 * The per-run record a simulation task produces, and the pure function that
 * turns it into the runs.csv metric columns.
 */
import { LatencyHistogram } from './histogram.js';

/** How a request can fail, in runs.csv column order (DESIGN.md "What a client sees"). */
export const ERROR_KINDS = ['refused', 'reset', 'timeout', 'dropped', 'rejected'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface RunResult {
  /** PointModel.index of the sweep point. */
  point: number;
  run: number;
  /** Planned arrivals in the measured window. */
  requests: number;
  completed: number;
  /** Successful responses that reached their clients during the measured window. */
  goodput: number;
  errors: Record<ErrorKind, number>;
  /** Length of the measured window (the scenario's duration), ns. */
  measuredNs: number;
  /** Successful requests only, ns from planned arrival. */
  latency: LatencyHistogram;
  /** Simulation events processed in the run. */
  events: number;
  /** Wall-clock seconds of the run (the only non-deterministic column). */
  wallS: number;
}

/** The runs.csv metric columns, in file order. */
export const METRIC_NAMES = [
  'requests',
  'completed',
  'errors',
  'errors_refused',
  'errors_reset',
  'errors_timeout',
  'errors_dropped',
  'errors_rejected',
  'error_rate',
  'offered_rps',
  'throughput_rps',
  'latency_mean_ms',
  'latency_p50_ms',
  'latency_p90_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'latency_p999_ms',
  'latency_max_ms',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/**
 * How a metric's values are written: `count` integers, `rate` up to 6
 * significant digits, `ms` up to 6 decimals (whole nanoseconds).
 */
export type MetricKind = 'count' | 'rate' | 'ms';
export const METRIC_KINDS: Readonly<Record<MetricName, MetricKind>> = {
  requests: 'count',
  completed: 'count',
  errors: 'count',
  errors_refused: 'count',
  errors_reset: 'count',
  errors_timeout: 'count',
  errors_dropped: 'count',
  errors_rejected: 'count',
  error_rate: 'rate',
  offered_rps: 'rate',
  throughput_rps: 'rate',
  latency_mean_ms: 'ms',
  latency_p50_ms: 'ms',
  latency_p90_ms: 'ms',
  latency_p95_ms: 'ms',
  latency_p99_ms: 'ms',
  latency_p999_ms: 'ms',
  latency_max_ms: 'ms',
};

export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name);
}

/** The per-metric statistics summary.csv adds over runs: `<metric>_mean`, `_ci_lo`, `_ci_hi`. */
export const SUMMARY_STATS = ['mean', 'ci_lo', 'ci_hi'] as const;

/**
 * What a threshold may name: a metric (checked against the point's pooled
 * value) or one of its summary statistics, e.g. `latency_p99_ms_ci_hi` (the
 * upper end of the 95 % interval over runs — a budget that noise cannot pass).
 */
export function isThresholdMetric(name: string): boolean {
  if (isMetricName(name)) return true;
  return SUMMARY_STATS.some((s) => name.endsWith(`_${s}`) && isMetricName(name.slice(0, -s.length - 1)));
}

/** Percentiles behind latency_p50_ms … latency_p999_ms. */
const PERCENTILES = [50, 90, 95, 99, 99.9] as const;
const NS_PER_MS = 1e6;
const NS_PER_S = 1e9;

/**
 * The runs.csv metrics of one run. Latency metrics are null (an empty cell)
 * when the run has no successful request; every other metric is a finite
 * number. error_rate is 0 without requests, throughput_rps 0 for an empty
 * measured window; throughput_rps counts successful responses that reached
 * their clients during the window (under overload: the capacity). latency_mean_ms and latency_max_ms are exact; the
 * percentiles are HdrHistogram's (highest equivalent value of the bucket).
 */
export function runMetrics(r: RunResult): Record<MetricName, number | null> {
  const e = r.errors;
  const errors = e.refused + e.reset + e.timeout + e.dropped + e.rejected;
  const h = r.latency;
  const has = h.count > 0;
  const [p50, p90, p95, p99, p999] = has ? h.valuesAtPercentiles(PERCENTILES) : [];
  const ms = (ns: number | undefined): number | null => (has && ns !== undefined ? ns / NS_PER_MS : null);
  return {
    requests: r.requests,
    completed: r.completed,
    errors,
    errors_refused: e.refused,
    errors_reset: e.reset,
    errors_timeout: e.timeout,
    errors_dropped: e.dropped,
    errors_rejected: e.rejected,
    error_rate: r.requests > 0 ? errors / r.requests : 0,
    offered_rps: r.measuredNs > 0 ? r.requests / (r.measuredNs / NS_PER_S) : 0,
    throughput_rps: r.measuredNs > 0 ? r.goodput / (r.measuredNs / NS_PER_S) : 0,
    latency_mean_ms: ms(h.sum / h.count),
    latency_p50_ms: ms(p50),
    latency_p90_ms: ms(p90),
    latency_p95_ms: ms(p95),
    latency_p99_ms: ms(p99),
    latency_p999_ms: ms(p999),
    latency_max_ms: ms(h.max),
  };
}


