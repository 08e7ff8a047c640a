/**
 * The API server's pod objects and the EndpointSlice controller that reads
 * them.
 *
 * `ApiPods` is what the API server holds of each pod, as the kubelet (pod
 * status), the node lifecycle controller (Ready=false for a lost node) and
 * the ReplicaSet controller (create, delete → terminating) write it.
 *
 * The controller, told of a pod change (after the watch delay and its batch
 * period), rewrites every slice of a Service port selecting that pod: each
 * endpoint's conditions — ready (ready and not terminating), serving
 * (terminating but still ready: KEP-1669), or neither — become a new
 * generation of the port's endpoints, handed to kube-proxy with the changes
 * (add / remove / update) for the network-programming log, each timed at
 * its pod's change at the API server (kube-proxy's last-change-trigger-time).
 */
import type { Engine } from '../../engine/engine.js';
import type { Timers } from '../../engine/timers.js';
import { PRIO_CLUSTER, T_SLICE } from '../../engine/event-kinds.js';
import type { DataPlane } from '../../routing/dataplane.js';
import type { BuiltCluster } from '../build.js';
import { matchesEquality } from '../labels.js';
import type { ControlPlaneSpec } from '../../scenario/types.js';
import type { ChangeKind, ProgrammingLog } from './programming-log.js';

export class ApiPods {
  readonly exists: Uint8Array;
  /** The kubelet's last written readiness. */
  readonly ready: Uint8Array;
  /** Deletion requested (deletionTimestamp set). */
  readonly terminating: Uint8Array;
  /** The pod's node has been NotReady (the node lifecycle controller wrote Ready=false). */
  readonly nodeNotReady: Uint8Array;
  /** When the pod last changed at the API server, ns. */
  readonly changedAt: Float64Array;

  constructor(pods: number) {
    this.exists = new Uint8Array(pods);
    this.ready = new Uint8Array(pods);
    this.terminating = new Uint8Array(pods);
    this.nodeNotReady = new Uint8Array(pods);
    this.changedAt = new Float64Array(pods);
  }
}

/** A slice write: service port, its new generation, the changes (indices in the log). */
export interface SliceWrite {
  readonly sp: number;
  readonly gen: number;
  readonly changes: number[];
}

export class EndpointSliceController {
  /** Per endpoint: 1 if it was routed to at some time in the run (endpoints.csv lists only those). */
  readonly epExisted: Uint8Array;
  /** Endpoint ids of each pod (one per service port that can select it), and of each service port. */
  readonly podEps: number[][];
  readonly spEndpoints: number[][];
  readonly #engine: Engine;
  readonly #timers: Timers;
  readonly #cluster: BuiltCluster;
  readonly #dp: DataPlane;
  readonly #cp: ControlPlaneSpec;
  readonly #api: ApiPods;
  readonly #log: ProgrammingLog;
  readonly #sliceTimer: Int32Array;
  /** Per endpoint id: 0 absent, 1 ready, 2 terminating+serving, 3 present but neither. */
  readonly #published: Uint8Array;
  /** Per endpoint: its pod's labels match its Service's selector now (relabel-pod changes it). */
  readonly #selected: Uint8Array;

  constructor(engine: Engine, timers: Timers, cluster: BuiltCluster, dp: DataPlane, cp: ControlPlaneSpec, api: ApiPods, log: ProgrammingLog) {
    this.#engine = engine;
    this.#timers = timers;
    this.#cluster = cluster;
    this.#dp = dp;
    this.#cp = cp;
    this.#api = api;
    this.#log = log;
    const E = cluster.endpointCount;
    this.#sliceTimer = new Int32Array(cluster.servicePorts.length).fill(-1);
    this.#published = new Uint8Array(E);
    this.#selected = new Uint8Array(E);
    this.epExisted = new Uint8Array(E);
    this.podEps = Array.from({ length: cluster.podNode.length }, () => []);
    this.spEndpoints = [];
    for (const sp of cluster.servicePorts) {
      const list: number[] = [];
      for (let j = 0; j < sp.endpoints.length; j++) {
        const e = sp.endpointBase + j;
        const p = sp.endpoints[j]!;
        list.push(e);
        this.podEps[p]!.push(e);
        if (sp.endpointInitial[j] === 1) this.#published[e] = this.epExisted[e] = 1;
        const di = cluster.podDeployment[p]!;
        this.#selected[e] = sp.selector === null || di < 0 || matchesEquality(sp.selector, cluster.deployments[di]!.podLabels) ? 1 : 0;
      }
      this.spEndpoints.push(list);
    }
  }

