/**
 * One run of one sweep point: a request's life, event by event.
 *
 *   ARRIVAL(source i) at t      the source's next planned arrival
 *     → a client pod c on node N (poisson: uniform among the source's clients;
 *                                 constant: in turn)
 *     → a connection (L4 modes): the client's open one (keep-alive, persistent)
 *       or a new one, routed by N's data plane (routing/dataplane.ts:
 *       ServiceTable (looked up once per source) → N's candidate set →
 *       affinity → policy → endpoint) and
 *       paying the mode's cost; in mesh mode the client's sidecar routes
 *       every request and pays its cost per request
 *       (no endpoint: `refused`, or `dropped` for a Local policy)
 *     → network latency
 *   POD_ARRIVE(req)             into the pod: served at once if fewer than
 *                               `concurrency` are in service, else FIFO, or
 *                               answered 503 at once when the queue is full
 *   DEPART(req)                 service done; the response reaches the client
 *                               one network latency later: latency = that time
 *                               − the PLANNED arrival (no coordinated omission),
 *                               `timeout` if it is over the client's timeout
 *   RESPONSE(req)               the response at the client, as an event of its
 *                               own only where something happens then (a
 *                               connection returns to the pool or closes, a
 *                               policy hears of it); otherwise folded into
 *                               DEPART, which knows when it will arrive
 *
 * Connections (traffic[].connection): requestsPerConnection 1 = a new one per
 * request; N > 1 = keep-alive, one request at a time, N in sequence, then
 * closed (a client with every connection busy opens another); `lifetime`
 * closes a connection at its first idle moment after that age (checked when
 * a response returns and when an idle one would be reused); `persistent` =
 * one connection per client for the run, requests multiplexed on it (gRPC).
 * The source port of each new connection comes from the client's counter
 * from a random start (Linux's per-destination ephemeral port offsets).
 *
 * Arrivals stop at warmup + duration; requests planned in the measured window
 * [warmup, warmup + duration) are counted; the run then drains until every
 * request has ended.
 *
 * Hot path: every per-request, per-connection and per-pod quantity lives in
 * typed arrays indexed by integers; no object, string or closure is created
 * per event. A zero delay is a direct call, not an event (the same order a
 * zero-delay event would get, less the queue round trip).
 */
import { Engine } from '../engine/engine.js';
import { stream, draws, Uniforms, type Draws, type Rng } from '../engine/rng.js';
import { distParams, quantile, DIST_EXPONENTIAL } from '../engine/distributions.js';
import { DataPlane } from '../routing/dataplane.js';
import { PROTO_NUMBER, type BuiltCluster } from '../cluster/build.js';
import { LatencyHistogram } from '../metrics/histogram.js';
import { IntervalSeries, compactIndex } from '../metrics/interval-series.js';
import { ERROR_KINDS } from '../metrics/run-result.js';
import type { ScenarioSpec, ServiceTimeSpec } from '../scenario/types.js';
import { Pods } from './pods.js';
import { runTotals, type RunCounters } from './counters.js';
export type { RunCounters, SourceCounters } from './counters.js';
export { SOURCE_FIELDS } from './counters.js';
import { Connections } from './connections.js';
import { buildClients } from './clients.js';
import { grow } from './grow.js';
import { Timers } from '../engine/timers.js';
import { LOST, TIMEOUT_CHECK, TIMER, T_SCENARIO_EVENT, T_SCENARIO_END, T_RETRY, T_THINK } from '../engine/event-kinds.js';
import { ControlPlane, type RequestSide } from '../cluster/control-plane/control-plane.js';
import { ScenarioEvents } from '../failures/events.js';
import { POD_UP, POD_HUNG, POD_REFUSE, POD_SILENT } from './pods.js';
import { ClientTimeouts } from './timeouts.js';
import { Retries } from './retries.js';
import { emptyProgrammingLog } from '../cluster/control-plane/programming-log.js';

// event kinds: engine/event-kinds.ts (repeated here as literals: hot-path constants stay module-local)
const ARRIVAL = 0;
const POD_ARRIVE = 1;
const DEPART = 2;
const RESPONSE = 3;
/** Requests keep the traffic priority (engine/event-kinds.ts PRIO_TRAFFIC): the cluster's events at the same instant go first. */
const P_TRAFFIC = 1;

// request states (kept only when the run is dynamic: events, retries or closed-loop users)
const S_TRAVEL = 1; // on its way to the pod (POD_ARRIVE pending)
const S_QUEUED = 2; // in the pod's FIFO
const S_SERVICE = 3; // being served (DEPART pending)
const S_DONE = 4; // answered (RESPONSE pending, or freed)
const S_ABANDONED = 5; // the client gave up (timeout) while it was served: the pod finishes it (DEPART), then it is freed
const S_ORPHAN = 6; // the server side is gone (reset, node lost): freed when its pending event fires
const S_LOST = 7; // nobody will answer: LOST pending
const S_LOST_IN_SERVICE = 8; // in service on a node that went down: DEPART pending, then LOST
const S_RETRY = 9; // waiting out a retry's backoff (T_RETRY pending)
const S_ABANDONED_QUEUED = 10; // the client gave up while it waited in the pod's FIFO: served anyway, then freed

/** A SYN nobody answers: tcp_syn_retries 6 → the connect fails after ~127 s (DESIGN.md). */
export const SYN_TIMEOUT_NS = 127e9;

const NS_PER_S = 1e9;

// error kinds in ERROR_KINDS order, as module-local constants
const REFUSED = ERROR_KINDS.indexOf('refused');
const RESET = ERROR_KINDS.indexOf('reset');
const TIMEOUT = ERROR_KINDS.indexOf('timeout');
const DROPPED = ERROR_KINDS.indexOf('dropped');
const REJECTED = ERROR_KINDS.indexOf('rejected');

// per-source counters: the SOURCE_FIELDS layout of counters.ts, as module-local literals (hot path)
const F = 8;
const F_REQUESTS = 0;
const F_COMPLETED = 1;
const F_GOODPUT = 2;
const F_ERR = 3;

