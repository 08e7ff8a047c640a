/**
 * The data plane of every node (or, in mesh mode, of every client's sidecar):
 * for a new connection (L4 modes) or a request (mesh) from a client to a
 * service port, which endpoint — as the mode's policy picks it from the
 * candidates that node has programmed.
 *
 *   route(node, client, sp)
 *     → the node's view of sp: a candidate SET (the Service's endpoints, or
 *       the node's own for `internalTrafficPolicy: Local`, or its zone's for
 *       `trafficDistribution: PreferClose`), read from its EndpointRing
 *     → sessionAffinity ClientIP: the client's endpoint while its entry lives
 *     → the policy's pick (per node or per client instance)
 *     → endpoint id, or NO_ENDPOINT (kube-proxy's REJECT → `refused`) or
 *       DROPPED (Local with no local endpoint)
 *
 * Endpoint ids name (service port, pod) pairs (cluster/build.ts
 * endpointBase). Each candidate set is one generation of one EndpointRing;
 * every set gets its own small integer, handed to the policy's onEndpoints
 * once before any pick from it. At t=0 every node has synced generation 1 of
 * every ring (DESIGN.md: the cluster starts in steady state); the control
 * plane that publishes later generations comes with the failures work.
 *
 * Hot path: route() and the open/close hooks are integer work on typed
 * arrays; the flow object is one, rewritten per call.
 */
import { draws, stream } from '../engine/rng.js';
import type { ScenarioSpec } from '../scenario/types.js';
import type { BuiltCluster } from '../cluster/build.js';
import { EndpointRing } from './endpoint-ring.js';
import { MODES } from './modes.js';
import { autoCostNs } from './cost.js';
import { createPolicy, newFlow, policyContext, type Clock, type Flow, type Policy } from './policies/index.js';

/** route(): the Service has no endpoint this node may use (kube-proxy's REJECT rule): `refused`. */
export const NO_ENDPOINT = -1;
/** route(): `internalTrafficPolicy: Local` and no local endpoint: the packet is dropped. */
export const DROPPED = -2;
/** `network.externalLatency` when a spec leaves it out (the loader's default): 1ms one way. */
export const DEFAULT_EXTERNAL_LATENCY = 1_000_000;

export class DataPlane {
  readonly policy: Policy;
  /** The mesh balances each request; L4 modes balance connections. */
  readonly perRequest: boolean;
  /** Policy instances are clients (mesh sidecars), not nodes. */
  readonly clientScope: boolean;
  readonly servicePorts: number;
  readonly endpointCount: number;
  /** Endpoint id → pod id, and → service port. */
  readonly epPod: Int32Array;
  readonly epSp: Int32Array;
  /**
   * What a new connection (L4) or a request (mesh) from node n to service
   * port s waits before it reaches the pod: the mode's cost plus the one-way
   * network latency, ns, at n · S + s.
   */
  readonly routeDelay: Float64Array;
  /**
   * Endpoint id → what its packets take on top of `network.latency`, one way,
   * ns: externalLatency − latency for an external endpoint (a selector-less
   * Service's address on no node), else 0. The simulation adds it on the way
   * in and on the way back, and only when `hasExternal`.
   */
  readonly epExtraDelay: Float64Array;
  /** Some endpoint has a nonzero epExtraDelay. */
  readonly hasExternal: boolean;