  /** Endpoints published at t=0 (kube-proxy's rule count). */
  initialEndpoints(): number {
    let n = 0;
    for (let e = 0; e < this.#published.length; e++) if (this.#published[e] === 1) n++;
    return n;
  }

  /** Pod p changed at the API server `lag` from now: every Service port selecting it re-syncs its slice after the watch delay and the batch period. */
  podChanged(p: number, lag: number): void {
    const at = this.#engine.now + lag + this.#cp.watchDelay + this.#cp.endpointSliceBatch;
    for (const e of this.podEps[p]!) {
      const sp = this.#dp.epSp[e]!;
      if (this.#sliceTimer[sp]! < 0) this.#sliceTimer[sp] = this.#timers.at(at, T_SLICE, sp, PRIO_CLUSTER);
    }
  }

  /** Pod p's labels are now `labels`: its endpoints are selected where they match (relabel-pod). */
  relabel(p: number, labels: Readonly<Record<string, string>>): void {
    for (const e of this.podEps[p]!) {
      const sel = this.#cluster.servicePorts[this.#dp.epSp[e]!]!.selector;
      this.#selected[e] = sel === null || matchesEquality(sel, labels) ? 1 : 0;
    }
  }

  /** T_SLICE: the controller writes service port sp's slice from the API server's pods; null if nothing changed. */
  write(sp: number): SliceWrite | null {
    this.#sliceTimer[sp] = -1;
    const api = this.#api;
    const ready: number[] = [];
    const serving: number[] = [];
    const changes: number[] = [];
    const bsp = this.#cluster.servicePorts[sp]!;
    for (const e of this.spEndpoints[sp]!) {
      const p = this.#dp.epPod[e]!;
      let cond = 0;
      if (api.exists[p] === 1 && this.#selected[e] === 1) {
        const r = api.ready[p] === 1 && api.nodeNotReady[p] === 0;
        if (api.terminating[p] === 1) cond = r ? 2 : 3;
        else cond = r ? 1 : 3;
      }
      if (cond === 1) ready.push(e);
      else if (cond === 2) serving.push(e);
      if (cond === 1 || cond === 2) this.epExisted[e] = 1;
      const was = this.#published[e]!;
      if (was === cond) continue;
      this.#published[e] = cond;
      const routedBefore = was === 1 || was === 2;
      const routedNow = cond === 1 || cond === 2;
      if (!routedBefore && !routedNow) continue; // not routed before or after (created, or gone while not ready)
      let kind: ChangeKind;
      if (!routedBefore && routedNow) kind = 'add';
      else if (routedBefore && !routedNow) kind = 'remove';
      else kind = 'update';
      changes.push(this.#log.changes.length);
      this.#log.changes.push({
        service: `${bsp.namespace}/${bsp.service}${bsp.portName === '' ? '' : `:${bsp.portName}`}`,
        endpoint: this.#cluster.podNames[p]!,
        kind,
        changedAt: api.changedAt[p]!,
      });
    }
    if (changes.length === 0) return null;
    // kube-proxy orders endpoints by "IP:port": the order of endpoint ids within a service port
    // (build.ts servicePortEndpoints sorts every endpoint a port can have, spares included, so)
    return { sp, gen: this.#dp.addGeneration(sp, ready, serving), changes };
  }
}
