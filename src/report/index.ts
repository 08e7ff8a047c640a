/** Public API of src/report/: result files, threshold checks, compare (plots: ./plot/index.ts, loaded lazily). */
export {
  writeResults,
  ResultsAccumulator,
  runsColumns,
  summaryColumns,
  histogramsColumns,
  RUNS_CSV,
  SUMMARY_CSV,
  HISTOGRAMS_CSV,
  SPECTRUM_CSV,
  spectrumColumns,
  MANIFEST_JSON,
} from './write-results.js';
export type { ResultsMeta, WriteResultsOptions } from './write-results.js';
export { SUMMARY_STATS, isSummaryMetric } from './summary.js';
export type { SummaryRow } from './summary.js';
export { evaluateThresholds } from './thresholds.js';
export type { ThresholdCheck } from './thresholds.js';
export { formatInt, formatMs, formatReal, formatWallS, formatMetric, formatMetricStat } from './format.js';
export { EndpointsAccumulator, endpointsColumns, endpointsRows, ENDPOINTS_CSV } from './endpoints.js';
export type { EndpointCounts } from './endpoints.js';
export { TimeseriesAccumulator, timeseriesColumns, TIMESERIES_CSV } from './timeseries.js';
export type { SeriesResult, SeriesData } from './timeseries.js';
export { NetworkProgrammingAccumulator, networkProgrammingColumns, NETWORK_PROGRAMMING_CSV } from './network-programming.js';
export type { ProgrammingResult, ProgrammingData } from './network-programming.js';
export { readResultDir } from './result-dir.js';
export type { StoredResults, StoredRun } from './result-dir.js';
export { TrafficAccumulator, trafficColumns, trafficRows, TRAFFIC_CSV } from './traffic.js';
export type { TrafficResult, SourceResult } from './traffic.js';
export { GuardNotes, guardEntries } from './guard.js';
export type { GuardEntry } from './guard.js';
export { mannWhitneyU, wilcoxonSignedRank } from './rank-tests.js';
export type { TestResult } from './rank-tests.js';
export { readResultSet, parseCsv, InputProblems } from './compare-input.js';
export type { ResultSet, PointRuns, ManifestInfo } from './compare-input.js';
export { compareResults, parseBudgets, parseNoise, DEFAULT_COMPARE_METRICS } from './compare.js';
export type { Comparison, CompareOptions, Budget, MetricComparison } from './compare.js';
export { formatComparison, budgetFailures } from './compare-format.js';
export type { CompareFormat } from './compare-format.js';
export { saveBaseline, baselineDir, BASELINES_DIR } from './compare-baseline.js';
