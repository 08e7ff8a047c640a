/**
 * The default queue guard (traffic/pods.ts): when it turns requests away the
 * run is overloaded, and its latencies describe the guard rather than the
 * service. This collects, per point and pod, the requests the guard rejected
 * and the load the pod was offered, and words the warning the CLI prints and
 * manifest.json keeps: the pod, its offered load ρ = λ·E[S]/concurrency
 * (λ = requests routed to it per second of the window), the guard's size.
 */
import type { BuiltCluster } from '../cluster/build.js';
import type { LoadedScenario } from '../scenario/types.js';

export interface GuardCounts {
  readonly point: number;
  readonly measuredNs: number;
  readonly epRequests: Float64Array;
  readonly podGuardHits: Float64Array;
}

export class GuardNotes {
  readonly #loaded: LoadedScenario;
  readonly #clusters: readonly BuiltCluster[];
  /** point → pod → [rejected, routed, window ns] summed over runs. */
  readonly #hits = new Map<number, Map<number, [number, number, number]>>();

  constructor(loaded: LoadedScenario, clusters: readonly BuiltCluster[]) {
    this.#loaded = loaded;
    this.#clusters = clusters;
  }

  add(r: GuardCounts): void {
    const c = this.#clusters[r.point]!;
    let any = false;
    for (let p = 0; p < r.podGuardHits.length; p++) if (r.podGuardHits[p]! > 0) any = true;
    if (!any) return;
    let byPod = this.#hits.get(r.point);
    if (byPod === undefined) this.#hits.set(r.point, (byPod = new Map()));
    const routed = new Float64Array(r.podGuardHits.length);
    for (const sp of c.servicePorts) for (let j = 0; j < sp.endpoints.length; j++) routed[sp.endpoints[j]!]! += r.epRequests[sp.endpointBase + j]!;
    for (let p = 0; p < r.podGuardHits.length; p++) {
      const h = r.podGuardHits[p]!;
      if (h === 0) continue;
      const acc = byPod.get(p) ?? [0, 0, 0];
      acc[0] += h;
      acc[1] += routed[p]!;
      acc[2] += r.measuredNs;
      byPod.set(p, acc);
    }
  }

  /** One line per (point, pod) whose guard fired, in (point, pod) order. */
  messages(only?: ReadonlySet<number>): string[] {
    const out: string[] = [];
    for (const point of [...this.#hits.keys()].sort((a, b) => a - b)) {
      if (only !== undefined && !only.has(point)) continue;
      const c = this.#clusters[point]!;
      const spec = this.#loaded.points.find((p) => p.index === point)!.spec;
      for (const [pod, [rejected, routed, windowNs]] of [...this.#hits.get(point)!.entries()].sort((a, b) => a[0] - b[0])) {
        const w = c.workloads[c.podWorkload[pod]!]!;
        const mean = spec.workloads.find((x) => x.deployment === w.deployment && x.namespace === w.namespace)!.serviceTime.mean;
        const lambda = routed / (windowNs / 1e9);
        const capacity = (w.concurrency * 1e9) / mean;
        const rho = lambda / capacity;
        out.push(
          `point ${point}: pod ${c.podNames[pod]} was offered ρ = ${rho.toFixed(2)} (${Math.round(rho * 100)} %: ${lambda.toPrecision(4)} requests/s against a capacity of ${capacity.toPrecision(4)}/s); ` +
            `its queue reached the default guard and ${rejected} requests were answered 503 (errors_rejected) — the run is overloaded; set workloads[].queueLimit to choose the limit, or lower the load`,
        );
      }
    }
    return out;
  }
}