  readonly #flow: Flow = newFlow();
  readonly #vip: Int32Array;
  readonly #port: Int32Array;
  // node views: index n · S + s → candidate set (made from the generation the node's kube-proxy programmed)
  readonly #viewSet: Int32Array;
  readonly #viewLocal: Uint8Array;
  // generations: per published EndpointSlice state of a service port, its endpoints
  // (ready ones, and the terminating-but-serving fallback) and the sets made from it
  readonly #genSp: number[] = [];
  readonly #genReady: (readonly number[])[] = [];
  readonly #genServing: (readonly number[])[] = [];
  /** Per generation: scope key (−1 all nodes; node n for Local; −2 − zone for PreferClose) → set. */
  readonly #genSets: Map<number, number>[] = [];
  readonly #podNode: Int32Array;
  readonly #nodeZone: Int32Array;
  readonly #spLocal: Uint8Array;
  readonly #spPreferClose: Uint8Array;
  // each view's set as (ids array, offset, count), copied out of the set tables: one load each on route()
  readonly #viewIds: Int32Array[];
  readonly #viewOff: Int32Array;
  readonly #viewCnt: Int32Array;
  // candidate sets: ring ids array, offset and count of the published generation
  readonly #setIds: Int32Array[] = [];
  readonly #setOff: number[] = [];
  readonly #setCnt: number[] = [];
  // sessionAffinity: ClientIP — timeout per service port (0 = none), per client the endpoint and its expiry
  readonly #affinityNs: Float64Array;
  readonly #affEp: Int32Array;
  readonly #affUntil: Float64Array;
  readonly #clock: Clock;
  /** The policy reads the flow (routing a connection then needs its source port: see usesFlow). */
  readonly usesFlow: boolean;
  readonly #usesFlow: boolean;

  constructor(cluster: BuiltCluster, spec: ScenarioSpec, run: number, clock: Clock, clients: number) {
    const nodes = cluster.nodeNames.length;
    const S = (this.servicePorts = cluster.servicePorts.length);
    const proxy = spec.cluster.proxy;
    const def = MODES[proxy.mode];
    this.perRequest = def.per === 'request';
    this.clientScope = def.scope === 'client';
    this.#clock = clock;

    // endpoints
    const E = (this.endpointCount = cluster.endpointCount);
    this.epPod = new Int32Array(E);
    this.epSp = new Int32Array(E);
    const epIP = new Uint32Array(E);
    const epPort = new Int32Array(E);
    this.#vip = new Int32Array(S);
    this.#port = new Int32Array(S);
    this.#affinityNs = new Float64Array(S);
    for (const sp of cluster.servicePorts) {
      this.#vip[sp.id] = sp.vip | 0;
      this.#port[sp.id] = sp.port;
      // a sidecar does not read the Service's sessionAffinity (Envoy balances by its own policy)
      this.#affinityNs[sp.id] = this.perRequest ? 0 : sp.affinityTimeout;
      for (let j = 0; j < sp.endpoints.length; j++) {
        const e = sp.endpointBase + j;
        this.epPod[e] = sp.endpoints[j]!;
        this.epSp[e] = sp.id;
        epIP[e] = cluster.podIP[sp.endpoints[j]!]!;
        epPort[e] = sp.endpointPorts[j]!;
      }
    }
    this.#affEp = new Int32Array(clients).fill(-1);
    this.#affUntil = new Float64Array(clients);

    this.policy = createPolicy(
      proxy.policy,
      policyContext({
        clock,
        instances: this.clientScope ? Math.max(1, clients) : nodes,
        servicePorts: Math.max(1, S),
        endpoints: E,
        endpointIP: epIP,
        endpointPort: epPort,
        rng: draws(spec.seed, run, 'policy', proxy.mode),
        options: { scheduler: proxy.scheduler, algorithm: proxy.algorithm, maglevTableSize: proxy.maglevTableSize },
      }),
    );

    this.usesFlow = this.#usesFlow = this.policy.usesFlow === true;

    // views and candidate sets: generation 0 of every service port (the endpoints that exist
    // at t=0 — not the spare pods events may create), programmed on every node
    this.#viewSet = new Int32Array(nodes * S);
    this.#viewLocal = new Uint8Array(nodes * S);
    this.#viewIds = new Array<Int32Array>(nodes * S);
    this.#viewOff = new Int32Array(nodes * S);
    this.#viewCnt = new Int32Array(nodes * S);
    this.#podNode = cluster.podNode;
    this.#nodeZone = Int32Array.from(cluster.nodeZones, (z) => cluster.nodeZones.indexOf(z));
    this.#spLocal = Uint8Array.from(cluster.servicePorts, (sp) => (sp.local ? 1 : 0));
    this.#spPreferClose = Uint8Array.from(cluster.servicePorts, (sp) => (sp.preferClose ? 1 : 0));
    for (const sp of cluster.servicePorts) {
      const initial: number[] = [];
      for (let j = 0; j < sp.endpoints.length; j++) if (sp.endpointInitial[j] === 1) initial.push(sp.endpointBase + j);
      const gen = this.addGeneration(sp.id, initial, []);
      for (let n = 0; n < nodes; n++) this.program(n, sp.id, gen);
    }

    // delays: the mode's cost (auto: per node, the Service's place in KUBE-SERVICES
    // is drawn — kube-proxy writes the rules in map order) plus one-way latency
    const latency = spec.cluster.network.latency;
    this.routeDelay = new Float64Array(nodes * S);
    const extra = (spec.cluster.network.externalLatency ?? DEFAULT_EXTERNAL_LATENCY) - latency;
    this.epExtraDelay = new Float64Array(E);
    let external = false;
    for (let e = 0; e < E; e++) {
      if (cluster.podNode[this.epPod[e]!]! >= 0 || extra === 0) continue;
      this.epExtraDelay[e] = extra;
      external = true;
    }
    this.hasExternal = external;
    for (let n = 0; n < nodes; n++) {
      const order = stream(spec.seed, 0, 'kube-services-order', n);
      for (let s = 0; s < S; s++) {
        const cost = proxy.cost === 'auto' ? autoCostNs(proxy.mode, Math.floor(order() * cluster.tableEntries)) : proxy.cost;
        this.routeDelay[n * S + s] = cost + latency;
      }
    }
  }