export class Simulation implements RequestSide {
  private readonly engine = new Engine(256);
  /**
   * The engine's queue, pushed to directly on the hot path: every time pushed
   * is an integer ≥ now by construction (now plus a rounded, non-negative
   * delay), which is what Engine.schedule checks — a check that, with its
   * throw, kept V8 from inlining the call.
   */
  private readonly queue = this.engine.queue;
  private readonly timers = new Timers(this.engine);
  /**
   * Events, retries, closed-loop users, or a client timeout that acts when
   * it passes (it closes a pooled connection, or the policy hears of it): the
   * cluster can change under the requests, so they keep a state (reqState),
   * client timeouts are events of their own, and a pod's state is checked on
   * arrival. A run without any of these takes none of those branches.
   */
  private readonly dynamic: boolean;
  private readonly cp: ControlPlane | null = null;
  private readonly events: ScenarioEvents | null = null;
  private readonly timeouts: ClientTimeouts | null = null;
  private readonly retries: Retries;
  /** When draining stops: arrivals end + SYN_TIMEOUT_NS; requests still open then end as `timeout`. */
  private readonly drainEnd: number;
  private readonly nodeDown: Uint8Array;
  /** Partitions: each node's side (0: the API server's); `cut` while any node is on another side. */
  private readonly nodeGroup: Int32Array;
  private cut = false;
  private readonly podNode: Int32Array;
  /** Each pod's workload (spec.workloads index; −1 for none). */
  private readonly podWorkload: Int32Array;
  // closed-loop users: source, client, think time (ns)
  private readonly userSrc: Int32Array;
  private readonly userClient: Int32Array;
  private readonly trThink: Float64Array;
  private readonly trClosed: Uint8Array;
  private readonly thinkRng: Rng[];
  private serial = 0;
  private readonly dp: DataPlane;
  private readonly pods: Pods;
  private readonly servicePorts: number;
  private readonly latency: number;
  private readonly perRequest: boolean;
  private readonly clientScope: boolean;
  private readonly hasOpen: boolean;
  private readonly usesFlow: boolean;
  private readonly hasClose: boolean;
  private readonly hasResponse: boolean;
  /** Responses need an event of their own (see RESPONSE). */
  private readonly responseEvents: boolean;
  /** Nothing happens when a response reaches its client (one connection per request, no policy hook): free the slot. */
  private readonly bareResponses: boolean;

  // ---- traffic sources
  private readonly trPoisson: Uint8Array;
  private readonly trInterval: Float64Array; // mean interarrival, ns (float)
  private readonly trCount: Float64Array; // arrivals generated (constant process)
  private readonly trOrigin: Float64Array; // when the constant process's count started (a `set` of its rate restarts it)
  private readonly trNext: Float64Array; // the constant process's pending arrival
  private readonly trClientBase: Int32Array; // first global client index
  private readonly trTotal: Int32Array; // clients in all
  private readonly trTimeout: Float64Array; // ns, or Infinity
  private readonly trPerConn: Float64Array; // requests per connection (Infinity: persistent)
  private readonly trLifetime: Float64Array; // ns, or Infinity
  private readonly trReuse: Uint8Array; // 0: one connection per request, 1: keep-alive pool, 2: persistent
  private readonly trSp: Int32Array; // the Service port the source sends to (the ServiceTable's answer: fixed for the run)
  private readonly arrivalRng: Uniforms[]; // (their unit exponentials are the Poisson gaps)
  private readonly clientRng: Draws[];
  private readonly demandRng: Uniforms[]; // (u, and −ln(1 − u) for exponential service)

  // ---- clients (pods that send): node, IPv4 (int32), next source port, connections
  private readonly clNode: Int32Array;
  private readonly clIP: Int32Array;
  private readonly clPort: Int32Array;
  private readonly clSrc: Int32Array;

  // ---- kept connections (keep-alive, persistent): traffic/connections.ts
  private readonly conns: Connections;

  // ---- requests in flight (a pool of slots, grown on demand)
  private reqT = new Float64Array(1024);
  private reqU = new Float64Array(1024);
  private reqE = new Float64Array(1024); // −ln(1 − reqU): an exponential pod's demand is mean · reqE
  private reqQ = new Float64Array(1024); // when it joined its pod's queue (only if it waited)
  private reqEp = new Int32Array(1024);
  private reqPod = new Int32Array(1024);
  private reqSrc = new Int32Array(1024);
  private reqClient = new Int32Array(1024);
  private reqConn = new Int32Array(1024); // connection slot, or −1
  private reqNext = new Int32Array(1024); // free list, then pod FIFO links
  private reqMeasured = new Uint8Array(1024);
  private reqInterval = new Int32Array(1024);
  private reqKind = new Int8Array(1024); // outcome: −1 success, else an error kind
  // dynamic runs only:
  private reqState = new Uint8Array(1024);
  private reqTryT = new Float64Array(1024); // when the current try was sent (its timeout counts from there)
  private reqSerial = new Float64Array(1024); // the current try's number (ClientTimeouts tells stale entries by it)
  private reqTry = new Int32Array(1024); // tries so far − 1
  private reqUser = new Int32Array(1024); // closed-loop user, or −1
  private reqNew = new Uint8Array(1024); // the try opened a new connection (a RST then means `refused`, else `reset`)
  private freeHead = -1;

  // ---- window and counters
  private readonly warmup: number;
  private readonly end: number;
  private readonly counts: Float64Array; // per source, SOURCE_FIELDS
  private readonly hists: LatencyHistogram[];
  private readonly series: IntervalSeries;
  private interval = 0;
  private intervalEnd: number;
  private readonly seriesGoodput: Float64Array; // series.goodput, by the response's arrival interval
  private readonly widthNs: number;
  private goodK = 0; // interval of the latest response's arrival at its client
  private goodEnd: number; // its end, ns
  private readonly epRequests: Float64Array;
  private readonly epErrors: Float64Array;

