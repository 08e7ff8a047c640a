/**
 * The default queue guard (traffic/pods.ts): when it turns requests away the
 * run is overloaded, and its latencies describe the guard rather than the
 * service. `guardEntries` (where the run ran, next to its cluster) lists the
 * pods whose guard fired with the load they were offered; GuardNotes sums
 * them over a point's runs and words the warning the CLI prints and
 * manifest.json keeps: the pod, its offered load ρ = λ·E[S]/concurrency
 * (λ = requests routed to it per second of the window), the requests turned
 * away.
 */
import type { BuiltCluster } from '../cluster/build.js';
import type { PointModel } from '../scenario/types.js';

/** One pod whose default guard fired in one run (plain data). */
export interface GuardEntry {
  readonly pod: string;
  readonly rejected: number;
  /** Requests routed to the pod in the window. */
  readonly routed: number;
  /** Requests per second the pod serves flat out: concurrency / E[S]. */
  readonly capacity: number;
}

export function guardEntries(point: PointModel, c: BuiltCluster, epRequests: Float64Array, podGuardHits: Float64Array): GuardEntry[] {
  const out: GuardEntry[] = [];
  let routed: Float64Array | null = null;
  for (let p = 0; p < podGuardHits.length; p++) {
    if (podGuardHits[p]! === 0) continue;
    if (routed === null) {
      routed = new Float64Array(podGuardHits.length);
      for (const sp of c.servicePorts) for (let j = 0; j < sp.endpoints.length; j++) routed[sp.endpoints[j]!]! += epRequests[sp.endpointBase + j]!;
    }
    const w = c.workloads[c.podWorkload[p]!]!;
    const mean = point.spec.workloads[c.podWorkload[p]!]!.serviceTime.mean; // cluster.workloads[i] is built from spec.workloads[i]
    out.push({ pod: c.podNames[p]!, rejected: podGuardHits[p]!, routed: routed[p]!, capacity: (w.concurrency * 1e9) / mean });
  }
  return out;
}

export class GuardNotes {
  /** point → pod → [rejected, routed, window ns, capacity], summed over runs. */
  readonly #hits = new Map<number, Map<string, [number, number, number, number]>>();

  add(point: number, measuredNs: number, entries: readonly GuardEntry[]): void {
    if (entries.length === 0) return;
    let byPod = this.#hits.get(point);
    if (byPod === undefined) this.#hits.set(point, (byPod = new Map()));
    for (const e of entries) {
      const acc = byPod.get(e.pod) ?? [0, 0, 0, e.capacity];
      acc[0] += e.rejected;
      acc[1] += e.routed;
      acc[2] += measuredNs;
      byPod.set(e.pod, acc);
    }
  }

  /** One line per (point, pod) whose guard fired, in (point, pod name) order. */
  messages(only?: ReadonlySet<number>): string[] {
    const out: string[] = [];
    for (const point of [...this.#hits.keys()].sort((a, b) => a - b)) {
      if (only !== undefined && !only.has(point)) continue;
      for (const [pod, [rejected, routed, windowNs, capacity]] of [...this.#hits.get(point)!.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const lambda = routed / (windowNs / 1e9);
        const rho = lambda / capacity;
        out.push(
          `point ${point}: pod ${pod} was offered ρ = ${rho.toFixed(2)} (${Math.round(rho * 100)} %: ${lambda.toPrecision(4)} requests/s against a capacity of ${capacity.toPrecision(4)}/s); ` +
            `its queue reached the default guard and ${rejected} requests were answered 503 (errors_rejected) — the run is overloaded: lower the load, or set workloads[].queueLimit to choose the limit`,
        );
      }
    }
    return out;
  }
}
