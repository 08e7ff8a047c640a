/**
 * One task = one (sweep point, run). Pure apart from the wall-clock
 * measurement, which only fills `wallS` (the one column allowed to differ
 * between identical runs).
 */
import { buildCluster, type BuiltCluster } from '../cluster/build.js';
import { simulateRun, type SourceCounters } from '../traffic/simulation.js';
import type { RunResult } from '../metrics/run-result.js';
import type { IntervalSeries } from '../metrics/interval-series.js';
import type { PointModel } from '../scenario/types.js';

export interface TaskResult extends RunResult {
  /** Requests per endpoint id in the measured window, and of those the ones that failed after routing. */
  readonly epRequests: Float64Array;
  readonly epErrors: Float64Array;
  /** Per pod over the window: ∫ in service dt, ∫ waiting dt (ns); requests the default queue guard turned away. */
  readonly podBusyNs: Float64Array;
  readonly podQueueNs: Float64Array;
  readonly podGuardHits: Float64Array;
  /** Per traffic source (traffic.csv). */
  readonly sources: readonly SourceCounters[];
  /** Per-interval counters and percentiles (timeseries.csv). */
  readonly series: IntervalSeries;
}

export function runTask(point: PointModel, cluster: BuiltCluster, run: number): TaskResult {
  const t0 = process.hrtime.bigint();
  const c = simulateRun(cluster, point.spec, run);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    point: point.index,
    run,
    requests: c.requests,
    completed: c.completed,
    goodput: c.goodput,
    errors: { refused: c.refused, reset: c.reset, timeout: c.timeout, dropped: c.dropped, rejected: c.rejected },
    measuredNs: c.measuredNs,
    latency: c.latency,
    events: c.events,
    wallS,
    epRequests: c.epRequests,
    epErrors: c.epErrors,
    podBusyNs: c.podBusyNs,
    podQueueNs: c.podQueueNs,
    podGuardHits: c.podGuardHits,
    sources: c.sources,
    series: c.series,
  };
}

/** Build every point's cluster up front, so that input errors surface before anything runs or is written. */
export function buildAll(points: readonly PointModel[]): BuiltCluster[] {
  return points.map((p) => buildCluster(p));
}
