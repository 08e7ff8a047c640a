/** Public API of src/metrics/: histograms, per-run records, statistics (all pure). */
export {
  LatencyHistogram,
  COUNTS_LENGTH,
  HIGHEST_TRACKABLE_VALUE,
  SIGNIFICANT_DIGITS,
  lowestEquivalentValue,
  highestEquivalentValue,
  lowestValueAtIndex,
  highestValueAtIndex,
} from './histogram.js';
export type { HistogramState, HistogramStats } from './histogram.js';
export { ERROR_KINDS, METRIC_NAMES, METRIC_KINDS, isMetricName, runMetrics } from './run-result.js';
export type { ErrorKind, MetricName, MetricKind, RunResult } from './run-result.js';
export { mean, stddev, studentTQuantile, normalQuantile, regularizedIncompleteBeta, confidenceInterval95 } from './stats.js';
export type { ConfidenceInterval } from './stats.js';
export { pooledPercentileIntervals } from './percentile-interval.js';
export type { PercentileInterval, IntervalCalibration } from './percentile-interval.js';
export { mser, separation, warmupAdvice } from './mser.js';
export type { MserResult, WarmupAdvice } from './mser.js';
