/**
 * What a run counts, and the shape it hands on. Per traffic source the
 * simulation keeps F = SOURCE_FIELDS.length counters at i · F in one
 * Float64Array (simulation.ts repeats the layout as literals: hot-path
 * constants stay module-local), plus a latency histogram; runTotals turns
 * them into per-source records and the run's totals (the sum of the sources;
 * the histograms merged).
 */
import { LatencyHistogram } from '../metrics/histogram.js';
import type { IntervalSeries } from '../metrics/interval-series.js';
import { ERROR_KINDS } from '../metrics/run-result.js';
import type { ProgrammingLog } from '../cluster/control-plane/programming-log.js';

/**
 * Per-source counters, in slot order: requests, completed, goodput
 * (successful responses that reached their client inside the measured
 * window), then one per error kind in ERROR_KINDS order.
 */
export const SOURCE_FIELDS = ['requests', 'completed', 'goodput', ...ERROR_KINDS] as const;

/** What one traffic source produced in the measured window. */
export interface SourceCounters {
  requests: number;
  completed: number;
  goodput: number;
  refused: number;
  reset: number;
  timeout: number;
  dropped: number;
  rejected: number;
  latency: LatencyHistogram;
}

/** What one run produces (the caller adds wall time and identifiers). */
export interface RunCounters extends SourceCounters {
  events: number;
  measuredNs: number;
  /** Per traffic source, in scenario order (traffic.csv). */
  sources: SourceCounters[];
  /** Requests (connections in L4 modes with one request each) routed to each endpoint id in the window. */
  epRequests: Float64Array;
  /** Of those, the ones that failed after routing (timeout, rejected). */
  epErrors: Float64Array;
  /** Per pod, over the measured window: ∫ in service dt and ∫ waiting dt (ns), and requests the default queue guard turned away. */
  podBusyNs: Float64Array;
  podQueueNs: Float64Array;
  podGuardHits: Float64Array;
  /** Per interval of metrics.interval from t=0 (warmup included), by planned arrival. */
  series: IntervalSeries;
  /** Endpoint changes and when each node programmed them (network-programming.csv); empty without events. */
  programming: ProgrammingLog;
  /** Per endpoint id: 1 if it existed at some time (spare pods and relabel targets may never); null: all did (no events). */
  epExisted: Uint8Array | null;
}

/** Per-source records from the counters (SOURCE_FIELDS layout) and histograms, and the run's totals. */
export function runTotals(counts: Float64Array, hists: readonly LatencyHistogram[]): SourceCounters & { sources: SourceCounters[] } {
  const F = SOURCE_FIELDS.length;
  const at = (i: number, field: (typeof SOURCE_FIELDS)[number]) => counts[i * F + SOURCE_FIELDS.indexOf(field)]!;
  const sources: SourceCounters[] = hists.map((latency, i) => ({
    requests: at(i, 'requests'),
    completed: at(i, 'completed'),
    goodput: at(i, 'goodput'),
    refused: at(i, 'refused'),
    reset: at(i, 'reset'),
    timeout: at(i, 'timeout'),
    dropped: at(i, 'dropped'),
    rejected: at(i, 'rejected'),
    latency,
  }));
  let latency = sources[0]!.latency;
  if (sources.length > 1) {
    latency = new LatencyHistogram();
    for (const s of sources) latency.add(s.latency);
  }
  const sum = (k: keyof Omit<SourceCounters, 'latency'>) => sources.reduce((n, s) => n + s[k], 0);
  return {
    requests: sum('requests'),
    completed: sum('completed'),
    goodput: sum('goodput'),
    refused: sum('refused'),
    reset: sum('reset'),
    timeout: sum('timeout'),
    dropped: sum('dropped'),
    rejected: sum('rejected'),
    latency,
    sources,
  };
}