  /**
   * `poll`, if given, is called every 2^16 events with the arrivals planned so
   * far (progress); returning true aborts the run (run() then throws RunAborted).
   */
  constructor(cluster: BuiltCluster, spec: ScenarioSpec, run: number, poll?: (arrivals: number) => boolean) {
    const seed = spec.seed;
    this.latency = spec.cluster.network.latency;
    this.warmup = spec.warmup;
    this.end = spec.warmup + spec.duration;
    this.series = new IntervalSeries(this.end, spec.metricsInterval);
    this.intervalEnd = spec.metricsInterval;
    this.seriesGoodput = this.series.goodput;
    this.widthNs = this.series.widthNs;
    this.goodEnd = this.widthNs;
    this.servicePorts = cluster.servicePorts.length;

    // ---- sources and their clients
    const T = spec.traffic.length;
    this.trPoisson = new Uint8Array(T);
    this.trInterval = new Float64Array(T);
    this.trCount = new Float64Array(T);
    this.trOrigin = new Float64Array(T);
    this.trNext = new Float64Array(T);
    this.trTimeout = new Float64Array(T);
    this.trPerConn = new Float64Array(T);
    this.trLifetime = new Float64Array(T);
    this.trReuse = new Uint8Array(T);
    this.trSp = new Int32Array(T);
    this.arrivalRng = [];
    this.clientRng = [];
    this.demandRng = [];
    const cls = buildClients(cluster, spec, run);
    const clients = cls.count;
    this.trClientBase = cls.trClientBase;
    this.trTotal = cls.trTotal;
    this.clNode = cls.node;
    this.clIP = cls.ip;
    this.clPort = cls.port;
    this.clSrc = cls.src;
    this.conns = new Connections(clients);
    spec.traffic.forEach((t, i) => {
      const sp = cluster.servicePorts[cluster.trafficTargets[i]!]!;
      this.trPoisson[i] = t.arrival.process === 'poisson' ? 1 : 0;
      this.trInterval[i] = t.arrival.rate > 0 ? NS_PER_S / t.arrival.rate : Infinity; // closed loops (rate 0) have users instead
      this.trTimeout[i] = t.timeout === null ? Infinity : t.timeout;
      const c = t.connection;
      this.trPerConn[i] = c.requestsPerConnection;
      this.trLifetime[i] = c.lifetime ?? Infinity;
      this.trReuse[i] = c.persistent ? 2 : c.requestsPerConnection > 1 || c.lifetime !== null ? 1 : 0;
      this.trSp[i] = cluster.table.lookup(sp.vip, sp.port, PROTO_NUMBER[sp.protocol]);
      this.arrivalRng.push(new Uniforms(draws(seed, run, 'arrival', t.name)));
      this.clientRng.push(draws(seed, run, 'client', t.name));
      this.demandRng.push(new Uniforms(draws(seed, run, 'demand', t.name)));
    });

    // ---- data plane, pods
    this.dp = new DataPlane(cluster, spec, run, this.engine, clients);
    const policy = this.dp.policy;
    this.perRequest = this.dp.perRequest;
    this.clientScope = this.dp.clientScope;
    this.hasOpen = policy.onOpen !== undefined;
    this.usesFlow = this.dp.usesFlow;
    this.hasClose = policy.onClose !== undefined;
    this.hasResponse = policy.onResponse !== undefined;
    let reuse = false;
    for (let i = 0; i < T; i++) if (this.trReuse[i] !== 0) reuse = true;
    this.responseEvents = (this.latency > 0 || this.dp.hasExternal) && (this.hasClose || this.hasResponse || (reuse && !this.perRequest));
    this.bareResponses = !this.hasClose && !this.hasResponse && (!reuse || this.perRequest);
    this.pods = new Pods(cluster, spec);
    this.drainEnd = this.end + SYN_TIMEOUT_NS;
    this.nodeDown = new Uint8Array(cluster.nodeNames.length);
    this.nodeGroup = new Int32Array(cluster.nodeNames.length);
    this.podNode = cluster.podNode;
    this.podWorkload = cluster.podWorkload;

    // closed-loop users (DESIGN.md): N per source, spread evenly over its client pods
    this.trThink = new Float64Array(T);
    this.trClosed = new Uint8Array(T);
    this.thinkRng = [];
    const userSrc: number[] = [];
    const userClient: number[] = [];
    spec.traffic.forEach((t, i) => {
      this.thinkRng.push(stream(seed, run, 'think', t.name));
      const c = t.closed ?? null;
      if (c === null) return;
      this.trClosed[i] = 1;
      this.trThink[i] = c.thinkTime;
      for (let u = 0; u < c.users; u++) {
        userSrc.push(i);
        userClient.push(this.trClientBase[i]! + (u % this.trTotal[i]!));
      }
    });
    this.userSrc = Int32Array.from(userSrc);
    this.userClient = Int32Array.from(userClient);
    this.retries = new Retries(spec, run);

    const events = spec.events ?? [];
    // A client timeout that must act when it passes, not when the late
    // response arrives: it closes a pooled keep-alive connection (the next
    // request opens a new one, maybe to another endpoint), or the policy
    // hears of the close (IPVS counts, a mesh's requests in flight). Such a
    // run keeps its client timeouts as events, as a run with events does, so
    // that adding an event that changes nothing changes no result.
    let timeoutActs = false;
    for (let i = 0; i < T; i++) {
      if (this.trTimeout[i]! < Infinity && ((!this.perRequest && this.trReuse[i] === 1) || this.hasClose || this.hasResponse)) timeoutActs = true;
    }
    this.dynamic = events.length > 0 || this.retries.any || userSrc.length > 0 || timeoutActs;
    if (this.dynamic) {
      this.timeouts = new ClientTimeouts(T, this.trTimeout);
      this.cp = new ControlPlane(this.engine, this.timers, cluster, spec, run, this.dp, this.pods, this, this.series, cluster.deployments);
      this.events = new ScenarioEvents(spec, cluster, run, this.cp, this.timers, this.series, this);
    }

    // ---- counters
    this.counts = new Float64Array(T * F);
    this.hists = spec.traffic.map(() => new LatencyHistogram());
    this.epRequests = new Float64Array(cluster.endpointCount);
    this.epErrors = new Float64Array(cluster.endpointCount);

    this.linkFree(0, this.reqT.length);
    if (poll !== undefined) {
      const series = this.series;
      this.engine.poll = () => {
        let arrivals = 0;
        for (let k = 0; k <= this.interval; k++) arrivals += series.requests[k]!;
        return poll(arrivals);
      };
    }
  }

  /** Run to completion: arrivals until warmup + duration, then drain. */
  run(): RunCounters {
    const engine = this.engine;
    for (let i = 0; i < this.trSp.length; i++) if (this.trClosed[i] === 0) this.scheduleArrival(i);
    for (let u = 0; u < this.userSrc.length; u++) {
      const i = this.userSrc[u]!;
      this.timers.at(Math.round(-this.trThink[i]! * Math.log(1 - this.thinkRng[i]!())), T_THINK, u, P_TRAFFIC);
    }
    // Times stay in the engine and in typed arrays: every handler reads
    // engine.now itself, so no double crosses a call (V8 would box it).
    engine.run(Infinity, (kind, arg) => {
      if (kind === DEPART) this.depart(arg);
      else if (kind === ARRIVAL) this.arrival(arg);
      else if (kind === POD_ARRIVE) this.podArrive(arg);
      else if (kind === RESPONSE) this.respond(arg);
      else this.other(kind, arg);
    });
    if (engine.stopped) throw new RunAborted();
    this.series.finish();
    return this.counters();
  }

  private counters(): RunCounters {
    return {
      ...runTotals(this.counts, this.hists),
      events: this.engine.processed,
      measuredNs: this.end - this.warmup,
      epRequests: this.epRequests,
      epErrors: this.epErrors,
      podBusyNs: this.pods.busyNs,
      podQueueNs: this.pods.queueNs,
      podGuardHits: this.pods.guardHits,
      series: this.series,
      programming: this.cp !== null ? this.cp.log : emptyProgrammingLog(),
      epExisted: this.cp !== null ? this.cp.epExisted : null,
    };
  }

  /** Schedule source i's next planned arrival after now (its first, at t=0), unless it falls past the window. */
  private scheduleArrival(i: number): void {
    let next: number;
    if (this.trPoisson[i] === 1) {
      // interval · (−ln(1 − u)): the same double as −interval · ln(1 − u) (IEEE products are sign-symmetric)
      const blk = this.arrivalRng[i]!;
      next = this.engine.now + Math.round(this.trInterval[i]! * blk.e[blk.take()]!);
    } else {
      // constant rate: the k-th arrival at k·interval, rounded, so that rounding never drifts
      const k = this.trCount[i]!;
      this.trCount[i] = k + 1;
      next = this.trOrigin[i]! + Math.round(k * this.trInterval[i]!);
      this.trNext[i] = next;
    }
    if (next < this.end) this.queue.push(next, ARRIVAL, i, P_TRAFFIC);
  }

