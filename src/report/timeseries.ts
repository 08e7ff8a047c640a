/**
 * timeseries.csv: per (point, run, interval) of `metrics.interval` from t=0
 * (warmup included; the times count like a scenario event's `at`):
 *
 *   scenario, point, run, param_<path>…, t_start_s, t_end_s, requests,
 *   completed, errors, errors_refused, errors_reset, errors_timeout,
 *   errors_dropped, errors_rejected, throughput_rps (successful responses
 *   that reached their clients during the interval / interval seconds),
 *   latency_p50_ms, latency_p99_ms (2 significant digits, empty without a
 *   success), stale_nodes (nodes whose data plane still routes to an
 *   endpoint that is gone, at the interval's end), scenario_events (the
 *   Scenario's events in the interval, `;`-separated; quoted by
 *   csv-stringify when the text needs it)
 *
 * A request counts in the interval of its planned arrival, whenever it ends.
 * Built run by run (rows formatted on add, per-run arrays dropped), sorted by
 * (point, run) when written.
 */
import type { LoadedScenario } from '../scenario/types.js';
import type { IntervalSeries } from '../metrics/interval-series.js';

/** What timeseries.csv needs of a run's IntervalSeries (plain arrays: it may come from a worker thread). */
export type SeriesData = Pick<
  IntervalSeries,
  'intervals' | 'widthNs' | 'requests' | 'completed' | 'goodput' | 'errors' | 'p50' | 'p99' | 'staleNodes' | 'events'
>;
import { ERROR_KINDS } from '../metrics/run-result.js';
import { paramColumn, paramValue } from './summary.js';
import { formatInt, formatMs, formatReal } from './format.js';
import { RunRows, csvText } from './run-rows.js';

export const TIMESERIES_CSV = 'timeseries.csv';

export interface SeriesResult {
  readonly point: number;
  readonly run: number;
  readonly series: SeriesData;
}

export function timeseriesColumns(sweepKeys: readonly string[]): string[] {
  return [
    'scenario',
    'point',
    'run',
    ...sweepKeys.map(paramColumn),
    't_start_s',
    't_end_s',
    'requests',
    'completed',
    'errors',
    ...ERROR_KINDS.map((k) => `errors_${k}`),
    'throughput_rps',
    'latency_p50_ms',
    'latency_p99_ms',
    'stale_nodes',
    'scenario_events',
  ];
}

export class TimeseriesAccumulator {
  readonly #loaded: LoadedScenario;
  readonly #rows = new RunRows();

  constructor(loaded: LoadedScenario) {
    this.#loaded = loaded;
  }

  add(r: SeriesResult): void {
    const point = this.#loaded.points.find((p) => p.index === r.point);
    if (point === undefined) throw new Error(`timeseries for point ${r.point}, which scenario ${this.#loaded.name} does not have`);
    const params = this.#loaded.sweepKeys.map((k) => paramValue(point, k));
    const s = r.series;
    const end = point.spec.warmup + point.spec.duration;
    const rows: string[][] = [];
    for (let k = 0; k < s.intervals; k++) {
      const t0 = k * s.widthNs;
      const t1 = Math.min(end, t0 + s.widthNs);
      let errors = 0;
      for (let e = 0; e < ERROR_KINDS.length; e++) errors += s.errors[k * ERROR_KINDS.length + e]!;
      const ms = (v: number) => (Number.isNaN(v) ? '' : formatMs(v / 1e6));
      rows.push([
        this.#loaded.name,
        formatInt(r.point),
        formatInt(r.run),
        ...params,
        formatReal(t0 / 1e9),
        formatReal(t1 / 1e9),
        formatInt(s.requests[k]!),
        formatInt(s.completed[k]!),
        formatInt(errors),
        ...ERROR_KINDS.map((_, e) => formatInt(s.errors[k * ERROR_KINDS.length + e]!)),
        formatReal(t1 > t0 ? s.goodput[k]! / ((t1 - t0) / 1e9) : 0),
        ms(s.p50[k]!),
        ms(s.p99[k]!),
        formatInt(s.staleNodes[k]!),
        s.events[k]!,
      ]);
    }
    this.#rows.set(r.point, r.run, rows);
  }

  /** One run's rows as read back from a result file (resume, merge). */
  addRows(point: number, run: number, rows: string[][]): void {
    this.#rows.set(point, run, rows);
  }

  /** The file, with the points in `only` (default all). */
  csv(only?: ReadonlySet<number>): string {
    return csvText(timeseriesColumns(this.#loaded.sweepKeys), this.#rows.sorted(only));
  }
}
