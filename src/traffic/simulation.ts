/**
 * One run of one sweep point: a request's life, event by event.
 *
 *   ARRIVAL(traffic i) at t        the traffic source's next planned arrival
 *     → a client pod on node N     (poisson: uniform among clients; constant: in turn)
 *     → N's data plane             ServiceTable (VIP:port/proto → service port),
 *                                  then N's endpoint view + the policy → endpoint
 *                                  (none: `refused`, or `dropped` for a Local
 *                                  policy with no local endpoint)
 *     → proxy cost + network latency
 *   POD_ARRIVE(req)                into the pod: served at once if fewer than
 *                                  `concurrency` requests are in service, else FIFO
 *   DEPART(req)                    service done; the response reaches the client
 *                                  one network latency later: latency = that time
 *                                  − the PLANNED arrival (no coordinated omission),
 *                                  or `timeout` if it is over the client's timeout
 *
 * One connection per request (balancing is per connection, as conntrack pins
 * it). Arrivals stop at warmup + duration; requests planned in the measured
 * window [warmup, warmup + duration) are counted; the run then drains until
 * every request has ended.
 *
 * Hot path: every per-request and per-pod quantity lives in typed arrays
 * indexed by integers; no object, string or closure is created per event.
 * A zero delay is a direct call, not an event (the same order a zero-delay
 * event would get, less the queue round trip, since nothing else can be due
 * in between at the same instant for that request).
 */
import { Engine } from '../engine/engine.js';
import { stream, type Rng } from '../engine/rng.js';
import { quantile } from '../engine/distributions.js';
import { EndpointRing } from '../routing/endpoint-ring.js';
import { createPolicy } from '../routing/policies/index.js';
import type { Policy } from '../routing/policies/policy.js';
import { autoCostNs } from '../routing/cost.js';
import { LatencyHistogram } from '../metrics/histogram.js';
import { IntervalSeries, compactIndex } from '../metrics/interval-series.js';
import { ERROR_KINDS } from '../metrics/run-result.js';
import { PROTO_NUMBER, type BuiltCluster } from '../cluster/build.js';
import type { ScenarioSpec } from '../scenario/types.js';

const ARRIVAL = 0;
const POD_ARRIVE = 1;
const DEPART = 2;

const NS_PER_S = 1e9;

// error kinds as IntervalSeries counts them (ERROR_KINDS order), as module-local constants
const REFUSED = ERROR_KINDS.indexOf('refused');
const TIMEOUT = ERROR_KINDS.indexOf('timeout');
const DROPPED = ERROR_KINDS.indexOf('dropped');

/** What one run produces (the caller adds wall time and identifiers). */
export interface RunCounters {
  requests: number;
  completed: number;
  /** Successful responses that reached their clients during the measured window (throughput_rps · window). */
  goodput: number;
  refused: number;
  reset: number;
  timeout: number;
  dropped: number;
  rejected: number;
  events: number;
  measuredNs: number;
  latency: LatencyHistogram;
  /** Requests each endpoint pod received in the measured window. */
  podRequests: Float64Array;
  /** Of those, the ones that failed after routing (timeouts). */
  podErrors: Float64Array;
  /** Per interval of metrics.interval from t=0 (warmup included), by planned arrival. */
  series: IntervalSeries;
}

export class Simulation {
  private readonly engine = new Engine(256);
  private readonly policy: Policy;

  // ---- cluster
  private readonly servicePorts: number;
  private readonly viewIds: Int32Array[];
  private readonly viewOff: Int32Array;
  private readonly viewCnt: Int32Array;
  private readonly viewLocal: Uint8Array;
  private readonly cost: Float64Array; // per (node, service port): proxy cost + one-way latency, ns (connectionDelays)
  private readonly latency: number;
  private readonly table: BuiltCluster['table'];

  // ---- pods
  private readonly podCode: Int32Array;
  private readonly podA: Float64Array;
  private readonly podB: Float64Array;
  private readonly podConc: Int32Array;
  private readonly podBusy: Int32Array;
  private readonly podHead: Int32Array;
  private readonly podTail: Int32Array;
  private readonly podRequests: Float64Array;
  private readonly podErrors: Float64Array;

  // ---- traffic sources
  private readonly trIP: Uint32Array;
  private readonly trPort: Int32Array;
  private readonly trProto: Int32Array;
  private readonly trPoisson: Uint8Array;
  private readonly trInterval: Float64Array; // mean interarrival, ns (float)
  private readonly trCount: Float64Array; // arrivals generated (constant process)
  private readonly trClients: Int32Array; // clients per node
  private readonly trNodes: Int32Array[];
  private readonly trTimeout: Float64Array; // ns, or Infinity
  private readonly arrivalRng: Rng[];
  private readonly clientRng: Rng[];
  private readonly demandRng: Rng[];