  private arrival(i: number): void {
    const now = this.engine.now;
    this.scheduleArrival(i);
    // the client: which pod sends it decides the node whose data plane routes it
    const total = this.trTotal[i]!;
    let k = 0;
    if (total > 1) k = this.trPoisson[i] === 1 ? Math.floor(this.clientRng[i]!.next() * total) : (this.trCount[i]! - 2) % total;
    const cl = this.trClientBase[i]! + k;
    if (this.dynamic) {
      this.send(i, cl, -1);
      return;
    }
    const measured = now >= this.warmup;
    if (measured) this.counts[i * F + F_REQUESTS]!++;
    // timeseries interval of this planned arrival: move the boundary forward (arrivals come in time order)
    while (now >= this.intervalEnd && this.interval < this.series.intervals - 1) {
      this.interval++;
      this.intervalEnd += this.series.widthNs;
    }
    const interval = this.interval;
    this.series.recordArrival(interval);
    const node = this.clNode[cl]!;
    // demand quantile, drawn now from the source's own stream (common random numbers)
    const dem = this.demandRng[i]!;
    const du = dem.take();

    // a connection, or (mesh) a route for this request
    const sp = this.trSp[i]!;
    const reuse = this.perRequest ? 0 : this.trReuse[i]!;
    let ep: number;
    let conn = -1;
    let delay: number;
    if (reuse === 0) {
      ep = this.routeOnce(cl, node, sp);
      delay = this.routedDelay;
    } else {
      // a kept connection (keep-alive, persistent) — off the one-per-request path, so that stays small for V8 to inline
      conn = this.connectionFor(cl, node, sp, reuse);
      ep = conn >= 0 ? this.conns.ep[conn]! : this.routed;
      delay = this.routedDelay;
    }
    if (ep < 0) {
      this.unrouted(i, interval, measured, ep === -2 ? DROPPED : REFUSED);
      return;
    }
    if (measured) this.epRequests[ep]!++;

    const r = this.allocRequest();
    this.reqT[r] = now;
    this.reqU[r] = dem.u[du]!;
    this.reqE[r] = dem.e[du]!;
    this.reqEp[r] = ep;
    this.reqPod[r] = this.dp.epPod[ep]!;
    this.reqSrc[r] = i;
    this.reqClient[r] = cl;
    this.reqConn[r] = conn;
    this.reqMeasured[r] = measured ? 1 : 0;
    this.reqInterval[r] = interval;
    if (this.dp.hasExternal) delay += this.dp.epExtraDelay[ep]!;
    if (delay === 0) this.podArrive(r);
    else this.queue.push(now + delay, POD_ARRIVE, r, P_TRAFFIC);
  }

  /** A request that found no endpoint (refused, or dropped by a Local policy): it ends here. */
  private unrouted(i: number, interval: number, measured: boolean, kind: number): void {
    this.series.recordError(interval, kind);
    if (measured) this.counts[i * F + F_ERR + kind]!++;
  }

  /**
   * One route for one request: a new connection of its own (L4), or the
   * sidecar's pick (mesh); the endpoint (or NO_ENDPOINT / DROPPED), its delay
   * to the pod in `routedDelay`. The policy hears of the open.
   */
  private routeOnce(cl: number, node: number, sp: number): number {
    const ep = this.dp.route(node, cl, this.clIP[cl]!, this.usesFlow ? this.nextPort(cl) : 0, sp);
    this.routedDelay = this.dp.routeDelay[node * this.servicePorts + sp]!;
    if (this.hasOpen && ep >= 0) this.dp.policy.onOpen!(this.clientScope ? cl : node, sp, ep);
    return ep;
  }

  /** Results of connectionFor (and routeOnce) besides the connection: the endpoint when none could be opened, and the delay to the pod. */
  private routed = 0;
  private routedDelay = 0;
  /** connectionFor opened a new connection (1) or reused one (0). */
  private openedNew = 0;
  /** connectionFor must open a new connection (a retry: DESIGN.md "Retries"). */
  private fresh = false;

  /**
   * The connection client cl sends its next request on (reuse 1: an idle
   * keep-alive one, else a new one; 2: its persistent one, opened on first
   * use), or −1 when a new one finds no endpoint (then `routed` says why).
   */
  private connectionFor(cl: number, node: number, sp: number, reuse: number): number {
    let conn = reuse === 2 ? this.conns.head[cl]! : this.fresh ? -1 : this.takeIdle(cl);
    if (conn >= 0 && !this.fresh) {
      this.routedDelay = this.latency;
      this.openedNew = 0;
      return conn;
    }
    this.openedNew = 1;
    if (conn >= 0) {
      // a retry on a persistent client: it reconnects
      this.closeConn(conn);
      this.conns.head[cl] = -1;
    }
    const ep = this.dp.route(node, cl, this.clIP[cl]!, this.nextPort(cl), sp);
    this.routedDelay = this.dp.routeDelay[node * this.servicePorts + sp]!;
    this.routed = ep;
    if (ep < 0) return -1;
    conn = this.conns.open(cl, ep, this.engine.now);
    if (this.hasOpen) this.dp.policy.onOpen!(node, sp, ep);
    if (reuse === 2) this.conns.head[cl] = conn;
    return conn;
  }

  /**
   * Source port of the client's next connection: its counter, wrapping in
   * Linux's default range 32768–60999 — drawn only for a policy that hashes
   * the flow (the port is then part of its key); 0 otherwise.
   */
  private nextPort(cl: number): number {
    if (!this.usesFlow) return 0;
    const p = this.clPort[cl]! + 1;
    this.clPort[cl] = p >= 28232 ? 0 : p;
    return 32768 + p;
  }

  private podArrive(r: number): void {
    const pod = this.reqPod[r]!;
    const pods = this.pods;
    if (this.dynamic && (pods.state[pod] !== POD_UP || this.reqState[r] !== S_TRAVEL || this.cut)) {
      this.podArriveOdd(r, pod);
      return;
    }
    if (pods.busy[pod]! < pods.conc[pod]!) {
      pods.busy[pod]!++;
      this.startService(r, pod, false);
    } else {
      this.enqueue(r, pod);
    }
  }

  /** Every server of the pod is busy: r waits FIFO, or is answered 503 at once when the queue is full. */
  private enqueue(r: number, pod: number): void {
    const pods = this.pods;
    if (pods.waiting[pod]! >= pods.limit[pod]!) {
      if (pods.guarded[pod] === 1 && this.reqMeasured[r] === 1) pods.guardHits[pod]!++;
      this.reqKind[r] = REJECTED;
      this.answered(r);
      return;
    }
    this.reqQ[r] = this.engine.now;
    this.reqState[r] = S_QUEUED;
    pods.waiting[pod]!++;
    this.reqNext[r] = -1;
    const tail = pods.tail[pod]!;
    if (tail < 0) pods.head[pod] = r;
    else this.reqNext[tail] = r;
    pods.tail[pod] = r;
  }

