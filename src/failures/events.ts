/**
 * Scenario events (`events[]`, DESIGN.md "Events") → the engine: each event
 * is a timer at its `at` (from t=0), resolved to its targets up front (a
 * `pod:` name that names no pod is an input error with the event's
 * position); `deployment:` + `count` draws that many of the Deployment's
 * running pods when the event fires, from the run's `events` stream. Each
 * event's text goes into timeseries.csv `scenario_events` at its interval.
 */
import { stream, type Rng } from '../engine/rng.js';
import type { Timers } from '../engine/timers.js';
import { PRIO_SCENARIO, T_SCENARIO_END, T_SCENARIO_EVENT } from '../engine/event-kinds.js';
import type { BuiltCluster } from '../cluster/build.js';
import type { ControlPlane } from '../cluster/control-plane/control-plane.js';
import { ModelError } from '../cluster/model-error.js';
import type { IntervalSeries } from '../metrics/interval-series.js';
import type { EventSpec, ScenarioSpec, ServiceTimeSpec } from '../scenario/types.js';
import { parsePathText } from '../scenario/sweep.js';

export interface NodeSwitch {
  setRate(source: number, rate: number): void;
  /** Workload w's pods serve with `st` from now on (each request as it starts service). */
  setServiceTime(workload: number, st: ServiceTimeSpec): void;
  /** Workload w's pods serve up to `c` requests at once from now on. */
  setConcurrency(workload: number, c: number): void;
  setNodeDown(node: number, down: boolean): void;
  setNodeGroup(node: number, group: number): void;
}

export class ScenarioEvents {
  readonly #events: readonly EventSpec[];
  readonly #cp: ControlPlane;
  readonly #series: IntervalSeries;
  readonly #sim: NodeSwitch;
  readonly #rng: Rng;
  readonly #pod: number[]; // pod: target → pod id (−1 otherwise)
  readonly #deploy: number[]; // deployment target → index (−1 otherwise)
  readonly #nodes: number[][]; // node / zone target → node indices
  /** The pods each hang-pod / slow-pod event took (its end restores them). */
  readonly #chosen: number[][];

