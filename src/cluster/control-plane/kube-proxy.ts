/**
 * kube-proxy on every node: it watches the EndpointSlice writes, and its
 * sync runner — a BoundedFrequencyRunner (burst 2, one token per
 * minSyncPeriod: an isolated change syncs at once, a burst waits; a sync at
 * least every syncPeriod, at a random phase per node) — programs them into
 * the node's data plane when a sync completes, after the sync's cost
 * (sync-cost.ts). Until then the node routes by what it programmed last, so
 * nodes disagree for a while. Every (change, node) programmed goes to the
 * network-programming log.
 *
 * The writes are a log in order: every watcher sees write w after the same
 * watch delay, so "seen" is one counter; a node programs a prefix of the
 * log. A node that is down runs no kube-proxy; one cut off by a partition
 * sees no write after the cut.
 */
import type { Engine } from '../../engine/engine.js';
import { stream } from '../../engine/rng.js';
import type { Timers } from '../../engine/timers.js';
import { PRIO_CLUSTER, T_OBSERVE, T_PERIODIC, T_SYNC, T_SYNC_DONE } from '../../engine/event-kinds.js';
import type { DataPlane } from '../../routing/dataplane.js';
import type { BuiltCluster } from '../build.js';
import type { ControlPlaneSpec, ScenarioSpec } from '../../scenario/types.js';
import { autoSyncCostNs } from './sync-cost.js';
import { logProgrammed, type ProgrammingLog } from './programming-log.js';

/** BoundedFrequencyRunner burstSyncs (KUBE-FACTS §1.4). */
const BURST_SYNCS = 2;

export class KubeProxies {
  readonly #engine: Engine;
  readonly #timers: Timers;
  readonly #dp: DataPlane;
  readonly #cluster: BuiltCluster;
  readonly #spec: ScenarioSpec;
  readonly #cp: ControlPlaneSpec;
  readonly #log: ProgrammingLog;
  /** Endpoints of each service port (a changed port's chains hold them all). */
  readonly #spSize: readonly number[];
  readonly #totalEndpoints: number;
  readonly #nodes: number;

  // the EndpointSlice writes: service port, generation, changes (indices in log.changes)
  readonly #writeSp: number[] = [];
  readonly #writeGen: number[] = [];
  readonly #writeChanges: number[][] = [];
  /** Writes every watcher has seen. */
  #observed = 0;

  // per node
  readonly #applied: Int32Array; // writes programmed
  readonly #snapshot: Int32Array; // writes read by the sync in progress
  readonly #syncing: Uint8Array;
  readonly #again: Uint8Array; // the periodic sync came while one ran: sync again after it
  readonly #syncFull: Uint8Array;
  readonly #syncTimer: Int32Array; // a requested sync (−1: none)
  readonly #periodicTimer: Int32Array;
  readonly #tokens: Float64Array;
  readonly #tokensAt: Float64Array;
  readonly #lastFull: Float64Array;
  readonly #lastStart: Float64Array;
  readonly #up: Uint8Array;
  /** Cut off from the API server (a partition): sees the writes before `#visible` only. */
  readonly #cut: Uint8Array;
  readonly #visible: Int32Array;