  /**
   * r starts service now (after waiting since reqQ[r] if it queued). Its time
   * in service [now, now + d) and in the queue are known here, so the pod's
   * utilisation integrals (Pods.busyNs, queueNs) take them at once, clipped to
   * the measured window — no bookkeeping at every queue change. (Inline, not a
   * helper: a call that is not inlined boxes each double argument — an
   * allocation per request.)
   */
  private startService(r: number, pod: number, queued: boolean): void {
    const pods = this.pods;
    const now = this.engine.now;
    const code = pods.code[pod]!;
    // exponential: mean · (−ln(1 − u)), the quantile's own double, its log taken in the demand stream's block
    let d = Math.round(code === DIST_EXPONENTIAL ? pods.a[pod]! * this.reqE[r]! : quantile(code, pods.a[pod]!, pods.b[pod]!, this.reqU[r]!));
    if (this.dynamic) {
      d = Math.round(d * pods.slow[pod]!);
      this.reqState[r] = this.reqState[r] === S_ABANDONED_QUEUED ? S_ABANDONED : S_SERVICE;
    }
    const done = now + d;
    const w0 = this.warmup;
    const w1 = this.end;
    if (now >= w0 && done <= w1) pods.busyNs[pod]! += d; // wholly inside the window: the common case
    else {
      // Math.max/min, not `x > y ? x : y`: V8 gave that phi of two doubles a
      // tagged representation here — a boxed double per request
      const a = Math.max(now, w0);
      const b = Math.min(done, w1);
      if (b > a) pods.busyNs[pod]! += b - a;
    }
    if (queued) {
      const q = this.reqQ[r]!;
      const qa = Math.max(q, w0);
      const qb = Math.min(now, w1);
      if (qb > qa) pods.queueNs[pod]! += qb - qa;
    }
    this.queue.push(done, DEPART, r, P_TRAFFIC);
  }

  private depart(r: number): void {
    if (this.dynamic && (this.reqState[r] !== S_SERVICE || this.pods.excess[this.reqPod[r]!]! > 0)) {
      this.departOdd(r);
      return;
    }
    const pod = this.reqPod[r]!;
    this.nextInLine(pod);
    this.reqKind[r] = -1;
    this.answered(r);
  }

  /** A server slot of the pod is free: the next request in line takes it. */
  private nextInLine(pod: number): void {
    const pods = this.pods;
    const head = pods.head[pod]!;
    if (head >= 0 && pods.state[pod] !== POD_HUNG) {
      const next = this.reqNext[head]!;
      pods.head[pod] = next;
      if (next < 0) pods.tail[pod] = -1;
      pods.waiting[pod]!--;
      this.startService(head, pod, true);
    } else {
      pods.busy[pod]!--;
      // a draining pod (SIGTERM) has answered its last request: the container exits
      if (this.dynamic && pods.busy[pod] === 0 && head < 0 && pods.state[pod] === POD_REFUSE) this.cp!.drained(pod);
    }
  }

  /** A request left the pod's service (dynamic runs): a slot over a lowered concurrency is given up, else the next in line takes it. */
  private freeSlot(pod: number): void {
    const pods = this.pods;
    if (pods.excess[pod]! > 0) {
      pods.excess[pod]!--;
      pods.busy[pod]!--;
      if (pods.busy[pod] === 0 && pods.head[pod]! < 0 && pods.state[pod] === POD_REFUSE) this.cp!.drained(pod);
    } else this.nextInLine(pod);
  }

  /** The pod has answered r (a response or a 503): count the outcome as of its arrival at the client, then hand the client side on. */
  private answered(r: number): void {
    const now = this.engine.now;
    let arrives = now + this.latency;
    if (this.dp.hasExternal) arrives += this.dp.epExtraDelay[this.reqEp[r]!]!;
    const latency = arrives - this.reqT[r]!;
    const src = this.reqSrc[r]!;
    const kind = this.reqKind[r]!;
    if (this.dynamic) {
      if (this.cut && this.severed(r, this.reqPod[r]!)) {
        // a partition came between the pod and its client while it was served: the response never arrives
        this.reqState[r] = S_LOST;
        this.queue.push(Math.max(this.engine.now, this.lossTime(r)), LOST, r, P_TRAFFIC);
        return;
      }
      this.reqState[r] = S_DONE;
      if (kind >= 0 || arrives - this.reqTryT[r]! > this.trTimeout[src]!) {
        this.endTry(r, kind >= 0 ? kind : TIMEOUT, arrives);
        if (this.responseEvents) this.queue.push(arrives, RESPONSE, r, P_TRAFFIC);
        else if (this.bareResponses) this.freeRequest(r);
        else this.respond(r);
        return;
      }
      const u = this.reqUser[r]!;
      if (u >= 0) this.think(u, arrives);
    }
    if (kind >= 0 || latency > this.trTimeout[src]!) {
      this.failed(r, src, kind >= 0 ? kind : TIMEOUT);
    } else {
      this.series.recordSuccessAt(this.reqInterval[r]!, compactIndex(latency));
      if (this.reqMeasured[r] === 1) {
        this.counts[src * F + F_COMPLETED]!++;
        this.hists[src]!.record(latency);
      }
      // throughput: the response reaches its client at `arrives`, counted in that instant's interval
      if (arrives < this.end) {
        // its interval: a moving boundary (answers come in time order); a division if one ever comes earlier
        while (arrives >= this.goodEnd) {
          this.goodK++;
          this.goodEnd += this.widthNs;
        }
        const k = arrives >= this.goodEnd - this.widthNs ? this.goodK : Math.floor(arrives / this.widthNs);
        this.seriesGoodput[k]!++;
        if (arrives >= this.warmup) this.counts[src * F + F_GOODPUT]!++;
      }
    }
    if (this.responseEvents) this.queue.push(arrives, RESPONSE, r, P_TRAFFIC);
    else if (this.bareResponses) this.freeRequest(r);
    else this.respond(r);
  }

  /** r ends as error `kind` (rejected, timeout): off the success path. */
  private failed(r: number, src: number, kind: number): void {
    this.series.recordError(this.reqInterval[r]!, kind);
    if (this.reqMeasured[r] === 1) {
      this.counts[src * F + F_ERR + kind]!++;
      this.epErrors[this.reqEp[r]!]!++;
    }
  }

  /** The response is at the client: the connection returns to its pool or closes; the policy hears of it. */
  private respond(r: number): void {
    const cl = this.reqClient[r]!;
    const ep = this.reqEp[r]!;
    const conn = this.reqConn[r]!;
    const sp = this.dp.epSp[ep]!;
    if (this.perRequest) {
      if (this.hasResponse) this.dp.policy.onResponse!(cl, sp, ep, this.engine.now - this.reqT[r]!);
      if (this.hasClose) this.dp.policy.onClose!(cl, sp, ep);
    } else if (conn < 0) {
      if (this.hasClose) this.dp.policy.onClose!(this.clNode[cl]!, sp, ep);
    } else if (this.trReuse[this.reqSrc[r]!] === 1) {
      const cs = this.conns;
      const src = this.reqSrc[r]!;
      const served = cs.served[conn]! + 1;
      cs.served[conn] = served;
      if (served >= this.trPerConn[src]! || this.engine.now - cs.opened[conn]! >= this.trLifetime[src]!) this.closeConn(conn);
      else if (this.dynamic && this.pods.state[this.dp.epPod[ep]!] !== POD_UP) this.closeConn(conn); // the server is going: it closes the connection
      else cs.pushIdle(cl, conn);
    }
    this.freeRequest(r);
  }

