/**
 * The ReplicaSet and Deployment controllers: how many pods each Deployment
 * runs, which are created (from the spare pods the build placed) and which
 * are deleted.
 *
 * - scale: create up to `replicas`, or delete the surplus ranked as the
 *   ReplicaSet does (not ready before ready, then the newest first);
 * - rollout (minReadySeconds 0): a new ReplicaSet grows while the total
 *   stays ≤ desired + maxSurge; old pods are deleted — the not-ready ones
 *   first, then ready ones while the available (ready, not terminating) stay
 *   ≥ desired − maxUnavailable — each time a pod of the Deployment changes
 *   at the API server (seen after the watch delay);
 * - a pod that leaves the Deployment (evicted, relabelled out of its
 *   selector) is replaced.
 *
 * What creating and deleting a pod does to the pod itself (its container,
 * the kubelet, the API object) is the control plane's (`PodHooks`).
 */
import type { Engine } from '../../engine/engine.js';
import type { Timers } from '../../engine/timers.js';
import { PRIO_CLUSTER, T_ROLLOUT } from '../../engine/event-kinds.js';
import type { BuiltCluster } from '../build.js';
import { DEFAULT_LIFECYCLE, type ControlPlaneSpec, type IntOrPercent, type PodLifecycleSpec } from '../../scenario/types.js';
import type { ApiPods } from './endpointslice-controller.js';

/** What the controllers need done to, or know of, a pod. */
export interface PodHooks {
  /** Spare pod p now exists (API object; the kubelet starts it). */
  created(p: number): void;
  /** Pod p is deleted gracefully. */
  deleted(p: number): void;
  /** The kubelet's readiness of p (the scale-down ranking). */
  kubeletReady(p: number): boolean;
  /** p's container runs (started or listening). */
  running(p: number): boolean;
  nodeUp(n: number): boolean;
}

