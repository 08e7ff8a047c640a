/** Public API of src/report/: result files and threshold checks. */
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
export { readResultDir, parseCsv } from './result-dir.js';
export type { StoredResults, StoredRun } from './result-dir.js';
