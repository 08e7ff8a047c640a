/**
 * mesh `ewma`: Linkerd-style peak-EWMA power of two choices, in each client's
 * proxy, per request.
 *
 * Load (tower-rs/tower: tower/src/load/peak_ewma.rs, which linkerd2-proxy's
 * balancer uses):
 *   - each endpoint has an RTT estimate, created at `default_rtt` when the
 *     endpoint is discovered (here: when the client first sees it);
 *   - `load()` = estimate × (pending + 1), pending = requests in flight to the
 *     endpoint; before that it DECAYS the estimate: `update(now, now)`, i.e.
 *     an observation of rtt 0, which by the rule below multiplies the
 *     estimate by exp(−elapsed/decay) and sets update_at = now;
 *   - on a response (the request Handle dropped), `update(sent_at, recv_at)`
 *     with rtt = recv_at − sent_at: if the estimate < rtt it becomes rtt (the
 *     PEAK); else estimate·d + rtt·(1 − d) with d = exp(−elapsed/decay),
 *     elapsed = now − update_at; then update_at = now.
 * Defaults (linkerd/linkerd2-proxy: linkerd/app/outbound: `EWMA_DEFAULT_RTT =
 * 30 ms`, `EWMA_DECAY = 10 s`).
 *
 * Choice (tower/src/balance/p2c/service.rs `p2c_ready_index` with
 * tower/src/util/rng.rs `sample_floyd2`): 0 endpoints → none, 1 → it (no load
 * read); else two DISTINCT indices a = range(0, n−1), b = range(0, n), a = n−1
 * if a == b; load(a) then load(b) (each decays its estimate); a if
 * load(a) <= load(b), else b.
 *
 * Time is ctx.clock.now (ns). onResponse must be called on every completion
 * the proxy sees (tower updates the estimate when the handle drops, error or
 * not), onOpen/onClose bracket the request (pending).
 *
 * Hot path: two draws and two exp() per pick, no allocation after a client's
 * first pick.
 */
import type { Rng } from '../../engine/rng.js';
import { checkMeshContext, maxId } from './mesh-common.js';
import type { Clock, Flow, Policy, PolicyContext } from './policy.js';

/** linkerd2-proxy EWMA_DEFAULT_RTT, ns. */
export const LINKERD_EWMA_DEFAULT_RTT_NS = 30e6;
/** linkerd2-proxy EWMA_DECAY, ns. */
export const LINKERD_EWMA_DECAY_NS = 10e9;

interface ClientState {
  /** RTT estimate per endpoint id, ns. */
  rtt: Float64Array;
  /** When the estimate was last updated, ns; −1 = the endpoint not seen yet. */
  at: Float64Array;
  /** Requests in flight per endpoint id. */
  pending: Int32Array;
}

export class MeshEwmaPolicy implements Policy {
  readonly name = 'mesh/ewma';
  readonly scope = 'client';
  readonly instances: number;
  readonly defaultRttNs: number;
  readonly decayNs: number;
  readonly #clock: Clock;
  readonly #rng: Rng;
  #cap: number;
  readonly #state: (ClientState | undefined)[];

  constructor(ctx: PolicyContext, defaultRttNs = LINKERD_EWMA_DEFAULT_RTT_NS, decayNs = LINKERD_EWMA_DECAY_NS) {
    checkMeshContext('mesh ewma', ctx);
    if (!(defaultRttNs > 0) || !(decayNs > 0)) throw new RangeError(`mesh ewma: default RTT and decay must be > 0, got ${defaultRttNs}, ${decayNs}`);
    this.instances = ctx.instances;
    this.defaultRttNs = defaultRttNs;
    this.decayNs = decayNs;
    this.#clock = ctx.clock;
    this.#rng = ctx.rng;
    this.#cap = Math.max(1, ctx.endpoints);
    this.#state = new Array<ClientState>(ctx.instances);
  }