  /**
   * A new generation of service port sp's endpoints, as the EndpointSlice
   * controller wrote it: `ready` (ready, not terminating) and `serving`
   * (terminating but still serving: used only when no ready one is in the
   * node's scope — KEP-1669), endpoint ids in kube-proxy order. Returns its
   * id; nodes program it with program() when their kube-proxy syncs.
   */
  addGeneration(sp: number, ready: readonly number[], serving: readonly number[]): number {
    const g = this.#genSp.length;
    this.#genSp.push(sp);
    this.#genReady.push(ready);
    this.#genServing.push(serving);
    this.#genSets.push(new Map());
    return g;
  }

  /** Node n's data plane now routes service port sp by generation g (its kube-proxy synced it). */
  program(n: number, sp: number, g: number): void {
    const v = n * this.servicePorts + sp;
    const local = this.#spLocal[sp] === 1;
    const zone = this.#nodeZone[n]!;
    const key = local ? n : this.#spPreferClose[sp] === 1 ? -2 - zone : -1;
    const sets = this.#genSets[g]!;
    let set = sets.get(key);
    if (set === undefined) {
      set = this.#publish(sp, this.#scoped(g, local ? n : -1, key < -1 ? zone : -1));
      sets.set(key, set);
    }
    this.#viewSet[v] = set;
    this.#viewLocal[v] = local ? 1 : 0;
    this.#viewIds[v] = this.#setIds[set]!;
    this.#viewOff[v] = this.#setOff[set]!;
    this.#viewCnt[v] = this.#setCnt[set]!;
  }

