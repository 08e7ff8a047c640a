/**
 * traffic.csv: per (point, run) and traffic source, the runs.csv metric
 * columns for that source alone — a mixed workload is not one blended
 * number:
 *
 *   scenario, point, run, param_<path>…, traffic (the source's name),
 *   requests, completed, errors, errors_<kind>…, error_rate, throughput_rps,
 *   latency_mean_ms, latency_p50_ms … latency_p999_ms, latency_max_ms
 *
 * Summed over sources, the counts are the run's runs.csv counts. Built run by
 * run (rows formatted on add), sorted by (point, run) when written.
 */
import type { LoadedScenario, PointModel } from '../scenario/types.js';
import type { LatencyHistogram } from '../metrics/histogram.js';
import { ERROR_KINDS, METRIC_KINDS, METRIC_NAMES, runMetrics, type ErrorKind } from '../metrics/run-result.js';
import { paramColumn, paramValue } from './summary.js';
import { formatInt, formatMetric } from './format.js';
import { RunRows, csvText } from './run-rows.js';

export const TRAFFIC_CSV = 'traffic.csv';

/** One source's counters in one run. */
export type SourceResult = Readonly<Record<ErrorKind | 'requests' | 'completed' | 'goodput', number>> & { readonly latency: LatencyHistogram };

export interface TrafficResult {
  readonly point: number;
  readonly run: number;
  readonly measuredNs: number;
  /** In scenario order (spec.traffic). */
  readonly sources: readonly SourceResult[];
}

export function trafficColumns(sweepKeys: readonly string[]): string[] {
  return ['scenario', 'point', 'run', ...sweepKeys.map(paramColumn), 'traffic', ...METRIC_NAMES];
}

/** One run's traffic.csv rows — formatted where the run ran (its histograms need not travel). */
export function trafficRows(loaded: Pick<LoadedScenario, 'name' | 'sweepKeys'>, point: PointModel, r: TrafficResult): string[][] {
  const params = loaded.sweepKeys.map((k) => paramValue(point, k));
  return r.sources.map((s, i) => {
    const errors = Object.fromEntries(ERROR_KINDS.map((k) => [k, s[k]])) as Record<ErrorKind, number>;
    const m = runMetrics({
      point: r.point,
      run: r.run,
      requests: s.requests,
      completed: s.completed,
      goodput: s.goodput,
      errors,
      measuredNs: r.measuredNs,
      latency: s.latency,
      events: 0,
      wallS: 0,
    });
    return [loaded.name, formatInt(r.point), formatInt(r.run), ...params, point.spec.traffic[i]!.name, ...METRIC_NAMES.map((k) => formatMetric(METRIC_KINDS[k], m[k]))];
  });
}

export class TrafficAccumulator {
  readonly #loaded: LoadedScenario;
  readonly #rows = new RunRows();

  constructor(loaded: LoadedScenario) {
    this.#loaded = loaded;
  }

  /** One run's rows as already formatted (by a worker thread, or read back from a result file). */
  addRows(point: number, run: number, rows: string[][]): void {
    this.#rows.set(point, run, rows);
  }

  /** The file, with the points in `only` (default all). */
  csv(only?: ReadonlySet<number>): string {
    return csvText(trafficColumns(this.#loaded.sweepKeys), this.#rows.sorted(only));
  }
}
