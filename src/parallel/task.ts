/**
 * One task = one (sweep point, run). A task builds (or reuses) its point's
 * cluster where it runs, simulates, and returns plain data — numbers, typed
 * arrays, strings; no class instances — so that a result crosses threads by
 * structured clone and the caller rebuilds what it needs (toRunResult).
 * Pure apart from the wall-clock measurement, which only fills `wallS` (the
 * one column allowed to differ between identical runs).
 */
import { buildCluster, type BuiltCluster } from '../cluster/build.js';
import { simulateRun } from '../traffic/simulation.js';
import type { RunResult, ErrorKind } from '../metrics/run-result.js';
import { LatencyHistogram, type HistogramState } from '../metrics/histogram.js';
import type { LoadedScenario, PointModel } from '../scenario/types.js';
import { endpointsRows } from '../report/endpoints.js';
import { trafficRows } from '../report/traffic.js';
import { guardEntries, type GuardEntry } from '../report/guard.js';
import type { SeriesData } from '../report/timeseries.js';
import type { ProgrammingData } from '../report/network-programming.js';

/** What a task hands back: structured-clone safe. */
export interface TaskOutput {
  readonly point: number;
  readonly run: number;
  readonly requests: number;
  readonly completed: number;
  readonly goodput: number;
  readonly errors: Record<ErrorKind, number>;
  readonly measuredNs: number;
  readonly events: number;
  readonly wallS: number;
  /** Arrivals planned over the whole run, warmup included (progress: simulated requests). */
  readonly arrivals: number;
  /** The latency histogram's counts and exact stats. */
  readonly latency: HistogramState;
  /** Per-interval counters and percentiles (timeseries.csv). */
  readonly series: SeriesData;
  /** Endpoint changes and when each node programmed them (network-programming.csv), the arrays cut to `count`. */
  readonly programming: ProgrammingData;
  /** endpoints.csv and traffic.csv rows of this run, formatted where the cluster is. */
  readonly endpointRows: string[][];
  readonly trafficRows: string[][];
  /** Pods whose default queue guard fired (manifest notes, warnings). */
  readonly guard: GuardEntry[];
}

/** Progress and abort, polled every 2^16 events: called with the arrivals so far; true = stop. */
export type PollFn = (arrivals: number) => boolean;

/** Simulate run `run` of `point` on its built cluster. */
export function runTask(loaded: Pick<LoadedScenario, 'name' | 'sweepKeys'>, point: PointModel, cluster: BuiltCluster, run: number, poll?: PollFn): TaskOutput {
  const t0 = process.hrtime.bigint();
  const c = simulateRun(cluster, point.spec, run, poll);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const s = c.series;
  let arrivals = 0;
  for (let k = 0; k < s.intervals; k++) arrivals += s.requests[k]!;
  return {
    point: point.index,
    run,
    requests: c.requests,
    completed: c.completed,
    goodput: c.goodput,
    errors: { refused: c.refused, reset: c.reset, timeout: c.timeout, dropped: c.dropped, rejected: c.rejected },
    measuredNs: c.measuredNs,
    events: c.events,
    wallS,
    arrivals,
    latency: c.latency.toState(),
    series: { intervals: s.intervals, widthNs: s.widthNs, requests: s.requests, completed: s.completed, goodput: s.goodput, errors: s.errors, p50: s.p50, p99: s.p99, staleNodes: s.staleNodes, events: s.events },
    programming: plainLog(c.programming),
    endpointRows: endpointsRows(loaded, point, cluster, {
      point: point.index,
      run,
      epRequests: c.epRequests,
      epErrors: c.epErrors,
      podBusyNs: c.podBusyNs,
      podQueueNs: c.podQueueNs,
      measuredNs: c.measuredNs,
      epExisted: c.epExisted,
    }),
    trafficRows: trafficRows(loaded, point, { point: point.index, run, measuredNs: c.measuredNs, sources: c.sources }),
    guard: guardEntries(point, cluster, c.epRequests, c.podGuardHits),
  };
}

/** The log as plain data, its arrays cut to the rows used (they grow by doubling: a clone would copy the slack). */
export function plainLog(log: ProgrammingData): ProgrammingData {
  const n = log.count;
  return { changes: log.changes, count: n, change: log.change.slice(0, n), node: log.node.slice(0, n), programmedAt: log.programmedAt.slice(0, n) };
}

/** The RunResult a TaskOutput stands for (the histogram rebuilt around the same counts). */
export function toRunResult(o: TaskOutput): RunResult {
  return {
    point: o.point,
    run: o.run,
    requests: o.requests,
    completed: o.completed,
    goodput: o.goodput,
    errors: { ...o.errors },
    measuredNs: o.measuredNs,
    latency: LatencyHistogram.fromState(o.latency),
    events: o.events,
    wallS: o.wallS,
  };
}

/**
 * A point's cluster, built on first use and kept while the next tasks are of
 * the same point (tasks are dispatched in point order, so a worker rebuilds
 * rarely and never holds more than one point's cluster).
 */
export class ClusterCache {
  #key = '';
  #cluster: BuiltCluster | null = null;

  get(key: string, point: PointModel): BuiltCluster {
    if (this.#cluster === null || this.#key !== key) {
      this.#cluster = null; // let the old one go before building the next
      this.#cluster = buildCluster(point);
      this.#key = key;
    }
    return this.#cluster;
  }
}