  /**
   * The candidates of generation g in one scope: on `node` only (Local), in
   * `zone` while it has any (PreferClose: the zone hints of KEP-4444), or all;
   * the ready ones, else the terminating-but-serving ones in the same scope.
   */
  #scoped(g: number, node: number, zone: number): number[] {
    const pick = (list: readonly number[]): number[] => {
      if (node >= 0) return list.filter((e) => this.#podNode[this.epPod[e]!] === node);
      if (zone >= 0) {
        const same = list.filter((e) => {
          const pn = this.#podNode[this.epPod[e]!]!;
          return pn >= 0 && this.#nodeZone[pn] === zone;
        });
        return same.length > 0 ? same : list.slice();
      }
      return list.slice();
    };
    const ready = pick(this.#genReady[g]!);
    return ready.length > 0 ? ready : pick(this.#genServing[g]!);
  }

  /** A new candidate set: published as its ring's generation, announced to the policy. */
  #publish(sp: number, endpoints: readonly number[]): number {
    const ring = EndpointRing.create(Math.max(1, endpoints.length));
    const gen = ring.publish(endpoints);
    const set = this.#setIds.length;
    this.#setIds.push(ring.ids);
    this.#setOff.push(ring.offsetOf(gen));
    this.#setCnt.push(ring.countOf(gen));
    this.policy.onEndpoints?.(set, sp, ring.ids, ring.offsetOf(gen), ring.countOf(gen));
    return set;
  }

  /** The candidate set node n routes service port sp by. */
  setOf(n: number, sp: number): number {
    return this.#viewSet[n * this.servicePorts + sp]!;
  }

  /** The endpoint ids of candidate set `set`. */
  setEndpoints(set: number): Int32Array {
    const off = this.#setOff[set]!;
    return this.#setIds[set]!.subarray(off, off + this.#setCnt[set]!);
  }

  /** Candidates node n has for service port s (tests, tools). */
  candidates(n: number, s: number): number[] {
    const set = this.#viewSet[n * this.servicePorts + s]!;
    const ids = this.#setIds[set]!;
    const off = this.#setOff[set]!;
    return Array.from(ids.subarray(off, off + this.#setCnt[set]!));
  }

  /**
   * The endpoint for a new connection (L4) or a request (mesh) from `client`
   * (pod IP `saddr` as int32, source port `sport`) on `node` to service port
   * `sp`, or NO_ENDPOINT / DROPPED.
   */
  route(node: number, client: number, saddr: number, sport: number, sp: number): number {
    const v = node * this.servicePorts + sp;
    const count = this.#viewCnt[v]!;
    if (count === 0) return this.#viewLocal[v] === 1 ? DROPPED : NO_ENDPOINT;
    const set = this.#viewSet[v]!;
    const ids = this.#viewIds[v]!;
    const off = this.#viewOff[v]!;
    const timeout = this.#affinityNs[sp]!;
    if (timeout > 0) {
      const prev = this.#affine(client, ids, off, count, timeout);
      if (prev >= 0) return prev;
    }
    if (this.#usesFlow) this.#fillFlow(client, saddr, sport, sp);
    const idx = this.policy.pick(this.clientScope ? client : node, sp, set, this.#flow, ids, off, count);
    if (idx < 0) return NO_ENDPOINT;
    const e = ids[off + idx]!;
    if (timeout > 0) {
      this.#affEp[client] = e;
      this.#affUntil[client] = this.#clock.now + timeout;
    }
    return e;
  }

  /**
   * ClientIP affinity (iptables `recent --rcheck --seconds T --reap`, nftables' timed
   * address sets, IPVS persistence): the endpoint this client last reached, if it is
   * still programmed and was used within T — the entry refreshed, as every new
   * connection through the endpoint does; −1 otherwise.
   */
  #affine(client: number, ids: Int32Array, off: number, count: number, timeout: number): number {
    const prev = this.#affEp[client]!;
    const now = this.#clock.now;
    if (prev < 0 || now > this.#affUntil[client]!) return -1;
    for (let k = 0; k < count; k++) {
      if (ids[off + k] === prev) {
        this.#affUntil[client] = now + timeout;
        return prev;
      }
    }
    return -1;
  }

  #fillFlow(client: number, saddr: number, sport: number, sp: number): void {
    const f = this.#flow;
    f.saddr = saddr;
    f.sport = sport;
    f.daddr = this.#vip[sp]!;
    f.dport = this.#port[sp]!;
    f.client = client;
  }
}
