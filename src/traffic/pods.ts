/**
 * The pods' side of a request: each pod serves up to `concurrency` requests
 * at once and queues the rest FIFO, up to its queue limit (one more is
 * answered at once with 503 → `rejected`).
 *
 * Queue limit: `workloads[].queueLimit` when given; otherwise a guard that
 * keeps memory bounded whatever the load (GUARD_TOTAL waiting requests over
 * all serving pods, at least GUARD_MIN per pod). When the guard — not a limit
 * the user chose — turns a request away, the pod is counted in `guardHits`
 * and the CLI says so with the pod's load (ρ): a run that hits it is
 * overloaded, and its latencies describe the guard, not the service.
 *
 * Utilisation, over the measured window only: `busyNs` integrates the number
 * of requests in service, `queueNs` the number waiting — the simulation adds
 * each request's own time in service and in the queue, clipped to the window,
 * when it starts service; busy_fraction = busyNs / (window · concurrency),
 * mean_queue_length = queueNs / window.
 *
 * Requests are slots of the caller's pool; the FIFO links live in the pool's
 * `next` array (read through `links()`, since the pool may grow).
 * Hot path: integers and typed arrays, no allocation.
 */
import type { BuiltCluster } from '../cluster/build.js';
import type { ScenarioSpec } from '../scenario/types.js';

/** Pods.state: the container accepts and serves. */
export const POD_UP = 0;
/** Nothing listens (not started, exited, SIGTERMed, deleted): a SYN gets a RST → `refused`. */
export const POD_REFUSE = 1;
/** Its node is down: nothing answers at all (→ `timeout`). */
export const POD_SILENT = 2;
/** Accepts, never answers (hang-pod): requests wait in its queue. */
export const POD_HUNG = 3;

/** Waiting requests the default guard allows over all serving pods (a request slot is ~50 bytes: ~100 MB). */
export const GUARD_TOTAL = 1 << 21;
/** …and at least this many per pod. */
export const GUARD_MIN = 1024;

export class Pods {
  readonly count: number;
  /** Service-time distribution per pod (engine/distributions.ts codes). */
  readonly code: Int32Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly conc: Int32Array;
  readonly limit: Float64Array;
  /** 1 where `limit` is the default guard, not the user's queueLimit. */
  readonly guarded: Uint8Array;
  readonly busy: Int32Array;
  /** Requests in service over a concurrency a `set` lowered: the next departures give up their slots (the next in line waits). */
  readonly excess: Int32Array;
  readonly waiting: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  /** Requests turned away by the default guard (measured window). */
  readonly guardHits: Float64Array;
  /** ∫ requests in service dt and ∫ requests waiting dt over the measured window, ns. */
  readonly busyNs: Float64Array;
  readonly queueNs: Float64Array;
  /** What a request arriving now meets (POD_*): the control plane writes it; 0 for every pod of t=0. */
  readonly state: Uint8Array;
  /** Service time factor (slow-pod), 1 by default. */
  readonly slow: Float64Array;

  constructor(cluster: BuiltCluster, spec: ScenarioSpec) {
    const P = (this.count = cluster.podNode.length);
    this.code = new Int32Array(P);
    this.a = new Float64Array(P);
    this.b = new Float64Array(P);
    this.conc = new Int32Array(P);
    this.limit = new Float64Array(P);
    this.guarded = new Uint8Array(P);
    this.busy = new Int32Array(P);
    this.excess = new Int32Array(P);
    this.waiting = new Int32Array(P);
    this.head = new Int32Array(P).fill(-1);
    this.tail = new Int32Array(P).fill(-1);
    this.guardHits = new Float64Array(P);
    this.busyNs = new Float64Array(P);
    this.queueNs = new Float64Array(P);
    this.state = new Uint8Array(P);
    this.slow = new Float64Array(P).fill(1);
    for (let p = 0; p < P; p++) if (cluster.podSpare[p] === 1) this.state[p] = POD_REFUSE;
    let serving = 0;
    for (let p = 0; p < P; p++) if (cluster.podWorkload[p]! >= 0) serving++;
    const guard = Math.max(GUARD_MIN, Math.floor(GUARD_TOTAL / Math.max(1, serving)));
    for (let p = 0; p < P; p++) {
      const w = cluster.podWorkload[p]!;
      if (w < 0) continue;
      const wl = cluster.workloads[w]!;
      const given = spec.workloads[w]?.queueLimit ?? null; // cluster.workloads[w] is built from spec.workloads[w]
      this.code[p] = wl.dist.code;
      this.a[p] = wl.dist.a;
      this.b[p] = wl.dist.b;
      this.conc[p] = wl.concurrency;
      this.limit[p] = given ?? guard;
      this.guarded[p] = given === null ? 1 : 0;
    }
  }
}
