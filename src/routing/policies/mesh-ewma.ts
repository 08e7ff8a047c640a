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
 * Hot path: two draws and at most two exp() per pick (none for an estimate
 * already updated at this instant), both loads written out in `pick` on
 * locals; no allocation after a client's first pick.
 */
import type { RandomSource } from '../../engine/rng.js';
import { LocalIndex } from './local-index.js';
import { checkMeshContext } from './mesh-common.js';
import { SetTables } from './set-tables.js';
import type { Clock, Flow, Policy, PolicyContext } from './policy.js';

/** Math.exp (the same function; a shorter call in pick's bytecode, which V8 inlines only below 460 bytes). */
const exp = Math.exp;

/** linkerd2-proxy EWMA_DEFAULT_RTT, ns. */
export const LINKERD_EWMA_DEFAULT_RTT_NS = 30e6;
/** linkerd2-proxy EWMA_DECAY, ns. */
export const LINKERD_EWMA_DECAY_NS = 10e9;

/** One client's view of one Service port's endpoints, by local index (local-index.ts). */
interface ClientState {
  /** [2l] = RTT estimate, ns; [2l + 1] = when it was last updated, ns (+∞ = the endpoint not seen yet: never before now). One cache line for both. */
  est: Float64Array;
  /** Requests in flight. */
  pending: Int32Array;
  /** Local indexes covered (est.length / 2). */
  n: number;
}

export class MeshEwmaPolicy implements Policy {
  readonly name = 'mesh/ewma';
  readonly scope = 'client';
  readonly instances: number;
  readonly servicePorts: number;
  readonly defaultRttNs: number;
  readonly decayNs: number;
  readonly #clock: Clock;
  readonly #rng: RandomSource;
  readonly #index: LocalIndex;
  /** Per candidate set: the local index of each candidate, then 1 + the largest of them (a client state that long covers the set). */
  readonly #setLocal = new SetTables<Int32Array>();
  /** The last (set, svc) picked from and its locals: consecutive picks mostly share them. */
  #lastSet = -1;
  #lastSvc = -1;
  #lastLocal: Int32Array = new Int32Array(1);
  /** state[client][svc], both levels allocated on first use. */
  readonly #state: (ClientState | undefined)[][];

  constructor(ctx: PolicyContext, defaultRttNs = LINKERD_EWMA_DEFAULT_RTT_NS, decayNs = LINKERD_EWMA_DECAY_NS) {
    checkMeshContext('mesh ewma', ctx);
    if (!(defaultRttNs > 0) || !(decayNs > 0)) throw new RangeError(`mesh ewma: default RTT and decay must be > 0, got ${defaultRttNs}, ${decayNs}`);
    this.instances = ctx.instances;
    this.servicePorts = Math.max(1, ctx.servicePorts);
    this.defaultRttNs = defaultRttNs;
    this.decayNs = decayNs;
    this.#clock = ctx.clock;
    this.#rng = ctx.rng;
    this.#index = new LocalIndex(ctx.endpoints, this.servicePorts);
    this.#state = new Array<ClientState[]>(ctx.instances);
  }

  /** The client's state for svc, long enough for every endpoint svc has shown; null for a bad client or svc. */
  #client(inst: number, svc: number): ClientState | null {
    if (!(inst >= 0 && inst < this.instances && svc >= 0 && svc < this.servicePorts)) return null;
    const row = this.#state[inst];
    const s = row === undefined ? undefined : row[svc];
    if (s !== undefined && s.n >= this.#index.size(svc)) return s;
    return this.#grow(inst, svc);
  }

  /** #client's slow path: allocates (inst, svc)'s row and state, or grows the state. */
  #grow(inst: number, svc: number): ClientState {
    let row = this.#state[inst];
    if (row === undefined) {
      row = new Array<ClientState>(this.servicePorts);
      this.#state[inst] = row;
    }
    const s = row[svc];
    const n = Math.max(this.#index.size(svc), 1, s === undefined ? 0 : s.n * 2);
    const next: ClientState = { est: new Float64Array(2 * n), pending: new Int32Array(n), n };
    for (let l = 0; l < n; l++) {
      next.est[2 * l] = this.defaultRttNs; // what RttEstimate::new will hold; unused until then
      next.est[2 * l + 1] = Infinity;
    }
    if (s !== undefined) {
      next.est.set(s.est);
      next.pending.set(s.pending);
    }
    row[svc] = next;
    return next;
  }

