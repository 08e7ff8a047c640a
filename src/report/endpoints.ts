/**
 * endpoints.csv: per (point, run) and per endpoint of every Service port that
 * traffic targets — how the data plane spread the load. Columns:
 *
 *   scenario, point, run, param_<path>…, service (ns/name:port), endpoint
 *   (pod name), address (podIP:targetPort), node, zone, requests (connections
 *   routed to it in the measured window), share (requests / all requests to
 *   that Service port in the run), errors (its requests that failed after
 *   routing: timeouts, …), busy_fraction (the pod's time serving ÷
 *   (window × concurrency)), mean_queue_length (the pod's time-averaged
 *   requests waiting) — a pod's own figures, so two Services sharing a pod
 *   show the same two values on their rows
 *
 * Rows are in (point, run, Service port, kube-proxy endpoint order) order.
 */
import type { LoadedScenario, PointModel } from '../scenario/types.js';
import type { BuiltCluster } from '../cluster/build.js';
import { formatIPv4 } from '../routing/ipv4.js';
import { paramColumn, paramValue } from './summary.js';
import { formatInt, formatReal } from './format.js';
import { RunRows, csvText } from './run-rows.js';

export const ENDPOINTS_CSV = 'endpoints.csv';

/** What endpoints.csv needs from one run, besides its (point, run). */
export interface EndpointCounts {
  readonly point: number;
  readonly run: number;
  /** Requests routed to each endpoint (index = endpoint id: BuiltServicePort.endpointBase + j). */
  readonly epRequests: Float64Array;
  /** Of those, the ones that failed after routing. */
  readonly epErrors: Float64Array;
  /** Per pod over the measured window: ∫ requests in service dt, ∫ requests waiting dt (ns). */
  readonly podBusyNs: Float64Array;
  readonly podQueueNs: Float64Array;
  /** Length of the measured window, ns. */
  readonly measuredNs: number;
  /** Per endpoint: 1 if it existed at some time in the run; null or absent: every endpoint did. */
  readonly epExisted?: Uint8Array | null;
}

export function endpointsColumns(sweepKeys: readonly string[]): string[] {
  return ['scenario', 'point', 'run', ...sweepKeys.map(paramColumn), 'service', 'endpoint', 'address', 'node', 'zone', 'requests', 'share', 'errors', 'busy_fraction', 'mean_queue_length'];
}

/**
 * endpoints.csv built run by run: each run's rows are formatted when it is
 * added (its per-pod arrays can then be dropped) and sorted by (point, run)
 * when written, whatever order runs arrive in.
 */
export class EndpointsAccumulator {
  readonly #loaded: LoadedScenario;
  readonly #clusters: readonly BuiltCluster[];
  readonly #rows = new RunRows();

  /** `clusters` (by point index) only for add(); rows made elsewhere come in by addRows(). */
  constructor(loaded: LoadedScenario, clusters: readonly BuiltCluster[] = []) {
    this.#loaded = loaded;
    this.#clusters = clusters;
  }

  add(r: EndpointCounts): void {
    const point = this.#loaded.points.find((p) => p.index === r.point);
    if (point === undefined) throw new Error(`endpoint counts for point ${r.point}, which scenario ${this.#loaded.name} does not have`);
    const cluster = this.#clusters[r.point];
    if (cluster === undefined) throw new Error(`no cluster given for point ${r.point}`);
    this.#rows.set(r.point, r.run, endpointsRows(this.#loaded, point, cluster, r));
  }

  /** One run's rows as already formatted (by a worker thread, or read back from a result file). */
  addRows(point: number, run: number, rows: string[][]): void {
    this.#rows.set(point, run, rows);
  }

  /** The file, with the points in `only` (default all). */
  csv(only?: ReadonlySet<number>): string {
    return csvText(endpointsColumns(this.#loaded.sweepKeys), this.#rows.sorted(only));
  }
}

/**
 * One run's endpoints.csv rows — formatted where the point's cluster is (the
 * worker thread that ran it), so that the cluster need not travel.
 */
export function endpointsRows(
  loaded: Pick<LoadedScenario, 'name' | 'sweepKeys'>,
  point: PointModel,
  c: BuiltCluster,
  r: EndpointCounts,
): string[][] {
  const params = loaded.sweepKeys.map((k) => paramValue(point, k));
  const rows: string[][] = [];
  const targeted = [...new Set(Array.from(c.trafficTargets))].sort((a, b) => a - b);
  for (const id of targeted) {
    const sp = c.servicePorts[id]!;
    let total = 0;
    for (let j = 0; j < sp.endpoints.length; j++) total += r.epRequests[sp.endpointBase + j]!;
    const service = `${sp.namespace}/${sp.service}:${sp.port}`;
    sp.endpoints.forEach((pod, j) => {
      const e = sp.endpointBase + j;
      // an endpoint only an event could have brought (a spare pod, a relabelled one) that never came: no row
      if (r.epExisted != null && r.epExisted[e] !== 1) return;
      const n = r.epRequests[e]!;
      const w = c.podWorkload[pod]!;
      const conc = w >= 0 ? c.workloads[w]!.concurrency : 1;
      const window = r.measuredNs;
      rows.push([
        loaded.name,
        formatInt(r.point),
        formatInt(r.run),
        ...params,
        service,
        c.podNames[pod]!,
        `${formatIPv4(c.podIP[pod]!)}:${sp.endpointPorts[j]}`,
        c.nodeNames[c.podNode[pod]!] ?? '', // an external endpoint (node −1) is on no node, in no zone
        c.nodeZones[c.podNode[pod]!] ?? '',
        formatInt(n),
        formatReal(total === 0 ? 0 : n / total),
        formatInt(r.epErrors[e]!),
        formatReal(window > 0 ? r.podBusyNs[pod]! / (window * conc) : 0),
        formatReal(window > 0 ? r.podQueueNs[pod]! / window : 0),
      ]);
    });
  }
  return rows;
}