  // ---- the cluster in motion (dynamic runs only; off the hot path)

  /** Timers and the events of dynamic runs. */
  private other(kind: number, arg: number): void {
    if (kind === TIMER) {
      const t = this.timers;
      if (!t.take(arg)) return;
      const k = t.kind;
      const a = t.arg;
      if (k === T_RETRY) this.sendTry(a);
      else if (k === T_THINK) this.userSends(a);
      else if (k === T_SCENARIO_EVENT || k === T_SCENARIO_END) this.events!.handle(k, a);
      else this.cp!.handle(k, a);
    } else if (kind === TIMEOUT_CHECK) {
      this.timeouts!.check(arg, this, this.engine);
    } else if (kind === LOST) {
      this.lost(arg);
    } else {
      throw new Error(`unknown event kind ${kind}`);
    }
  }

  /** Request of source i from client cl (closed-loop user `user`, or −1), planned now. */
  private send(i: number, cl: number, user: number): void {
    const now = this.engine.now;
    if (this.nodeDown[this.clNode[cl]!] === 1) {
      // the client pod is down with its node: it sends nothing (a user comes back later)
      if (user >= 0) this.think(user, now);
      return;
    }
    const measured = now >= this.warmup;
    if (measured) this.counts[i * F + F_REQUESTS]!++;
    while (now >= this.intervalEnd && this.interval < this.series.intervals - 1) {
      this.interval++;
      this.intervalEnd += this.series.widthNs;
    }
    this.series.recordArrival(this.interval);
    const r = this.allocRequest();
    this.reqT[r] = now;
    const dem = this.demandRng[i]!;
    const du = dem.take();
    this.reqU[r] = dem.u[du]!;
    this.reqE[r] = dem.e[du]!;
    this.reqSrc[r] = i;
    this.reqClient[r] = cl;
    this.reqMeasured[r] = measured ? 1 : 0;
    this.reqInterval[r] = this.interval;
    this.reqTry[r] = 0;
    this.reqUser[r] = user;
    this.retries.firstTry(i);
    this.sendTry(r);
  }

  /** A closed-loop user's think time is over. */
  private userSends(u: number): void {
    if (this.engine.now >= this.end) return;
    this.send(this.userSrc[u]!, this.userClient[u]!, u);
  }

  /** User u has its answer (or error) at `at`: it thinks, then sends again — inside the window. */
  private think(u: number, at: number): void {
    const i = this.userSrc[u]!;
    const next = at + Math.round(-this.trThink[i]! * Math.log(1 - this.thinkRng[i]!()));
    if (next < this.end) this.timers.at(next, T_THINK, u, P_TRAFFIC);
  }

  /** A try of request r starts now: a route (a new connection, or a kept one), then the way to the pod. */
  private sendTry(r: number): void {
    const now = this.engine.now;
    const i = this.reqSrc[r]!;
    const cl = this.reqClient[r]!;
    const node = this.clNode[cl]!;
    this.reqTryT[r] = now;
    this.reqSerial[r] = ++this.serial;
    this.reqKind[r] = -1;
    this.reqConn[r] = -1;
    const sp = this.trSp[i]!;
    const reuse = this.perRequest ? 0 : this.trReuse[i]!;
    let ep: number;
    let conn = -1;
    let delay: number;
    if (reuse === 0) {
      ep = this.routeOnce(cl, node, sp);
      delay = this.routedDelay;
      this.reqNew[r] = 1;
    } else {
      this.fresh = this.reqTry[r]! > 0;
      conn = this.connectionFor(cl, node, sp, reuse);
      this.fresh = false;
      ep = conn >= 0 ? this.conns.ep[conn]! : this.routed;
      delay = this.routedDelay;
      this.reqNew[r] = this.openedNew;
    }
    this.reqEp[r] = ep;
    if (ep < 0) {
      // no endpoint: kube-proxy's REJECT (refused) or a Local policy's drop, at once
      this.reqState[r] = S_DONE;
      this.endTry(r, ep === -2 ? DROPPED : REFUSED, now);
      this.freeRequest(r);
      return;
    }
    if (this.reqMeasured[r] === 1) this.epRequests[ep]!++;
    this.reqPod[r] = this.dp.epPod[ep]!;
    this.reqConn[r] = conn;
    this.reqState[r] = S_TRAVEL;
    this.timeouts!.add(i, r, this.reqSerial[r]!, now, this.engine);
    if (this.dp.hasExternal) delay += this.dp.epExtraDelay[ep]!;
    if (delay === 0) this.podArrive(r);
    else this.queue.push(now + delay, POD_ARRIVE, r, P_TRAFFIC);
  }

  /** r reaches a pod that is not simply up, or r itself was given up on the way. */
  private podArriveOdd(r: number, pod: number): void {
    const st = this.reqState[r]!;
    if (st !== S_TRAVEL) {
      this.freeRequest(r); // abandoned by its client (timeout) or orphaned on the way: nobody waits for it
      return;
    }
    const ps = this.pods.state[pod]!;
    if (this.cut && this.severed(r, pod)) {
      this.reqState[r] = S_LOST; // a partition between the client and the pod: nothing gets through
      this.queue.push(Math.max(this.engine.now, this.lossTime(r)), LOST, r, P_TRAFFIC);
      return;
    }
    if (ps === POD_UP) {
      const pods = this.pods;
      if (pods.busy[pod]! < pods.conc[pod]!) {
        pods.busy[pod]!++;
        this.startService(r, pod, false);
      } else {
        this.enqueue(r, pod);
      }
      return;
    }
    if (ps === POD_HUNG) {
      this.enqueue(r, pod); // accepted, never served until the hang ends
      return;
    }
    if (ps === POD_SILENT) {
      this.reqState[r] = S_LOST;
      this.queue.push(Math.max(this.engine.now, this.lossTime(r)), LOST, r, P_TRAFFIC);
      return;
    }
    // nothing listens: the kernel answers a SYN with a RST (refused); on a kept connection, a RST (reset)
    const back = this.engine.now + this.latency + (this.dp.hasExternal ? this.dp.epExtraDelay[this.reqEp[r]!]! : 0);
    this.clientSideClose(r);
    this.reqState[r] = S_DONE;
    this.endTry(r, this.reqNew[r] === 1 ? REFUSED : RESET, back);
    this.freeRequest(r);
  }

  /** DEPART of a request that is no longer simply in service, or that leaves a slot over a lowered concurrency. */
  private departOdd(r: number): void {
    const st = this.reqState[r]!;
    if (st === S_SERVICE) {
      this.freeSlot(this.reqPod[r]!);
      this.reqKind[r] = -1;
      this.answered(r);
    } else if (st === S_ABANDONED) {
      // the client gave up; the server did the work anyway
      this.freeSlot(this.reqPod[r]!);
      this.freeRequest(r);
    } else if (st === S_LOST_IN_SERVICE) {
      this.reqState[r] = S_LOST;
      this.queue.push(Math.max(this.engine.now, this.lossTime(r)), LOST, r, P_TRAFFIC);
    } else {
      this.freeRequest(r); // S_ORPHAN: its pod was reset under it
    }
  }