/** Kubernetes' rounding of maxSurge (up) and maxUnavailable (down) against `replicas`. */
export function resolveIntOrPercent(v: IntOrPercent, replicas: number, roundUp: boolean): number {
  if (!v.percent) return v.value;
  const x = (v.value * replicas) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

interface Deploy {
  desired: number;
  /** Pods of the Deployment that exist and are not terminating, oldest first. */
  active: number[];
  /** Spare pod ids not used yet, in order. */
  spares: number[];
  lifecycle: PodLifecycleSpec;
  /** A rollout in progress: the pods of the new ReplicaSet (others in `active` are old). */
  rollout: { newPods: Set<number>; surge: number; unavailable: number } | null;
  reconcileTimer: number;
}

export class ReplicaSets {
  readonly #engine: Engine;
  readonly #timers: Timers;
  readonly #cluster: BuiltCluster;
  readonly #cp: ControlPlaneSpec;
  readonly #api: ApiPods;
  readonly #pods: PodHooks;
  readonly #deploys: Deploy[];

  constructor(engine: Engine, timers: Timers, cluster: BuiltCluster, cp: ControlPlaneSpec, api: ApiPods, pods: PodHooks) {
    this.#engine = engine;
    this.#timers = timers;
    this.#cluster = cluster;
    this.#cp = cp;
    this.#api = api;
    this.#pods = pods;
    this.#deploys = cluster.deployments.map((d) => ({
      desired: d.replicas,
      active: [],
      spares: [],
      lifecycle: d.lifecycle ?? DEFAULT_LIFECYCLE,
      rollout: null,
      reconcileTimer: -1,
    }));
    for (let p = 0; p < cluster.podNode.length; p++) {
      const di = cluster.podDeployment[p]!;
      if (di < 0) continue;
      if (cluster.podSpare[p] === 1) this.#deploys[di]!.spares.push(p);
      else this.#deploys[di]!.active.push(p);
    }
  }

  /** Pods of Deployment `d` whose container runs now (targets for kill-pod & co.), oldest first. */
  runningPods(d: number): number[] {
    return this.#deploys[d]!.active.filter((p) => this.#pods.running(p));
  }

  /** scale: create or delete pods to reach `replicas` (a rollout in progress uses the new count as it goes). */
  scale(d: number, replicas: number): void {
    const dep = this.#deploys[d]!;
    dep.desired = replicas;
    if (dep.rollout === null) this.reconcile(d);
  }

  /** rollout: a new ReplicaSet, rolled with maxSurge / maxUnavailable (null: the Deployment's). */
  rollout(d: number, maxSurge: IntOrPercent | null, maxUnavailable: IntOrPercent | null): void {
    const dep = this.#deploys[d]!;
    const surge = resolveIntOrPercent(maxSurge ?? dep.lifecycle.maxSurge, dep.desired, true);
    let unavailable = resolveIntOrPercent(maxUnavailable ?? dep.lifecycle.maxUnavailable, dep.desired, false);
    if (surge === 0 && unavailable === 0) unavailable = 1; // the Deployment controller's own rule
    dep.rollout = { newPods: new Set(), surge, unavailable };
    this.reconcile(d);
  }

  /** Pod p changed at the API server `lag` from now: a Deployment in a rollout looks again after the watch delay. */
  podChanged(p: number, lag: number): void {
    const di = this.#cluster.podDeployment[p]!;
    if (di < 0) return;
    const dep = this.#deploys[di]!;
    if (dep.rollout !== null && dep.reconcileTimer < 0) dep.reconcileTimer = this.#timers.at(this.#engine.now + lag + this.#cp.watchDelay, T_ROLLOUT, di, PRIO_CLUSTER);
  }

  /** T_ROLLOUT: Deployment d's controller looks again. */
  handle(d: number): void {
    this.#deploys[d]!.reconcileTimer = -1;
    this.reconcile(d);
  }

  /** Pod p leaves its Deployment (evicted, or relabelled out of its selector); true if it counted there. */
  release(p: number): boolean {
    const di = this.#cluster.podDeployment[p]!;
    if (di < 0) return false;
    const dep = this.#deploys[di]!;
    if (!dep.active.includes(p)) return false;
    dep.active = dep.active.filter((q) => q !== p);
    return true;
  }

  /** Bring a spare pod of Deployment d to life on a node that is up; −1 if none is (it stays Pending). */
  #create(d: number): number {
    const dep = this.#deploys[d]!;
    if (dep.spares.length === 0) {
      // build.ts sparePods bounds what events can create; running out means that bound is wrong
      throw new Error(`Deployment ${this.#cluster.deployments[d]!.name}: no spare pod left to create (build.ts sparePods undercounts this scenario's events)`);
    }
    // a pod goes to a node that is up (the scheduler's choice among the spares placed at build time)
    const k = dep.spares.findIndex((p) => this.#pods.nodeUp(this.#cluster.podNode[p]!));
    if (k < 0) return -1;
    const p = dep.spares.splice(k, 1)[0]!;
    dep.active.push(p);
    this.#pods.created(p);
    return p;
  }

  #delete(p: number): void {
    this.release(p);
    this.#pods.deleted(p);
  }

  /** ReplicaSet ranking for scale-down: not ready before ready, then the newest first. */
  #victims(pods: number[], n: number): number[] {
    const ranked = pods.map((p, i) => ({ p, i, r: this.#pods.kubeletReady(p) ? 1 : 0 }));
    ranked.sort((a, b) => a.r - b.r || b.i - a.i);
    return ranked.slice(0, n).map((x) => x.p);
  }

  /** The ReplicaSet / Deployment controller's loop for Deployment d. */
  reconcile(d: number): void {
    const dep = this.#deploys[d]!;
    const ro = dep.rollout;
    if (ro === null) {
      const have = dep.active.length;
      if (have < dep.desired) for (let i = have; i < dep.desired; i++) this.#create(d);
      else if (have > dep.desired) for (const p of this.#victims(dep.active, have - dep.desired)) this.#delete(p);
      return;
    }
    const isNew = (p: number) => ro.newPods.has(p);
    const surgeUp = () => {
      let fresh = dep.active.filter(isNew).length;
      while (fresh < dep.desired && dep.active.length < dep.desired + ro.surge) {
        const p = this.#create(d);
        if (p < 0) break;
        ro.newPods.add(p);
        fresh++;
      }
      return fresh;
    };
    surgeUp();
    const api = this.#api;
    const ready = (p: number) => api.ready[p] === 1 && api.nodeNotReady[p] === 0;
    const old = dep.active.filter((p) => !isNew(p));
    for (const p of old) if (!ready(p)) this.#delete(p);
    let canRemove = dep.active.filter(ready).length - (dep.desired - ro.unavailable);
    for (const p of this.#victims(dep.active.filter((q) => !isNew(q)), old.length)) {
      if (canRemove <= 0) break;
      this.#delete(p);
      canRemove--;
    }
    const fresh = surgeUp();
    if (dep.active.every(isNew) && fresh >= dep.desired) dep.rollout = null;
  }
}
