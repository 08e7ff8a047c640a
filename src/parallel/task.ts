/**
 * One task = one (sweep point, run). Pure apart from the wall-clock
 * measurement, which only fills `wallS` (the one column allowed to differ
 * between identical runs).
 */
import { buildCluster, type BuiltCluster } from '../cluster/build.js';
import { simulateRun } from '../traffic/simulation.js';
import type { RunResult } from '../metrics/run-result.js';
import type { IntervalSeries } from '../metrics/interval-series.js';
import type { PointModel } from '../scenario/types.js';

export interface TaskResult extends RunResult {
  /** Requests per endpoint pod in the measured window (index = pod id of the point's cluster). */
  readonly podRequests: Float64Array;
  /** Of those, the ones that failed after routing. */
  readonly podErrors: Float64Array;
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
    errors: { refused: c.refused, reset: c.reset, timeout: c.timeout, dropped: c.dropped, rejected: c.rejected },
    measuredNs: c.measuredNs,
    latency: c.latency,
    events: c.events,
    wallS,
    podRequests: c.podRequests,
    podErrors: c.podErrors,
    series: c.series,
  };
}

/** Build every point's cluster up front, so that input errors surface before anything runs or is written. */
export function buildAll(points: readonly PointModel[]): BuiltCluster[] {
  return points.map((p) => buildCluster(p));
}
