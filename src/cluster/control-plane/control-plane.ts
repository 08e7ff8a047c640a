/**
 * The cluster in motion: pods and their containers, the kubelet, the API
 * server, the EndpointSlice controller, the ReplicaSet/Deployment controllers
 * and kube-proxy on every node — the chain that decides how long a failure
 * keeps being routed to (DESIGN.md "Control-plane delays", KUBE-FACTS §7).
 *
 *   container dies ─ U(0, exitDetection) ─→ kubelet: not ready ─┐
 *   probe fails failureThreshold × period ─→ kubelet: not ready ─┤
 *   pod deleted (API write: terminating) ─────────────────────────┤
 *                                      podStatusDelay (kubelet)   │
 *                                            API server: pod ─────┘
 *                                   watchDelay + endpointSliceBatch
 *                 EndpointSlice controller writes the slice (a new generation)
 *                                             watchDelay
 *                    kube-proxy on each node: BoundedFrequencyRunner
 *               (burst 2, one token per minSyncPeriod; a full resync at least
 *               every syncPeriod), then a sync that takes syncCost
 *                 → the node programs the generation (DataPlane.program)
 *
 * Each node applies a generation only when its own sync completes, so nodes
 * disagree for a while; a node never sees a generation it has not synced,
 * and generations are immutable (DataPlane keeps each as its own set), so no
 * generation a node still holds is ever overwritten. Kube-proxy
 * (kube-proxy.ts) is the only writer of the nodes' views after t=0.
 *
 * This file: the pods' containers, the kubelet (exit detection, probes,
 * restarts and CrashLoopBackOff, termination), the node lifecycle
 * controller, and the scenario actions; the API server's pods and the
 * EndpointSlice controller are in endpointslice-controller.ts, the
 * ReplicaSet/Deployment controllers in replicasets.ts.
 *
 * The request side (traffic/simulation.ts) is told what happens to the
 * containers through `RequestSide`; it reads `Pods.state` on every request.
 * Everything here is rare next to requests: plain arrays and small objects
 * are fine, but every random draw comes from a named stream, in event order.
 */
import type { Engine } from '../../engine/engine.js';
import { stream, type Rng } from '../../engine/rng.js';
import type { Timers } from '../../engine/timers.js';
import {
  PRIO_CLUSTER,
  T_NODE,
  T_POD,
  T_PROBE,
  T_ROLLOUT,
  T_SAMPLE,
  T_SLICE,
} from '../../engine/event-kinds.js';
import type { DataPlane } from '../../routing/dataplane.js';
import type { BuiltCluster, BuiltDeployment } from '../build.js';
import { applyLabels } from '../event-pods.js';
import { matchesSelector } from '../labels.js';
import type { Pods } from '../../traffic/pods.js';
import { POD_UP, POD_REFUSE, POD_SILENT, POD_HUNG } from '../../traffic/pods.js';
import type { IntervalSeries } from '../../metrics/interval-series.js';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_LIFECYCLE,
  type ControlPlaneSpec,
  type IntOrPercent,
  type PodLifecycleSpec,
  type ScenarioSpec,
} from '../../scenario/types.js';
import { KubeProxies } from './kube-proxy.js';
import { emptyProgrammingLog, type ProgrammingLog } from './programming-log.js';
import { ApiPods, EndpointSliceController } from './endpointslice-controller.js';
import { ReplicaSets } from './replicasets.js';

/** What the request side does when a container or node changes (traffic/simulation.ts). */
export interface RequestSide {
  /** The container died: requests in it are reset, its connections closed. */
  containerDied(pod: number): void;
  /** SIGTERM: the server stops accepting and closes idle connections; requests in it finish. */
  containerDraining(pod: number): void;
  /** The node went down with the pod: requests in it are never answered. */
  containerLost(pod: number): void;
  /** A hang is over: the pod serves what queued meanwhile. */
  containerResumed(pod: number): void;
}

// container phases
const NONE = 0; // not created (a spare) or deleted
const STARTING = 1; // container started, not listening yet (startupTime)
const RUNNING = 2;
const CRASHED = 3; // exited; the kubelet restarts it (CrashLoopBackOff)
const PRESTOP = 4; // deleted: preStop hook running, still serving
const DRAINING = 5; // SIGTERM: not accepting, finishing in-flight requests
const NODE_LOST = 6; // its node is down