  // ---- requests in flight (a pool of slots, grown on demand)
  private reqT = new Float64Array(1024);
  private reqU = new Float64Array(1024);
  private reqPod = new Int32Array(1024);
  private reqSrc = new Int32Array(1024);
  private reqNext = new Int32Array(1024); // free list, then pod FIFO links
  private reqMeasured = new Uint8Array(1024);
  private reqInterval = new Int32Array(1024); // timeseries interval of the planned arrival
  private freeHead = -1;

  // ---- window and counters
  private readonly warmup: number;
  private readonly end: number;
  private readonly hist = new LatencyHistogram();
  private readonly series: IntervalSeries;
  private interval = 0; // timeseries interval of the latest arrival
  private intervalEnd: number; // its end, ns
  private requests = 0;
  private completed = 0;
  private goodput = 0;
  private readonly seriesGoodput: Float64Array; // series.goodput, by the response's arrival interval
  private readonly widthNs: number;
  private goodK = 0; // interval of the latest response's arrival at its client
  private goodEnd: number; // its end, ns
  private refused = 0;
  private dropped = 0;
  private timedOut = 0;

  /**
   * `poll`, if given, is called every 2^16 events with the arrivals planned so
   * far (progress); returning true aborts the run (run() then throws RunAborted).
   */
  constructor(cluster: BuiltCluster, spec: ScenarioSpec, run: number, poll?: (arrivals: number) => boolean) {
    const seed = spec.seed;
    const nodes = cluster.nodeNames.length;
    const S = (this.servicePorts = cluster.servicePorts.length);
    this.table = cluster.table;
    this.latency = spec.cluster.network.latency;
    this.warmup = spec.warmup;
    this.end = spec.warmup + spec.duration;
    this.series = new IntervalSeries(this.end, spec.metricsInterval);
    this.intervalEnd = spec.metricsInterval;
    this.seriesGoodput = this.series.goodput;
    this.widthNs = this.series.widthNs;
    this.goodEnd = this.widthNs;
    this.policy = createPolicy(spec.cluster.proxy.mode as 'iptables' | 'nftables' | 'ipvs', {
      scheduler: spec.cluster.proxy.scheduler,
      nodes,
      servicePorts: Math.max(1, S),
      rng: stream(seed, run, 'policy', spec.cluster.proxy.mode),
    });

    const views = endpointViews(cluster);
    this.viewIds = views.ids;
    this.viewOff = views.offset;
    this.viewCnt = views.count;
    this.viewLocal = views.local;
    this.cost = connectionDelays(cluster, spec);

    // Pods
    const P = cluster.podNode.length;
    this.podCode = new Int32Array(P);
    this.podA = new Float64Array(P);
    this.podB = new Float64Array(P);
    this.podConc = new Int32Array(P);
    this.podBusy = new Int32Array(P);
    this.podHead = new Int32Array(P).fill(-1);
    this.podTail = new Int32Array(P).fill(-1);
    this.podRequests = new Float64Array(P);
    this.podErrors = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      const w = cluster.podWorkload[p]!;
      if (w < 0) continue;
      const wl = cluster.workloads[w]!;
      this.podCode[p] = wl.dist.code;
      this.podA[p] = wl.dist.a;
      this.podB[p] = wl.dist.b;
      this.podConc[p] = wl.concurrency;
    }

    // Traffic sources
    const T = spec.traffic.length;
    this.trIP = new Uint32Array(T);
    this.trPort = new Int32Array(T);
    this.trProto = new Int32Array(T);
    this.trPoisson = new Uint8Array(T);
    this.trInterval = new Float64Array(T);
    this.trCount = new Float64Array(T);
    this.trClients = new Int32Array(T);
    this.trTimeout = new Float64Array(T);
    this.trNodes = [];
    this.arrivalRng = [];
    this.clientRng = [];
    this.demandRng = [];
    spec.traffic.forEach((t, i) => {
      const sp = cluster.servicePorts[cluster.trafficTargets[i]!]!;
      this.trIP[i] = sp.vip;
      this.trPort[i] = sp.port;
      this.trProto[i] = PROTO_NUMBER[sp.protocol];
      this.trPoisson[i] = t.arrival.process === 'poisson' ? 1 : 0;
      this.trInterval[i] = NS_PER_S / t.arrival.rate;
      this.trClients[i] = t.clients;
      this.trTimeout[i] = t.timeout === null ? Infinity : t.timeout;
      this.trNodes.push(cluster.trafficNodes[i]!);
      this.arrivalRng.push(stream(seed, run, 'arrival', t.name));
      this.clientRng.push(stream(seed, run, 'client', t.name));
      this.demandRng.push(stream(seed, run, 'demand', t.name));
    });