  /**
   * When a try nobody answers ends at its client: a connect (new
   * connection) after the SYN retries or the client's timeout if shorter; a
   * request on an open connection at the client's timeout; without a
   * timeout, when the run stops draining.
   */
  private lossTime(r: number): number {
    const t = this.trTimeout[this.reqSrc[r]!]!;
    const sent = this.reqTryT[r]!;
    const limit = this.reqNew[r] === 1 ? Math.min(t, SYN_TIMEOUT_NS) : t;
    return limit === Infinity ? this.drainEnd : Math.min(this.drainEnd, sent + limit);
  }

  private lost(r: number): void {
    if (this.reqState[r] === S_LOST) {
      this.clientSideClose(r);
      this.reqState[r] = S_DONE;
      this.endTry(r, TIMEOUT, this.engine.now);
    }
    this.freeRequest(r);
  }

  /** Whether try `serial` of slot r still waits for its answer (ClientTimeouts). */
  isOpen(r: number, serial: number): boolean {
    if (this.reqSerial[r] !== serial) return false;
    const st = this.reqState[r]!;
    return st === S_TRAVEL || st === S_QUEUED || st === S_SERVICE || st === S_LOST || st === S_LOST_IN_SERVICE;
  }

  /** The client's timeout for r's current try has passed (ClientTimeouts calls this for a try still open). */
  timedOut(r: number, serial: number): void {
    if (!this.isOpen(r, serial)) return;
    const st = this.reqState[r]!;
    this.clientSideClose(r);
    // the server side goes on where it is (the pod serves a request nobody waits for); the slot is freed at its next event
    this.reqState[r] = st === S_QUEUED ? S_ABANDONED_QUEUED : st === S_SERVICE ? S_ABANDONED : S_ORPHAN;
    this.endTry(r, TIMEOUT, this.engine.now);
  }

  /** The client side of a try that ends without a normal response: its connection closes (a persistent one is handled by whoever closed it). */
  private clientSideClose(r: number): void {
    const ep = this.reqEp[r]!;
    if (ep < 0) return;
    const cl = this.reqClient[r]!;
    const conn = this.reqConn[r]!;
    const sp = this.dp.epSp[ep]!;
    if (this.perRequest) {
      if (this.hasClose) this.dp.policy.onClose!(cl, sp, ep);
    } else if (conn < 0) {
      if (this.hasClose) this.dp.policy.onClose!(this.clNode[cl]!, sp, ep);
    } else if (this.trReuse[this.reqSrc[r]!] === 1 && this.conns.live[conn] === 1 && this.conns.idle[conn] === 0) {
      this.closeConn(conn);
    }
    this.reqConn[r] = -1;
  }

  /**
   * A try of r ended with error `kind`, known at its client at `at`: another
   * try after a backoff if the source retries that kind and its budget
   * allows (on a fresh slot: this one may still be referenced by the
   * server side), else r ends as that error.
   */
  private endTry(r: number, kind: number, at: number): void {
    const i = this.reqSrc[r]!;
    const wait = this.retries.next(i, kind, this.reqTry[r]!);
    if (wait >= 0) {
      const r2 = this.allocRequest();
      this.reqT[r2] = this.reqT[r]!;
      this.reqU[r2] = this.reqU[r]!;
      this.reqE[r2] = this.reqE[r]!;
      this.reqSrc[r2] = i;
      this.reqClient[r2] = this.reqClient[r]!;
      this.reqMeasured[r2] = this.reqMeasured[r]!;
      this.reqInterval[r2] = this.reqInterval[r]!;
      this.reqTry[r2] = this.reqTry[r]! + 1;
      this.reqUser[r2] = this.reqUser[r]!;
      this.reqState[r2] = S_RETRY;
      this.reqEp[r2] = -1;
      this.timers.at(Math.max(at, this.engine.now) + wait, T_RETRY, r2, P_TRAFFIC);
      return;
    }
    this.series.recordError(this.reqInterval[r]!, kind);
    if (this.reqMeasured[r] === 1) {
      this.counts[i * F + F_ERR + kind]!++;
      const ep = this.reqEp[r]!;
      if (ep >= 0) this.epErrors[ep]!++;
    }
    const u = this.reqUser[r]!;
    if (u >= 0) this.think(u, at);
  }

  // ---- what the control plane tells the request side (RequestSide)

  /**
   * The pod loses every request it holds: the live ones (queued or in
   * service) are passed to f with whether they are in service; the ones
   * their clients gave up on are dropped (freed now, or at their DEPART).
   * The pod's queue and servers are empty afterwards.
   */
  private atPod(p: number, f: (r: number, inService: boolean) => void): void {
    const n = this.reqT.length;
    for (let r = 0; r < n; r++) {
      if (this.reqPod[r] !== p) continue;
      const st = this.reqState[r]!;
      if (st === S_QUEUED || st === S_SERVICE) f(r, st === S_SERVICE);
      else if (st === S_ABANDONED) this.reqState[r] = S_ORPHAN;
      else if (st === S_ABANDONED_QUEUED) {
        this.reqState[r] = 0;
        this.freeRequest(r);
      }
    }
    const pods = this.pods;
    pods.head[p] = -1;
    pods.tail[p] = -1;
    pods.waiting[p] = 0;
    pods.busy[p] = 0;
    pods.excess[p] = 0;
  }

  /** The container died (SIGKILL, crash): requests in it are reset; its connections are closed. */
  containerDied(p: number): void {
    const back = this.engine.now + this.latency;
    this.atPod(p, (r, inService) => {
      this.clientSideClose(r);
      this.reqState[r] = inService ? S_ORPHAN : S_DONE;
      this.endTry(r, RESET, back);
      if (!inService) this.freeRequest(r);
    });
    this.closeConnections(p);
  }

  /** SIGTERM: the server closes its idle and persistent connections; requests in it finish. */
  containerDraining(p: number): void {
    this.closeConnections(p);
  }

  /** The node went down with the pod: requests in it are never answered. */
  containerLost(p: number): void {
    this.atPod(p, (r, inService) => {
      if (inService) {
        this.reqState[r] = S_LOST_IN_SERVICE;
      } else {
        this.reqState[r] = S_LOST;
        this.queue.push(Math.max(this.engine.now, this.lossTime(r)), LOST, r, P_TRAFFIC);
      }
    });
  }

  /** The hang is over: the pod serves what waited. */
  containerResumed(p: number): void {
    const pods = this.pods;
    while (pods.busy[p]! < pods.conc[p]! && pods.head[p]! >= 0) {
      const head = pods.head[p]!;
      const next = this.reqNext[head]!;
      pods.head[p] = next;
      if (next < 0) pods.tail[p] = -1;
      pods.waiting[p]!--;
      pods.busy[p]!++;
      this.startService(head, p, true);
    }
  }