// what a pod's T_POD timer means
const STEP_LISTEN = 1;
const STEP_DETECT = 2;
const STEP_RESTART = 3;
const STEP_SIGTERM = 4;
const STEP_SIGKILL = 5;
const STEP_CREATE = 6;

// node timer steps
const NODE_NOT_READY = 1;
const NODE_EVICT = 2;

/** CrashLoopBackOff: 10 s doubling to 300 s, reset after 10 min running (KUBE-FACTS §7). */
export const BACKOFF_BASE_NS = 10e9;
export const BACKOFF_MAX_NS = 300e9;
export const BACKOFF_RESET_NS = 600e9;

/** The restart delay after the n-th crash in a row (n ≥ 1): 0 for the first, then 10 s · 2^(n−2), capped. */
export function crashLoopDelay(n: number): number {
  if (n <= 1) return 0;
  return Math.min(BACKOFF_MAX_NS, BACKOFF_BASE_NS * 2 ** (n - 2));
}

export class ControlPlane {
  readonly log: ProgrammingLog = emptyProgrammingLog();
  /** Per endpoint: 1 if it existed at some time in the run (endpoints.csv lists only those). */
  readonly epExisted: Uint8Array;
  /** Pods whose labels a relabel-pod event changed: their labels now. */
  readonly #labels = new Map<number, Record<string, string>>();
  readonly cp: ControlPlaneSpec;
  readonly #engine: Engine;
  readonly #timers: Timers;
  readonly #dp: DataPlane;
  readonly #pods: Pods;
  readonly #cluster: BuiltCluster;
  readonly #side: RequestSide;
  readonly #series: IntervalSeries;
  readonly #kubelet: Rng;
  readonly #nodes: number;
  readonly #S: number;

  // ---- pods
  readonly #phase: Uint8Array;
  readonly #ready: Uint8Array; // the kubelet's readiness
  readonly #hung: Uint8Array;
  readonly #restarts: Int32Array; // crashes in a row (CrashLoopBackOff)
  readonly #started: Float64Array; // container start
  readonly #probeOrigin: Float64Array; // probe lattice: origin + k · period
  readonly #step: Uint8Array;
  readonly #podTimer: Int32Array;
  readonly #probeTimer: Int32Array;
  readonly #probeTarget: Uint8Array;
  readonly #termStart: Float64Array; // the kubelet began terminating (preStop, then SIGTERM; SIGKILL at + grace)
  readonly #lifecycle: PodLifecycleSpec[];
  readonly #startup: Float64Array;
  /** The API server's pods, and the EndpointSlice controller that reads them. */
  readonly #api: ApiPods;
  readonly #slices: EndpointSliceController;
  readonly #proxies: KubeProxies;

  // ---- nodes
  readonly #nodeUp: Uint8Array;
  /** Partition side of each node (0: with the API server). */
  readonly #group: Int32Array;
  /** Pods whose status change their kubelet could not write (partitioned away from the API server). */
  readonly #heldStatus: Uint8Array;
  readonly #nodeTimer: Int32Array;
  readonly #nodeStep: Uint8Array;

  // ---- Deployments
  readonly #replicaSets: ReplicaSets;