  constructor(spec: ScenarioSpec, cluster: BuiltCluster, run: number, cp: ControlPlane, timers: Timers, series: IntervalSeries, sim: NodeSwitch) {
    this.#events = spec.events ?? [];
    this.#cp = cp;
    this.#series = series;
    this.#sim = sim;
    this.#rng = stream(spec.seed, run, 'events');
    const podByName = new Map<string, number>();
    cluster.podNames.forEach((n, p) => {
      if (cluster.podSpare[p] !== 1) podByName.set(n, p);
    });
    const problems: string[] = [];
    this.#pod = [];
    this.#deploy = [];
    this.#nodes = [];
    this.#chosen = this.#events.map(() => []);
    this.#events.forEach((e, k) => {
      const t = e.target;
      const where = `${e.pos.file}:${e.pos.line}:${e.pos.col}: spec.events[${k}]`;
      let pod = -1;
      let dep = -1;
      let nodes: number[] = [];
      if (t.kind === 'pod') {
        pod = podByName.get(t.pod) ?? -1;
        if (pod < 0) {
          const some = [...podByName.keys()].slice(0, 3).join(', ');
          problems.push(`${where}.pod: expected the name of a pod of this scenario (e.g. ${some}; clusterip-sim inspect and endpoints.csv show them), got ${JSON.stringify(t.pod)}`);
        }
      } else if (t.kind === 'deployment') {
        dep = cluster.deployments.findIndex((d) => d.name === t.deployment && d.namespace === t.namespace);
        if (dep < 0) problems.push(`${where}.deployment: expected a Deployment of this scenario, got ${JSON.stringify(t.deployment)}`);
      } else if (t.kind === 'node') {
        nodes = [cluster.nodeNames.indexOf(t.node)];
      } else if (t.kind === 'nodes') {
        nodes = t.nodes.map((n) => cluster.nodeNames.indexOf(n));
      } else if (t.kind === 'zone') {
        cluster.nodeZones.forEach((z, n) => {
          if (z === t.zone) nodes.push(n);
        });
      }
      if (nodes.some((n) => n < 0)) problems.push(`${where}: expected nodes of cluster.nodes, got ${JSON.stringify(t)}`);
      this.#pod.push(pod);
      this.#deploy.push(dep);
      this.#nodes.push(nodes);
    });
    if (problems.length > 0) throw new ModelError(problems);
    // scenario events first at their instant (PRIO_SCENARIO), in file order
    this.#events.forEach((e, k) => timers.at(e.at, T_SCENARIO_EVENT, k, PRIO_SCENARIO));
    this.#timers = timers;
    this.#podNames = cluster.podNames;
  }

  readonly #timers: Timers;
  readonly #podNames: readonly string[];

  handle(kind: number, k: number): void {
    const e = this.#events[k]!;
    const cp = this.#cp;
    if (kind === T_SCENARIO_END) {
      if (e.action === 'partition') {
        for (const n of this.#nodes[k]!) {
          this.#sim.setNodeGroup(n, 0);
          cp.partition(n, 0);
        }
        return;
      }
      for (const p of this.#chosen[k]!) {
        if (e.action === 'hang-pod') cp.hangPod(p, false);
        else cp.slowPod(p, 1);
      }
      return;
    }
    // the pods a Deployment-targeted event drew are named in its text (they differ by run)
    const podAction = e.action === 'kill-pod' || e.action === 'hang-pod' || e.action === 'slow-pod' || e.action === 'relabel-pod';
    const pods = podAction ? this.#targetPods(k) : [];
    const drawn = e.target.kind === 'deployment' && podAction ? ` (${pods.length === 0 ? 'no running pod' : pods.map((p) => this.#podNames[p]).join('+')})` : '';
    this.#series.recordEvent(e.at, e.text + drawn);
    switch (e.action) {
      case 'kill-pod':
        for (const p of pods) cp.killPod(p);
        return;
      case 'hang-pod':
      case 'slow-pod': {
        this.#chosen[k] = pods;
        for (const p of pods) {
          if (e.action === 'hang-pod') cp.hangPod(p, true);
          else cp.slowPod(p, e.factor ?? 1);
        }
        this.#timers.at(e.at + (e.duration ?? 0), T_SCENARIO_END, k, PRIO_SCENARIO);
        return;
      }
      case 'node-down':
        for (const n of this.#nodes[k]!) {
          this.#sim.setNodeDown(n, true);
          cp.nodeDown(n);
        }
        return;
      case 'node-up':
        for (const n of this.#nodes[k]!) {
          this.#sim.setNodeDown(n, false);
          cp.nodeUp(n);
        }
        return;
      case 'partition':
        // the nodes named form a side of their own, cut from the rest and from the API server
        for (const n of this.#nodes[k]!) {
          this.#sim.setNodeGroup(n, k + 1);
          cp.partition(n, k + 1);
        }
        this.#timers.at(e.at + (e.duration ?? 0), T_SCENARIO_END, k, PRIO_SCENARIO);
        return;
      case 'scale':
        cp.scale(this.#deploy[k]!, e.replicas ?? 0);
        return;
      case 'set': {
        // the loader lets through only what isSettableDuringRun accepts: traffic[i].arrival.rate,
        // workloads[i].serviceTime (or one of its keys), resolved to the whole service time, and
        // workloads[i].concurrency
        const path = parsePathText(e.path ?? '');
        const i = path?.[1];
        if (path === null || typeof i !== 'number') throw new Error(`set ${e.path}: not a change the simulator can make`);
        if (e.serviceTime !== null) this.#sim.setServiceTime(i, e.serviceTime);
        else if (path[0] === 'workloads' && path[2] === 'concurrency' && typeof e.value === 'number') this.#sim.setConcurrency(i, e.value);
        else if (path[0] === 'traffic' && typeof e.value === 'number') this.#sim.setRate(i, e.value);
        else throw new Error(`set ${e.path}: not a change the simulator can make`);
        return;
      }
      case 'rollout':
        cp.rollout(this.#deploy[k]!, e.maxSurge, e.maxUnavailable);
        return;
      case 'relabel-pod':
        for (const p of pods) cp.relabelPod(p, e.labels ?? {});
        return;
      default:
        throw new Error(`scenario event action ${e.action} is not supported (the loader should have said so)`);
    }
  }

  /** The pods event k acts on: its pod, or `count` of its Deployment's running pods drawn from the events stream. */
  #targetPods(k: number): number[] {
    const e = this.#events[k]!;
    if (e.target.kind === 'pod') return [this.#pod[k]!];
    if (e.target.kind !== 'deployment') return [];
    const pool = this.#cp.runningPods(this.#deploy[k]!);
    const n = Math.min(e.target.count, pool.length);
    for (let j = 0; j < n; j++) {
      const x = j + Math.floor(this.#rng() * (pool.length - j));
      const tmp = pool[j]!;
      pool[j] = pool[x]!;
      pool[x] = tmp;
    }
    return pool.slice(0, n);
  }
}