  /** Request r's client and pod p are on different sides of a partition. */
  private severed(r: number, p: number): boolean {
    const pn = this.podNode[p]!;
    const pg = pn >= 0 ? this.nodeGroup[pn]! : 0;
    return this.nodeGroup[this.clNode[this.reqClient[r]!]!] !== pg;
  }

  /** Partition: node n is on side g (0: back with the API server and the rest). */
  setNodeGroup(n: number, g: number): void {
    if ((this.nodeGroup[n] !== 0) !== (g !== 0)) this.cutNodes += g !== 0 ? 1 : -1;
    this.nodeGroup[n] = g;
    this.cut = this.cutNodes > 0;
  }
  private cutNodes = 0;

  /**
   * `set traffic[i].arrival.rate`: source i's rate from now on — from its
   * next arrival (already planned at the old rate; Poisson arrivals are
   * memoryless); a constant-rate source counts its arrivals from now.
   */
  setRate(i: number, rate: number): void {
    this.trInterval[i] = NS_PER_S / rate;
    if (this.trPoisson[i] === 0) {
      // the pending arrival stays; the next ones follow it at the new interval
      this.trOrigin[i] = this.trNext[i]!;
      this.trCount[i] = 1;
    }
  }

  /**
   * `set workloads[w].serviceTime…`: w's pods (spares for later replicas
   * included) serve with `st` from now on. A request's demand quantile was
   * drawn at its arrival (common random numbers) and its service time is
   * taken when it starts service, so a request in service keeps its time
   * and one still queued takes the new one; slow-pod factors still apply.
   */
  setServiceTime(w: number, st: ServiceTimeSpec): void {
    const d = distParams(st);
    const pods = this.pods;
    for (let p = 0; p < pods.count; p++) {
      if (this.podWorkload[p] !== w) continue;
      pods.code[p] = d.code;
      pods.a[p] = d.a;
      pods.b[p] = d.b;
    }
  }

  /**
   * `set workloads[w].concurrency`: w's pods serve up to `c` requests at once
   * from now on. More slots: the queue's head takes them at once. Fewer: the
   * requests in service finish, and the next departures give up their slots
   * (`excess`) until the pod is within `c`; the queue waits meanwhile.
   */
  setConcurrency(w: number, c: number): void {
    const pods = this.pods;
    for (let p = 0; p < pods.count; p++) {
      if (this.podWorkload[p] !== w) continue;
      pods.conc[p] = c;
      pods.excess[p] = Math.max(0, pods.busy[p]! - c);
      const st = pods.state[p];
      if (st === POD_UP || st === POD_REFUSE) this.containerResumed(p);
    }
  }

  /** A node goes down or comes back: its clients stop or resume sending. */
  setNodeDown(n: number, down: boolean): void {
    this.nodeDown[n] = down ? 1 : 0;
  }

  /** Idle keep-alive connections to pod p become dead (released when next popped); persistent ones close now. */
  private closeConnections(p: number): void {
    const cs = this.conns;
    const n = cs.ep.length;
    for (let c = 0; c < n; c++) {
      if (cs.live[c] === 0 || cs.dead[c] === 1 || this.dp.epPod[cs.ep[c]!] !== p) continue;
      const cl = cs.client[c]!;
      const reuse = this.trReuse[this.clSrc[cl]!]!;
      if (reuse === 2) {
        if (cs.head[cl] === c) cs.head[cl] = -1;
        this.closeConn(c);
      } else if (cs.idle[c] === 1) {
        cs.dead[c] = 1;
        if (this.hasClose) this.dp.policy.onClose!(this.clNode[cl]!, this.dp.epSp[cs.ep[c]!]!, cs.ep[c]!);
      }
    }
  }

  // ---- connections

  /** An idle keep-alive connection of client cl (most recently used first), closing any past its lifetime; −1 if none. */
  private takeIdle(cl: number): number {
    const cs = this.conns;
    const lifetime = this.trLifetime[this.clSrc[cl]!]!;
    for (let c = cs.popIdle(cl); c >= 0; c = cs.popIdle(cl)) {
      if (cs.dead[c] === 1) {
        cs.release(c); // its server reset or closed it (the policy heard then)
        continue;
      }
      if (this.engine.now - cs.opened[c]! < lifetime) return c;
      this.closeConn(c);
    }
    return -1;
  }

  /** Connection c closes: the node's policy hears of it (IPVS counts it inactive), the slot is freed. */
  private closeConn(c: number): void {
    const cs = this.conns;
    const ep = cs.ep[c]!;
    if (this.hasClose) this.dp.policy.onClose!(this.clNode[cs.client[c]!]!, this.dp.epSp[ep]!, ep);
    cs.release(c);
  }

  // ---- request slots

  private allocRequest(): number {
    if (this.freeHead < 0) this.growPool();
    const r = this.freeHead;
    this.freeHead = this.reqNext[r]!;
    return r;
  }

  private freeRequest(r: number): void {
    this.reqState[r] = 0;
    this.reqNext[r] = this.freeHead;
    this.freeHead = r;
  }

  private linkFree(from: number, to: number): void {
    for (let r = to - 1; r >= from; r--) {
      this.reqNext[r] = this.freeHead;
      this.freeHead = r;
    }
  }

  private growPool(): void {
    const old = this.reqT.length;
    const size = old * 2;
    this.reqT = grow(this.reqT, new Float64Array(size));
    this.reqU = grow(this.reqU, new Float64Array(size));
    this.reqE = grow(this.reqE, new Float64Array(size));
    this.reqQ = grow(this.reqQ, new Float64Array(size));
    this.reqEp = grow(this.reqEp, new Int32Array(size));
    this.reqPod = grow(this.reqPod, new Int32Array(size));
    this.reqSrc = grow(this.reqSrc, new Int32Array(size));
    this.reqClient = grow(this.reqClient, new Int32Array(size));
    this.reqConn = grow(this.reqConn, new Int32Array(size));
    this.reqNext = grow(this.reqNext, new Int32Array(size));
    this.reqMeasured = grow(this.reqMeasured, new Uint8Array(size));
    this.reqInterval = grow(this.reqInterval, new Int32Array(size));
    this.reqKind = grow(this.reqKind, new Int8Array(size));
    this.reqState = grow(this.reqState, new Uint8Array(size));
    this.reqTryT = grow(this.reqTryT, new Float64Array(size));
    this.reqSerial = grow(this.reqSerial, new Float64Array(size));
    this.reqTry = grow(this.reqTry, new Int32Array(size));
    this.reqUser = grow(this.reqUser, new Int32Array(size));
    this.reqNew = grow(this.reqNew, new Uint8Array(size));
    this.linkFree(old, size);
  }
}


/** Thrown by Simulation.run() when its poll asked to stop. */
export class RunAborted extends Error {
  constructor() {
    super('run aborted');
    this.name = 'RunAborted';
  }
}

/** Simulate run `run` of a point whose cluster is built (`poll`: see the Simulation constructor). */
export function simulateRun(cluster: BuiltCluster, spec: ScenarioSpec, run: number, poll?: (arrivals: number) => boolean): RunCounters {
  return new Simulation(cluster, spec, run, poll).run();
}