  #client(inst: number): ClientState | null {
    if (!(inst >= 0 && inst < this.instances)) return null;
    let s = this.#state[inst];
    if (s === undefined || s.rtt.length < this.#cap) {
      const n = this.#cap;
      const next: ClientState = { rtt: new Float64Array(n), at: new Float64Array(n).fill(-1), pending: new Int32Array(n) };
      if (s !== undefined) {
        next.rtt.set(s.rtt);
        next.at.set(s.at);
        next.pending.set(s.pending);
      }
      s = next;
      this.#state[inst] = s;
    }
    return s;
  }

  #grow(id: number): void {
    if (id >= this.#cap) this.#cap = Math.max(id + 1, this.#cap * 2);
  }

  /** tower `RttEstimate::update(sent_at, recv_at)` with rtt = recv − sent, at now. */
  #update(s: ClientState, id: number, rtt: number): number {
    const now = this.#clock.now;
    if (s.at[id]! < 0) {
      s.rtt[id] = this.defaultRttNs; // RttEstimate::new(default_rtt), update_at = now
      s.at[id] = now;
    }
    const est = s.rtt[id]!;
    if (est < rtt) {
      s.rtt[id] = rtt; // peak
    } else {
      const elapsed = now - s.at[id]!;
      const decay = Math.exp(-(elapsed > 0 ? elapsed : 0) / this.decayNs);
      s.rtt[id] = est * decay + rtt * (1 - decay);
    }
    s.at[id] = now;
    return s.rtt[id]!;
  }

  /**
   * tower `PeakEwma::load()`: decayed estimate × (pending + 1). The decay is
   * `update(now, now)` — an rtt-0 observation — which is always the EWMA
   * branch: estimate · exp(−elapsed/τ); written out here (the hot path).
   */
  #load(s: ClientState, id: number): number {
    const now = this.#clock.now;
    const at = s.at[id]!;
    let est: number;
    if (at < 0) est = this.defaultRttNs; // created now: no decay yet
    else {
      est = s.rtt[id]!;
      if (now > at) est *= Math.exp((at - now) / this.decayNs);
    }
    s.rtt[id] = est;
    s.at[id] = now;
    return est * (s.pending[id]! + 1);
  }

  onEndpoints(_set: number, _svc: number, ids: Int32Array, off: number, count: number): void {
    this.#grow(maxId(ids, off, count));
  }

  pick(client: number, _svc: number, _set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    if (count === 1) return 0;
    const s = this.#client(client);
    if (s === null) return -1;
    // sample_floyd2
    let a = Math.floor(this.#rng() * (count - 1));
    const b = Math.floor(this.#rng() * count);
    if (a === b) a = count - 1;
    const ia = ids[off + a]!;
    const ib = ids[off + b]!;
    if (ia >= s.rtt.length || ib >= s.rtt.length) return a; // ids beyond capacity (no onEndpoints): never throws
    const la = this.#load(s, ia);
    const lb = this.#load(s, ib);
    return la <= lb ? a : b;
  }

  onOpen(client: number, _svc: number, endpoint: number): void {
    if (!(endpoint >= 0)) return;
    this.#grow(endpoint);
    const s = this.#client(client);
    if (s !== null) s.pending[endpoint]!++;
  }

  onClose(client: number, _svc: number, endpoint: number): void {
    if (!(endpoint >= 0)) return;
    this.#grow(endpoint);
    const s = this.#client(client);
    if (s !== null && s.pending[endpoint]! > 0) s.pending[endpoint]!--;
  }

  onResponse(client: number, _svc: number, endpoint: number, latencyNs: number): void {
    if (!(endpoint >= 0) || !(latencyNs >= 0)) return;
    this.#grow(endpoint);
    const s = this.#client(client);
    if (s !== null) this.#update(s, endpoint, latencyNs);
  }

  /** The current (decayed) estimate and pending count of (client, endpoint), without changing state (tests). */
  peek(client: number, endpoint: number): { rttNs: number; pending: number } {
    const s = this.#state[client];
    if (s === undefined || endpoint >= s.rtt.length || s.at[endpoint]! < 0) return { rttNs: this.defaultRttNs, pending: 0 };
    const elapsed = this.#clock.now - s.at[endpoint]!;
    return { rttNs: s.rtt[endpoint]! * Math.exp(-Math.max(0, elapsed) / this.decayNs), pending: s.pending[endpoint]! };
  }
}