  constructor(
    engine: Engine,
    timers: Timers,
    dp: DataPlane,
    cluster: BuiltCluster,
    spec: ScenarioSpec,
    cp: ControlPlaneSpec,
    run: number,
    log: ProgrammingLog,
    spSize: readonly number[],
    totalEndpoints: number,
  ) {
    this.#engine = engine;
    this.#timers = timers;
    this.#dp = dp;
    this.#cluster = cluster;
    this.#spec = spec;
    this.#cp = cp;
    this.#log = log;
    this.#spSize = spSize;
    this.#totalEndpoints = totalEndpoints;
    const nodes = (this.#nodes = cluster.nodeNames.length);
    this.#applied = new Int32Array(nodes);
    this.#snapshot = new Int32Array(nodes);
    this.#syncing = new Uint8Array(nodes);
    this.#again = new Uint8Array(nodes);
    this.#syncFull = new Uint8Array(nodes);
    this.#syncTimer = new Int32Array(nodes).fill(-1);
    this.#periodicTimer = new Int32Array(nodes).fill(-1);
    this.#tokens = new Float64Array(nodes).fill(BURST_SYNCS);
    this.#tokensAt = new Float64Array(nodes);
    this.#lastFull = new Float64Array(nodes);
    this.#lastStart = new Float64Array(nodes);
    this.#up = new Uint8Array(nodes).fill(1);
    this.#cut = new Uint8Array(nodes);
    this.#visible = new Int32Array(nodes);
    // every node has synced generation 0; its last sync (a full one) at a random time within syncPeriod
    const rng = stream(spec.seed, run, 'kube-proxy');
    for (let n = 0; n < nodes; n++) {
      const ago = Math.floor(rng() * cp.syncPeriod);
      this.#lastFull[n] = -ago;
      this.#lastStart[n] = -ago;
      this.#schedulePeriodic(n);
    }
  }

  /** The EndpointSlice controller wrote service port sp as generation `gen` (with these changes): watchers see it after watchDelay. */
  publish(sp: number, gen: number, changes: number[]): void {
    const w = this.#writeSp.length;
    this.#writeSp.push(sp);
    this.#writeGen.push(gen);
    this.#writeChanges.push(changes);
    this.#timers.at(this.#engine.now + this.#cp.watchDelay, T_OBSERVE, w, PRIO_CLUSTER);
  }

  /** A kube-proxy timer fired (T_OBSERVE, T_SYNC, T_PERIODIC, T_SYNC_DONE); false if the kind is not one. */
  handle(kind: number, arg: number): boolean {
    switch (kind) {
      case T_OBSERVE:
        // writes are observed in order (the same watch delay for all)
        if (arg + 1 > this.#observed) this.#observed = arg + 1;
        for (let n = 0; n < this.#nodes; n++) if (this.#up[n] === 1 && this.#cut[n] === 0) this.#requestSync(n);
        return true;
      case T_SYNC:
        this.#syncTimer[arg] = -1;
        this.#syncStart(arg);
        return true;
      case T_PERIODIC:
        this.#periodicTimer[arg] = -1;
        if (this.#syncing[arg] === 1) this.#again[arg] = 1;
        else this.#syncStart(arg);
        return true;
      case T_SYNC_DONE:
        this.#syncDone(arg);
        return true;
    }
    return false;
  }

  /** Node n is down: its kube-proxy stops (a sync in progress is lost). */
  stop(n: number): void {
    this.#up[n] = 0;
    this.#timers.cancel(this.#syncTimer[n]!);
    this.#syncTimer[n] = -1;
    this.#timers.cancel(this.#periodicTimer[n]!);
    this.#periodicTimer[n] = -1;
    this.#syncing[n] = 0;
  }

  /** Node n is back: kube-proxy starts with a full sync of everything it can see. */
  start(n: number): void {
    this.#up[n] = 1;
    this.#lastStart[n] = this.#engine.now - this.#cp.syncPeriod;
    this.#requestSync(n);
  }

  /** Partition: node n is cut off from the API server (it keeps what it has), or back. */
  setCut(n: number, cut: boolean): void {
    if (cut && this.#cut[n] === 0) this.#visible[n] = this.#observed;
    this.#cut[n] = cut ? 1 : 0;
    if (!cut && this.#up[n] === 1) this.#requestSync(n);
  }

  /** BoundedFrequencyRunner.Run(): a sync at once if a token is left, else when one is. */
  #requestSync(n: number): void {
    if (this.#syncing[n] === 1 || this.#syncTimer[n]! >= 0) return;
    const now = this.#engine.now;
    this.#refill(n, now);
    const t = this.#tokens[n]!;
    const at = t >= 1 ? now : now + Math.ceil((1 - t) * this.#cp.minSyncPeriod);
    this.#syncTimer[n] = this.#timers.at(at, T_SYNC, n, PRIO_CLUSTER);
  }

  #refill(n: number, now: number): void {
    const min = this.#cp.minSyncPeriod;
    const t = min > 0 ? this.#tokens[n]! + (now - this.#tokensAt[n]!) / min : BURST_SYNCS;
    this.#tokens[n] = t > BURST_SYNCS ? BURST_SYNCS : t;
    this.#tokensAt[n] = now;
  }

  #schedulePeriodic(n: number): void {
    this.#timers.cancel(this.#periodicTimer[n]!);
    this.#periodicTimer[n] = -1;
    const at = Math.max(this.#engine.now, this.#lastStart[n]! + this.#cp.syncPeriod);
    // the periodic resync keeps itself going: not past the measured window, or the run would never end
    if (at >= this.#spec.warmup + this.#spec.duration) return;
    this.#periodicTimer[n] = this.#timers.at(at, T_PERIODIC, n, PRIO_CLUSTER);
  }

  #syncStart(n: number): void {
    const now = this.#engine.now;
    this.#timers.cancel(this.#periodicTimer[n]!);
    this.#periodicTimer[n] = -1;
    this.#refill(n, now);
    this.#tokens[n] = Math.max(0, this.#tokens[n]! - 1);
    this.#syncing[n] = 1;
    this.#again[n] = 0;
    this.#lastStart[n] = now;
    const from = this.#applied[n]!;
    const to = this.#cut[n] === 0 ? this.#observed : this.#visible[n]!;
    this.#snapshot[n] = to;
    // a full restore: always with restore: full; else the periodic resync at least every syncPeriod (KEP-3453)
    const full = this.#cp.restore === 'full' || now - this.#lastFull[n]! >= this.#cp.syncPeriod;
    this.#syncFull[n] = full ? 1 : 0;
    let cost: number;
    if (this.#cp.syncCost === 'auto') {
      const seen = new Set<number>();
      let changedEndpoints = 0;
      for (let w = from; w < to; w++) {
        const sp = this.#writeSp[w]!;
        if (seen.has(sp)) continue;
        seen.add(sp);
        changedEndpoints += this.#spSize[sp]!;
      }
      cost = autoSyncCostNs(this.#spec.cluster.proxy.mode, {
        servicePorts: this.#cluster.tableEntries,
        endpoints: this.#totalEndpoints,
        changedPorts: seen.size,
        changedEndpoints,
        full,
      });
    } else {
      cost = this.#cp.syncCost;
    }
    this.#timers.at(now + cost, T_SYNC_DONE, n, PRIO_CLUSTER);
  }

  #syncDone(n: number): void {
    if (this.#syncing[n] === 0) return; // the node went down meanwhile
    const now = this.#engine.now;
    this.#syncing[n] = 0;
    if (this.#syncFull[n] === 1) this.#lastFull[n] = this.#lastStart[n]!;
    const to = this.#snapshot[n]!;
    for (let w = this.#applied[n]!; w < to; w++) {
      this.#dp.program(n, this.#writeSp[w]!, this.#writeGen[w]!);
      for (const c of this.#writeChanges[w]!) logProgrammed(this.#log, c, n, now);
    }
    this.#applied[n] = to;
    this.#schedulePeriodic(n);
    if ((this.#cut[n] === 0 && this.#observed > to) || this.#again[n] === 1) this.#requestSync(n);
  }
}