  /** tower `RttEstimate::update(sent_at, recv_at)` with rtt = recv − sent, at now. */
  #update(s: ClientState, l: number, rtt: number): number {
    const now = this.#clock.now;
    const e = s.est;
    if (e[2 * l + 1]! === Infinity) {
      e[2 * l] = this.defaultRttNs; // RttEstimate::new(default_rtt), update_at = now
      e[2 * l + 1] = now;
    }
    const est = e[2 * l]!;
    if (est < rtt) {
      e[2 * l] = rtt; // peak
    } else {
      const elapsed = now - e[2 * l + 1]!;
      const decay = Math.exp(-(elapsed > 0 ? elapsed : 0) / this.decayNs);
      e[2 * l] = est * decay + rtt * (1 - decay);
    }
    e[2 * l + 1] = now;
    return e[2 * l]!;
  }

  onEndpoints(set: number, svc: number, ids: Int32Array, off: number, count: number): void {
    const local = new Int32Array(count + 1);
    let need = 0;
    for (let j = 0; j < count; j++) {
      local[j] = this.#index.of(svc, ids[off + j]!);
      need = Math.max(need, local[j]! + 1);
    }
    local[count] = need;
    this.#setLocal.put(set, svc, count, local);
  }

  /** The candidate set's locals: the last set's (consecutive picks mostly share a set), else #localsOf. */
  #locals(set: number, svc: number, ids: Int32Array, off: number, count: number): Int32Array {
    const local = this.#lastLocal;
    if (set === this.#lastSet && svc === this.#lastSvc && local.length === count + 1) return local;
    return this.#localsOf(set, svc, ids, off, count);
  }

  /** #locals' slow path: the candidate set's locals (made now if this set is new), remembered as the last set's. */
  #localsOf(set: number, svc: number, ids: Int32Array, off: number, count: number): Int32Array {
    let l = this.#setLocal.get(set, svc, count);
    if (l === undefined || l === null || l.length !== count + 1) {
      this.onEndpoints(set, svc, ids, off, count); // a set pick saw first: its locals, once
      l = this.#setLocal.get(set, svc, count)!;
    }
    this.#lastSet = set;
    this.#lastSvc = svc;
    this.#lastLocal = l;
    return l;
  }

  /**
   * tower `PeakEwma::load()` of both candidates, written out in `pick` (the
   * hot path: one function, state in locals, no double crossing a call
   * boundary): decayed estimate × (pending + 1). The decay is
   * `update(now, now)` — an rtt-0 observation — which is always the EWMA
   * branch: estimate · exp(−elapsed/τ), skipped when elapsed = 0 (exp(0) = 1
   * exactly); then update_at = now.
   */
  pick(client: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count > 1)) return count === 1 ? 0 : -1; // one endpoint: it, no load read
    const local = this.#locals(set, svc, ids, off, count);
    // the client's state, long enough for the set's locals (a bad client or svc finds none: −1)
    const row = this.#state[client];
    let s = row === undefined ? undefined : row[svc];
    if (s === undefined || s.n < local[count]!) {
      const grown = this.#client(client, svc);
      if (grown === null) return -1;
      s = grown;
    }
    // sample_floyd2: a = range(0, n − 1), then b = range(0, n); a = n − 1 if they
    // collide — so a ≠ b, and the two endpoints' states are distinct.
    // (`| 0` = Math.floor here: r · n ∈ [0, n) with n < 2^31, and it keeps a, b int32)
    const rng = this.#rng;
    let a = (rng.next() * (count - 1)) | 0;
    const b = (rng.next() * count) | 0;
    if (a === b) a = count - 1;
    const now = this.#clock.now;
    const decayNs = this.decayNs;
    const e = s.est;
    const pending = s.pending;
    // load(a) and load(b). An endpoint not seen yet (at = +∞) already holds
    // default_rtt (#grow) and is created now: no decay (factor 1: x · 1 = x
    // exactly). Both decays are computed before either state is written (the
    // states are distinct), so the two exp calls need not wait on each other.
    const ia = local[a]!;
    const ib = local[b]!;
    const ja = 2 * ia;
    const jb = 2 * ib;
    const ta = e[ja + 1]!;
    const tb = e[jb + 1]!;
    const da = now > ta ? exp((ta - now) / decayNs) : 1;
    const db = now > tb ? exp((tb - now) / decayNs) : 1;
    const ea = e[ja]! * da;
    const eb = e[jb]! * db;
    e[ja] = ea;
    e[ja + 1] = now;
    e[jb] = eb;
    e[jb + 1] = now;
    const la = ea * (pending[ia]! + 1);
    const lb = eb * (pending[ib]! + 1);
    // a if load(a) <= load(b), else b — as arithmetic: the comparison is a coin
    // flip a branch would mispredict half the time
    return b + (a - b) * +(la <= lb);
  }

  onOpen(client: number, svc: number, endpoint: number): void {
    const l = this.#index.of(svc, endpoint);
    const s = this.#client(client, svc);
    if (s !== null && l >= 0) s.pending[l]!++;
  }

  onClose(client: number, svc: number, endpoint: number): void {
    const l = this.#index.of(svc, endpoint);
    const s = this.#client(client, svc);
    if (s !== null && l >= 0 && s.pending[l]! > 0) s.pending[l]!--;
  }

  onResponse(client: number, svc: number, endpoint: number, latencyNs: number): void {
    if (!(latencyNs >= 0)) return;
    const l = this.#index.of(svc, endpoint);
    const s = this.#client(client, svc);
    if (s !== null && l >= 0) this.#update(s, l, latencyNs);
  }

  /** The current (decayed) estimate and pending count of (client, svc, endpoint), without changing state (tests). */
  peek(client: number, svc: number, endpoint: number): { rttNs: number; pending: number } {
    const s = this.#state[client]?.[svc];
    const l = this.#index.of(svc, endpoint);
    if (s === undefined || l < 0 || l >= s.n || s.est[2 * l + 1]! === Infinity) return { rttNs: this.defaultRttNs, pending: 0 };
    const elapsed = this.#clock.now - s.est[2 * l + 1]!;
    return { rttNs: s.est[2 * l]! * Math.exp(-Math.max(0, elapsed) / this.decayNs), pending: s.pending[l]! };
  }
}