    // free list over the initial pool
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
    for (let i = 0; i < this.trIP.length; i++) this.scheduleArrival(i);
    // Times stay in the engine and in typed arrays: every handler reads
    // engine.now itself, so no double crosses a call (V8 would box it).
    engine.run(Infinity, (kind, arg) => {
      if (kind === DEPART) this.depart(arg);
      else if (kind === ARRIVAL) this.arrival(arg);
      else this.podArrive(arg);
    });
    if (engine.stopped) throw new RunAborted();
    this.series.finish();
    return {
      requests: this.requests,
      completed: this.completed,
      goodput: this.goodput,
      refused: this.refused,
      reset: 0,
      timeout: this.timedOut,
      dropped: this.dropped,
      rejected: 0,
      events: engine.processed,
      measuredNs: this.end - this.warmup,
      latency: this.hist,
      podRequests: this.podRequests,
      podErrors: this.podErrors,
      series: this.series,
    };
  }

  /** Schedule traffic i's next planned arrival after now (its first, at t=0), unless it falls past the window. */
  private scheduleArrival(i: number): void {
    let next: number;
    if (this.trPoisson[i] === 1) {
      next = this.engine.now + Math.round(-this.trInterval[i]! * Math.log(1 - this.arrivalRng[i]!()));
    } else {
      // constant rate: the k-th arrival at k·interval, rounded, so that rounding never drifts
      const k = this.trCount[i]!;
      this.trCount[i] = k + 1;
      next = Math.round(k * this.trInterval[i]!);
    }
    if (next < this.end) this.engine.schedule(next, ARRIVAL, i);
  }

  private arrival(i: number): void {
    const now = this.engine.now;
    this.scheduleArrival(i);
    const measured = now >= this.warmup;
    if (measured) this.requests++;
    // timeseries interval of this planned arrival: move the boundary forward (arrivals come in time order)
    while (now >= this.intervalEnd && this.interval < this.series.intervals - 1) {
      this.interval++;
      this.intervalEnd += this.series.widthNs;
    }
    const interval = this.interval;
    this.series.recordArrival(interval);

    // the client: which pod sends it decides the node whose data plane routes it
    const clients = this.trClients[i]!;
    const nodes = this.trNodes[i]!;
    const total = clients * nodes.length;
    let c = 0;
    if (total > 1) c = this.trPoisson[i] === 1 ? Math.floor(this.clientRng[i]!() * total) : (this.trCount[i]! - 2) % total;
    const node = nodes[(c / clients) | 0]!;
    // demand quantile, drawn now from the source's own stream (common random numbers)
    const u = this.demandRng[i]!();

    // the node's data plane: dispatch on (VIP, port, proto), then pick an endpoint
    const sp = this.table.lookup(this.trIP[i]!, this.trPort[i]!, this.trProto[i]!);
    const v = node * this.servicePorts + sp;
    const count = this.viewCnt[v]!;
    if (count === 0) {
      const dropped = this.viewLocal[v] === 1;
      this.series.recordError(interval, dropped ? DROPPED : REFUSED);
      if (measured) {
        if (dropped) this.dropped++;
        else this.refused++;
      }
      return;
    }
    const ids = this.viewIds[v]!;
    const off = this.viewOff[v]!;
    const pod = ids[off + this.policy.pick(node, sp, ids, off, count)]!;
    if (measured) this.podRequests[pod]!++;

    const r = this.allocRequest();
    this.reqT[r] = now;
    this.reqU[r] = u;
    this.reqPod[r] = pod;
    this.reqSrc[r] = i;
    this.reqMeasured[r] = measured ? 1 : 0;
    this.reqInterval[r] = interval;
    const delay = this.cost[v]!;
    if (delay === 0) this.podArrive(r);
    else this.engine.schedule(now + delay, POD_ARRIVE, r);
  }

  private podArrive(r: number): void {
    const pod = this.reqPod[r]!;
    if (this.podBusy[pod]! < this.podConc[pod]!) {
      this.podBusy[pod]!++;
      this.startService(r, pod);
    } else {
      // FIFO behind the requests in service
      this.reqNext[r] = -1;
      const tail = this.podTail[pod]!;
      if (tail < 0) this.podHead[pod] = r;
      else this.reqNext[tail] = r;
      this.podTail[pod] = r;
    }
  }

  private startService(r: number, pod: number): void {
    const d = Math.round(quantile(this.podCode[pod]!, this.podA[pod]!, this.podB[pod]!, this.reqU[r]!));
    this.engine.schedule(this.engine.now + d, DEPART, r);
  }

  private depart(r: number): void {
    const now = this.engine.now;
    const pod = this.reqPod[r]!;
    const latency = now + this.latency - this.reqT[r]!;
    const late = latency > this.trTimeout[this.reqSrc[r]!]!;
    const interval = this.reqInterval[r]!;
    if (late) this.series.recordError(interval, TIMEOUT);
    else {
      this.series.recordSuccessAt(interval, compactIndex(latency));
      // throughput: the response reaches its client at now + latency, counted in that instant's interval
      const reach = now + this.latency;
      if (reach < this.end) {
        // its interval: a moving boundary (responses come in time order here); a division if one ever comes earlier
        while (reach >= this.goodEnd) {
          this.goodK++;
          this.goodEnd += this.widthNs;
        }
        const k = reach >= this.goodEnd - this.widthNs ? this.goodK : Math.floor(reach / this.widthNs);
        this.seriesGoodput[k]!++;
        if (reach >= this.warmup) this.goodput++;
      }
    }
    if (this.reqMeasured[r] === 1) {
      if (late) {
        this.timedOut++;
        this.podErrors[pod]!++;
      } else {
        this.completed++;
        this.hist.record(latency);
      }
    }
    this.freeRequest(r);
    // the next request in line takes the freed slot
    const head = this.podHead[pod]!;
    if (head >= 0) {
      const next = this.reqNext[head]!;
      this.podHead[pod] = next;
      if (next < 0) this.podTail[pod] = -1;
      this.startService(head, pod);
    } else {
      this.podBusy[pod]!--;
    }
  }

  private allocRequest(): number {
    if (this.freeHead < 0) this.growPool();
    const r = this.freeHead;
    this.freeHead = this.reqNext[r]!;
    return r;
  }

  private freeRequest(r: number): void {
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
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.reqT = f64(this.reqT);
    this.reqU = f64(this.reqU);
    this.reqPod = i32(this.reqPod);
    this.reqSrc = i32(this.reqSrc);
    this.reqNext = i32(this.reqNext);
    const m = new Uint8Array(size);
    m.set(this.reqMeasured);
    this.reqMeasured = m;
    this.reqInterval = i32(this.reqInterval);
    this.linkFree(old, size);
  }
}