  constructor(
    engine: Engine,
    timers: Timers,
    cluster: BuiltCluster,
    spec: ScenarioSpec,
    run: number,
    dp: DataPlane,
    pods: Pods,
    side: RequestSide,
    series: IntervalSeries,
    deployments: readonly BuiltDeployment[],
  ) {
    this.#engine = engine;
    this.#timers = timers;
    this.#cluster = cluster;
    this.#dp = dp;
    this.#pods = pods;
    this.#side = side;
    this.#series = series;
    this.cp = spec.cluster.controlPlane ?? DEFAULT_CONTROL_PLANE;
    this.#kubelet = stream(spec.seed, run, 'kubelet');
    const nodes = (this.#nodes = cluster.nodeNames.length);
    this.#S = cluster.servicePorts.length;
    const P = cluster.podNode.length;

    this.#phase = new Uint8Array(P);

    this.#ready = new Uint8Array(P);
    this.#hung = new Uint8Array(P);
    this.#restarts = new Int32Array(P);
    this.#started = new Float64Array(P);
    this.#probeOrigin = new Float64Array(P);
    this.#step = new Uint8Array(P);
    this.#podTimer = new Int32Array(P).fill(-1);
    this.#probeTimer = new Int32Array(P).fill(-1);
    this.#probeTarget = new Uint8Array(P);
    this.#termStart = new Float64Array(P);
    this.#startup = new Float64Array(P);
    this.#api = new ApiPods(P);
    this.#slices = new EndpointSliceController(engine, timers, cluster, dp, this.cp, this.#api, this.log);
    this.epExisted = this.#slices.epExisted;

    // lifecycle per pod: its workload's (merged with the workloads[] entry), else its Deployment's
    const wlLife = spec.workloads.map((w) => w.lifecycle ?? DEFAULT_LIFECYCLE);
    const wlStartup = spec.workloads.map((w) => w.startupTime);
    this.#lifecycle = new Array<PodLifecycleSpec>(P);
    const phaseRng = stream(spec.seed, run, 'probe-phase');
    for (let p = 0; p < P; p++) {
      const w = cluster.podWorkload[p]!;
      const di = cluster.podDeployment[p]!;
      const life = w >= 0 ? wlLife[w]! : di >= 0 ? (deployments[di]?.lifecycle ?? DEFAULT_LIFECYCLE) : DEFAULT_LIFECYCLE;
      this.#lifecycle[p] = life;
      this.#startup[p] = w >= 0 ? wlStartup[w]! : 1e9;
      if (cluster.podSpare[p] === 1) continue;
      // t=0: steady state — running, ready, listening; the probe's phase random per pod
      this.#phase[p] = RUNNING;
      this.#ready[p] = 1;
      this.#api.exists[p] = 1;
      this.#api.ready[p] = 1;
      this.#started[p] = -BACKOFF_RESET_NS;
      const period = life.readinessProbe?.period ?? 0;
      this.#probeOrigin[p] = period > 0 ? -Math.floor(phaseRng() * period) : 0;
    }

    this.#nodeUp = new Uint8Array(nodes).fill(1);
    this.#group = new Int32Array(nodes);
    this.#heldStatus = new Uint8Array(P);
    this.#nodeTimer = new Int32Array(nodes).fill(-1);
    this.#nodeStep = new Uint8Array(nodes);
    // kube-proxy on every node: synced generation 0 at t=0
    const bg = spec.cluster.background;
    const real = this.#slices.initialEndpoints();
    this.#proxies = new KubeProxies(
      engine,
      timers,
      dp,
      cluster,
      spec,
      this.cp,
      run,
      this.log,
      this.#slices.spEndpoints.map((l) => l.length),
      real + bg.services * bg.endpointsPerService,
    );

    // Deployments and their spare pods
    const phase = this.#phase;
    this.#replicaSets = new ReplicaSets(engine, timers, cluster, this.cp, this.#api, {
      created: (p) => this.#created(p),
      deleted: (p) => this.#deleted(p),
      kubeletReady: (p) => this.#ready[p] === 1,
      running: (p) => phase[p] === RUNNING || phase[p] === STARTING,
      nodeUp: (n) => this.#nodeUp[n] === 1,
    });

    // stale_nodes: sampled at every interval's end
    for (let k = 0; k < series.intervals; k++) {
      const at = Math.min((k + 1) * series.widthNs, spec.warmup + spec.duration);
      timers.at(at, T_SAMPLE, k, 0);
    }
  }

  /** A TIMER of the control plane fired (kind: event-kinds T_*). */
  handle(kind: number, arg: number): void {
    switch (kind) {
      case T_POD:
        this.#podTimer[arg] = -1;
        this.#podStep(arg);
        return;
      case T_PROBE:
        this.#probeTimer[arg] = -1;
        this.#setReady(arg, this.#probeTarget[arg]!);
        return;
      case T_SLICE: {
        const w = this.#slices.write(arg);
        if (w !== null) this.#proxies.publish(w.sp, w.gen, w.changes);
        return;
      }
      case T_NODE:
        this.#nodeTimer[arg] = -1;
        this.#nodeStepRun(arg);
        return;
      case T_ROLLOUT:
        this.#replicaSets.handle(arg);
        return;
      case T_SAMPLE:
        this.#series.staleNodes[arg] = this.staleNodes();
        return;
    }
    if (!this.#proxies.handle(kind, arg)) throw new Error(`control plane: unknown timer kind ${kind}`);
  }

  // ================================================================ scenario actions

  /** Pods of Deployment `d` whose container runs now (targets for kill-pod & co.: an exited one cannot be killed again), oldest first. */
  runningPods(d: number): number[] {
    return this.#replicaSets.runningPods(d);
  }

  /** kill-pod: the container is SIGKILLed; the kubelet restarts it (CrashLoopBackOff). */
  killPod(p: number): void {
    const ph = this.#phase[p]!;
    if (ph === NONE || ph === NODE_LOST || ph === CRASHED) return;
    this.#containerExit(p);
  }

  /** hang-pod: accepts, never answers; the readiness probe fails. */
  hangPod(p: number, on: boolean): void {
    this.#hung[p] = on ? 1 : 0;
    const ph = this.#phase[p]!;
    if (ph === RUNNING || ph === PRESTOP) {
      this.#pods.state[p] = on ? POD_HUNG : POD_UP;
      if (!on) this.#side.containerResumed(p);
    }
    this.#healthChanged(p);
  }

  /**
   * relabel-pod: the pod's labels change (null removes one) — an API write.
   * It leaves or joins the Services whose selectors it stops or starts
   * matching; one that leaves its ReplicaSet's selector is orphaned (it
   * keeps running, unmanaged) and replaced.
   */
  relabelPod(p: number, change: Readonly<Record<string, string | null>>): void {
    const cluster = this.#cluster;
    const di = cluster.podDeployment[p]!;
    if (di < 0) return;
    const dep = cluster.deployments[di]!;
    const labels = applyLabels(this.#labels.get(p) ?? dep.podLabels, change);
    this.#labels.set(p, labels);
    this.#slices.relabel(p, labels);
    this.#api.changedAt[p] = this.#engine.now;
    this.#podChanged(p);
    if (!matchesSelector(dep.selector, labels) && this.#replicaSets.release(p)) this.#replicaSets.reconcile(di);
  }

  /** slow-pod: service time × factor (1 = back to normal). */
  slowPod(p: number, factor: number): void {
    this.#pods.slow[p] = factor;
  }

  /** node-down: its pods stop with it; SYNs to it go unanswered; NotReady after the grace period. */
  nodeDown(n: number): void {
    if (this.#nodeUp[n] === 0) return;
    this.#nodeUp[n] = 0;
    const cluster = this.#cluster;
    for (let p = 0; p < cluster.podNode.length; p++) {
      if (cluster.podNode[p] !== n) continue;
      const ph = this.#phase[p]!;
      if (ph === NONE) continue;
      this.#timers.cancel(this.#podTimer[p]!);
      this.#podTimer[p] = -1;
      this.#timers.cancel(this.#probeTimer[p]!);
      this.#probeTimer[p] = -1;
      this.#phase[p] = NODE_LOST;
      this.#pods.state[p] = POD_SILENT;
      this.#side.containerLost(p);
    }
    this.#proxies.stop(n);
    // the node lifecycle controller: NotReady after the grace period
    this.#nodeAt(n, this.#engine.now + this.cp.nodeMonitorGracePeriod, NODE_NOT_READY);
  }

  /** node-up: the kubelet restarts the pods still bound to it; kube-proxy syncs everything. */
  nodeUp(n: number): void {
    if (this.#nodeUp[n] === 1) return;
    this.#nodeUp[n] = 1;
    this.#timers.cancel(this.#nodeTimer[n]!);
    this.#nodeTimer[n] = -1;
    const now = this.#engine.now;
    const cluster = this.#cluster;
    for (let p = 0; p < cluster.podNode.length; p++) {
      if (cluster.podNode[p] !== n || this.#phase[p] !== NODE_LOST) continue;
      // the node is Ready again; its kubelet restarts the pod's container and writes its status:
      // not ready until the container runs (no probe) or its probe passes
      this.#api.nodeNotReady[p] = 0;
      this.#ready[p] = 1;
      this.#setReady(p, 0);
      this.#startContainer(p, now);
    }
    this.#proxies.start(n);
  }

  /**
   * partition: node n moves to side g (0: back). Cut off, its kube-proxy sees
   * no slice writes and its kubelet cannot write pod status; the node
   * lifecycle controller, missing its heartbeats, marks it NotReady after
   * the grace period (its endpoints leave every other node's rules) and
   * evicts its pods after the toleration. Healed, it writes what it held
   * and syncs.
   */
  partition(n: number, g: number): void {
    const was = this.#group[n]!;
    this.#group[n] = g;
    const now = this.#engine.now;
    if (g !== 0 && was === 0) {
      this.#proxies.setCut(n, true);
      if (this.#nodeUp[n] === 1) this.#nodeAt(n, now + this.cp.nodeMonitorGracePeriod, NODE_NOT_READY);
      return;
    }
    if (g !== 0 || was === 0 || this.#nodeUp[n] === 0) return;
    // healed: heartbeats again (Ready), the held statuses written, kube-proxy catches up
    this.#timers.cancel(this.#nodeTimer[n]!);
    this.#nodeTimer[n] = -1;
    const cluster = this.#cluster;
    for (let p = 0; p < cluster.podNode.length; p++) {
      if (cluster.podNode[p] !== n) continue;
      if (this.#api.nodeNotReady[p] === 1 || this.#heldStatus[p] === 1) {
        this.#api.nodeNotReady[p] = 0;
        this.#heldStatus[p] = 0;
        this.#apiWrite(p, now);
      }
    }
    this.#proxies.setCut(n, false);
  }

  /** scale: the ReplicaSet creates or deletes pods to reach `replicas`. */
  scale(d: number, replicas: number): void {
    this.#replicaSets.scale(d, replicas);
  }

  /** rollout: a new ReplicaSet, rolled with maxSurge / maxUnavailable (null: the Deployment's). */
  rollout(d: number, maxSurge: IntOrPercent | null, maxUnavailable: IntOrPercent | null): void {
    this.#replicaSets.rollout(d, maxSurge, maxUnavailable);
  }

  // ================================================================ pods

  #podAt(p: number, at: number, step: number): void {
    this.#timers.cancel(this.#podTimer[p]!);
    this.#step[p] = step;
    this.#podTimer[p] = this.#timers.at(at, T_POD, p, PRIO_CLUSTER);
  }

  #podStep(p: number): void {
    const now = this.#engine.now;
    switch (this.#step[p]) {
      case STEP_CREATE:
        this.#startContainer(p, now);
        return;
      case STEP_LISTEN:
        if (this.#phase[p] !== STARTING) return;
        this.#phase[p] = RUNNING;
        this.#pods.state[p] = this.#hung[p] === 1 ? POD_HUNG : POD_UP;
        this.#healthChanged(p);
        return;
      case STEP_DETECT: {
        // the kubelet has seen the exit: not ready at once (no probe needed), restart after the back-off
        this.#setReady(p, 0);
        if (this.#api.terminating[p] === 1) {
          this.#gone(p);
          return;
        }
        const ranFor = now - this.#started[p]!;
        if (ranFor >= BACKOFF_RESET_NS) this.#restarts[p] = 0;
        this.#restarts[p]!++;
        this.#podAt(p, now + crashLoopDelay(this.#restarts[p]!), STEP_RESTART);
        return;
      }
      case STEP_RESTART:
        this.#startContainer(p, now);
        return;
      case STEP_SIGTERM: {
        // preStop is over: SIGTERM — the server stops accepting and drains; SIGKILL at the grace period
        if (this.#phase[p] !== PRESTOP) return;
        this.#phase[p] = DRAINING;
        this.#pods.state[p] = POD_REFUSE;
        this.#side.containerDraining(p);
        const life = this.#lifecycle[p]!;
        const killAt = this.#termStart[p]! + life.terminationGracePeriod;
        if (this.#pods.busy[p]! === 0 && this.#pods.waiting[p]! === 0) {
          this.#gone(p);
          return;
        }
        this.#podAt(p, Math.max(now, killAt), STEP_SIGKILL);
        this.#healthChanged(p); // its readiness probe now fails: not serving after failureThreshold probes
        return;
      }
      case STEP_SIGKILL:
        if (this.#phase[p] !== DRAINING) return;
        this.#side.containerDied(p);
        this.#gone(p);
        return;
    }
  }


  /** A draining pod has answered its last request (the simulation tells): the container exits. */
  drained(p: number): void {
    if (this.#phase[p] === DRAINING) this.#gone(p);
  }

  #startContainer(p: number, now: number): void {
    this.#phase[p] = STARTING;
    this.#pods.state[p] = POD_REFUSE;
    this.#started[p] = now;
    const probe = this.#lifecycle[p]!.readinessProbe;
    this.#probeOrigin[p] = now + (probe?.initialDelay ?? 0);
    this.#podAt(p, now + this.#startup[p]!, STEP_LISTEN);
    if (probe === null) this.#setReady(p, 1); // no probe: ready once the container runs (listening or not)
    else this.#healthChanged(p);
  }

  /** The container exits (SIGKILL, crash): requests in it are reset; the kubelet notices within exitDetection. */
  #containerExit(p: number): void {
    const ph = this.#phase[p]!;
    this.#side.containerDied(p);
    this.#timers.cancel(this.#probeTimer[p]!);
    this.#probeTimer[p] = -1;
    if (ph === PRESTOP || ph === DRAINING) {
      this.#gone(p);
      return;
    }
    this.#phase[p] = CRASHED;
    this.#pods.state[p] = POD_REFUSE;
    const detect = Math.floor(this.#kubelet() * this.cp.exitDetection);
    this.#podAt(p, this.#engine.now + detect, STEP_DETECT);
  }

  /** The pod is gone for good: container stopped, API object deleted. */
  #gone(p: number): void {
    this.#timers.cancel(this.#podTimer[p]!);
    this.#podTimer[p] = -1;
    this.#timers.cancel(this.#probeTimer[p]!);
    this.#probeTimer[p] = -1;
    this.#phase[p] = NONE;
    this.#pods.state[p] = POD_REFUSE;
    this.#ready[p] = 0;
    this.#api.exists[p] = 0;
    this.#api.changedAt[p] = this.#engine.now;
    this.#podChanged(p);
  }

  /** Healthy for the readiness probe: listening and answering. */
  #healthy(p: number): boolean {
    const ph = this.#phase[p]!;
    return (ph === RUNNING || ph === PRESTOP) && this.#hung[p] === 0;
  }

  /**
   * Health changed (or may have): the kubelet's readiness follows at the
   * probe that completes the threshold — the first probe at or after now on
   * the pod's lattice (origin + k·period), then threshold − 1 more; a failure
   * is known when the probe times out (a hung pod) or at once (refused).
   */
  #healthChanged(p: number): void {
    const probe = this.#lifecycle[p]!.readinessProbe;
    this.#timers.cancel(this.#probeTimer[p]!);
    this.#probeTimer[p] = -1;
    if (probe === null) return;
    const ph = this.#phase[p]!;
    // (a DRAINING pod is probed too: it no longer listens, so its `serving` condition goes false
    // after failureThreshold probes and it leaves kube-proxy's terminating fallback — KEP-1669)
    if (ph === NONE || ph === CRASHED || ph === NODE_LOST) return;
    const target = this.#healthy(p) ? 1 : 0;
    if (target === this.#ready[p]) return;
    const now = this.#engine.now;
    const o = this.#probeOrigin[p]!;
    const first = now <= o ? o : o + Math.ceil((now - o) / probe.period) * probe.period;
    const n = target === 1 ? probe.successThreshold : probe.failureThreshold;
    let at = first + (n - 1) * probe.period;
    if (target === 0 && this.#hung[p] === 1) at += probe.timeout;
    this.#probeTarget[p] = target;
    this.#probeTimer[p] = this.#timers.at(at, T_PROBE, p, PRIO_CLUSTER);
  }

  /** The kubelet's readiness of p becomes `ready`: written to the API server after podStatusDelay. */
  #setReady(p: number, ready: number): void {
    if (this.#ready[p] === ready) return;
    this.#ready[p] = ready;
    const n = this.#cluster.podNode[p]!;
    if (n >= 0 && this.#group[n] !== 0) {
      this.#heldStatus[p] = 1; // its kubelet cannot reach the API server
      return;
    }
    // podStatusDelay: the status manager writes on change; modelled as part of the pod's change time
    this.#apiWrite(p, this.#engine.now + this.cp.podStatusDelay);
  }

  #apiWrite(p: number, at: number): void {
    // the API server's pod object follows the kubelet after podStatusDelay; the
    // EndpointSlice controller sees it watchDelay later (both in #podChanged's timer)
    this.#api.ready[p] = this.#ready[p]!;
    this.#api.changedAt[p] = at;
    this.#podChanged(p, at - this.#engine.now);
  }

  /** Pod p changed at the API server (after `lag`): every Service port selecting it re-syncs its slice. */
  #podChanged(p: number, lag = 0): void {
    this.#slices.podChanged(p, lag);
    this.#replicaSets.podChanged(p, lag);
  }

  // ================================================================ nodes

  #nodeAt(n: number, at: number, step: number): void {
    this.#timers.cancel(this.#nodeTimer[n]!);
    this.#nodeStep[n] = step;
    this.#nodeTimer[n] = this.#timers.at(at, T_NODE, n, PRIO_CLUSTER);
  }

  #nodeStepRun(n: number): void {
    const now = this.#engine.now;
    const cluster = this.#cluster;
    if (this.#nodeStep[n] === NODE_NOT_READY) {
      // the node lifecycle controller marks the node's pods not ready (API writes)
      for (let p = 0; p < cluster.podNode.length; p++) {
        if (cluster.podNode[p] !== n || this.#phase[p] === NONE) continue;
        this.#api.nodeNotReady[p] = 1;
        this.#api.changedAt[p] = now;
        this.#podChanged(p);
      }
      this.#nodeAt(n, now + this.cp.tolerationSeconds, NODE_EVICT);
      return;
    }
    // eviction (NoExecute taint, tolerationSeconds): the pods are deleted; their ReplicaSets replace them
    const touched = new Set<number>();
    for (let p = 0; p < cluster.podNode.length; p++) {
      if (cluster.podNode[p] !== n || this.#phase[p] === NONE) continue;
      if (this.#phase[p] !== NODE_LOST) this.#side.containerDied(p); // partitioned: deleted at the API; stopped here at once (see README)
      this.#gone(p);
      if (this.#replicaSets.release(p)) touched.add(cluster.podDeployment[p]!);
    }
    for (const di of touched) this.#replicaSets.reconcile(di);
  }

  // ================================================================ pods the ReplicaSets create and delete

  /** Spare pod p is created: the API object exists (not ready); the kubelet sees it after the watch delay and starts its container. */
  #created(p: number): void {
    this.#api.exists[p] = 1;
    this.#api.ready[p] = 0;
    this.#api.changedAt[p] = this.#engine.now;
    this.#restarts[p] = 0;
    this.#podAt(p, this.#engine.now + this.cp.watchDelay, STEP_CREATE);
  }

  /** Pod p is deleted gracefully: terminating at the API; the kubelet runs preStop, then SIGTERM, SIGKILL at the grace period. */
  #deleted(p: number): void {
    const now = this.#engine.now;
    this.#api.terminating[p] = 1;
    this.#api.changedAt[p] = now;
    this.#podChanged(p);
    const ph = this.#phase[p]!;
    if (ph === NODE_LOST) return; // stays Terminating until its node returns or it is evicted
    if (ph === CRASHED || ph === STARTING || ph === NONE) {
      this.#gone(p);
      return;
    }
    this.#termStart[p] = now + this.cp.watchDelay;
    this.#phase[p] = PRESTOP;
    this.#podAt(p, now + this.cp.watchDelay + this.#lifecycle[p]!.preStop, STEP_SIGTERM);
  }

  // ================================================================ stale_nodes

  /** Nodes (up) whose data plane still routes to an endpoint whose pod no longer accepts (gone, dead, or on a down node). */
  staleNodes(): number {
    const dp = this.#dp;
    const state = this.#pods.state;
    const cache = new Map<number, boolean>();
    let stale = 0;
    for (let n = 0; n < this.#nodes; n++) {
      if (this.#nodeUp[n] === 0) continue;
      for (let sp = 0; sp < this.#S; sp++) {
        const set = dp.setOf(n, sp);
        let dead = cache.get(set);
        if (dead === undefined) {
          dead = false;
          for (const e of dp.setEndpoints(set)) {
            const s = state[dp.epPod[e]!]!;
            if (s === POD_REFUSE || s === POD_SILENT) {
              dead = true;
              break;
            }
          }
          cache.set(set, dead);
        }
        if (dead) {
          stale++;
          break;
        }
      }
    }
    return stale;
  }
}