/**
 * Each node's view of each Service port: the endpoints its kube-proxy has
 * synced, as (ring ids array, offset, count) at index node · S + port. Every
 * service port's endpoints are published in an EndpointRing (generation 1 =
 * the steady state at t=0, synced on every node); an
 * `internalTrafficPolicy: Local` port gets one ring per node holding that
 * node's endpoints (none: traffic from that node is dropped).
 */
function endpointViews(cluster: BuiltCluster): { ids: Int32Array[]; offset: Int32Array; count: Int32Array; local: Uint8Array } {
  const nodes = cluster.nodeNames.length;
  const S = cluster.servicePorts.length;
  const ids = new Array<Int32Array>(nodes * S);
  const offset = new Int32Array(nodes * S);
  const count = new Int32Array(nodes * S);
  const local = new Uint8Array(nodes * S);
  const publish = (endpoints: ArrayLike<number>, views: readonly number[]) => {
    const ring = EndpointRing.create(Math.max(1, endpoints.length));
    const gen = ring.publish(endpoints);
    for (const v of views) {
      ids[v] = ring.ids;
      offset[v] = ring.offsetOf(gen);
      count[v] = ring.countOf(gen);
    }
  };
  for (const sp of cluster.servicePorts) {
    if (!sp.local) {
      publish(
        sp.endpoints,
        Array.from({ length: nodes }, (_, n) => n * S + sp.id),
      );
    } else {
      for (let n = 0; n < nodes; n++) {
        publish(
          sp.endpoints.filter((p) => cluster.podNode[p] === n),
          [n * S + sp.id],
        );
        local[n * S + sp.id] = 1;
      }
    }
  }
  return { ids, offset, count, local };
}

/**
 * What a new connection from node n to service port s waits before it reaches
 * the pod: the proxy's cost (auto = calibrated per mode, routing/cost.ts, with
 * the Service's place in KUBE-SERVICES drawn per node — kube-proxy writes the
 * rules in map order) plus the one-way network latency. Index n · S + s, ns.
 */
function connectionDelays(cluster: BuiltCluster, spec: ScenarioSpec): Float64Array {
  const nodes = cluster.nodeNames.length;
  const S = cluster.servicePorts.length;
  const proxy = spec.cluster.proxy;
  const latency = spec.cluster.network.latency;
  const delays = new Float64Array(nodes * S);
  for (let n = 0; n < nodes; n++) {
    const order = stream(spec.seed, 0, 'kube-services-order', n);
    for (let s = 0; s < S; s++) {
      const cost = proxy.cost === 'auto' ? autoCostNs(proxy.mode, Math.floor(order() * cluster.tableEntries)) : proxy.cost;
      delays[n * S + s] = cost + latency;
    }
  }
  return delays;
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
