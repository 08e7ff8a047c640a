/**
 * What every IPVS scheduler shares, per node: the destination list in the
 * kernel's order, and the per-destination connection counters.
 *
 * 1. Destination list order (`IpvsDestLists`). The schedulers scan
 *    `svc->destinations` in list order and break ties to the first in it, so
 *    the order decides who wins a tie. It is NOT kube-proxy's sorted order:
 *    - kube-proxy adds real servers in Go set order
 *      (kubernetes/kubernetes: pkg/proxy/ipvs/proxier.go `syncEndpoint`:
 *      `for _, ep := range newEndpoints.UnsortedList()`, weight 1) — random
 *      per node and per sync;
 *    - the kernel links each new destination at the HEAD of the list
 *      (torvalds/linux: net/netfilter/ipvs/ip_vs_ctl.c `__ip_vs_update_dest`:
 *      `list_add(&dest->n_list, &svc->destinations)`), and unlinks a deleted
 *      one in place (`__ip_vs_unlink_dest`: `list_del`).
 *    So each node's list is its own random permutation of the endpoints; a
 *    later sync puts the added endpoints (in random order) in front of the
 *    survivors, which keep their order. Modelled exactly that way, per
 *    (node, Service port), drawing from the policy's stream. Simplification:
 *    kube-proxy's graceful delete (weight 0 first, unlinked once drained) is
 *    not modelled — a removed endpoint leaves the list at once.
 *    KUBE-FACTS §2.2 says "list order = insertion order"; the two citations
 *    above say otherwise (reverse insertion, insertion in map order).
 *
 * 2. Connection counters (`IpvsConnections`), per (node, Service port),
 *    indexed by the endpoint's local index in its Service (local-index.ts):
 *    `activeconns` and `inactconns` of each destination as that node's kernel
 *    sees them. `onOpen` = the connection is ESTABLISHED (active + 1);
 *    `onClose` = it left ESTABLISHED: active − 1, inactive + 1
 *    (ip_vs_proto_tcp.c `set_tcp_state`), and it stays inactive until its
 *    IPVS entry expires — TIME_WAIT, `tcp_timeouts[IP_VS_TCP_S_TIME_WAIT] =
 *    2*60*HZ` in torvalds/linux: net/netfilter/ipvs/ip_vs_proto_tcp.c
 *    (KUBE-FACTS §2.2 had it as [recalled]; read there). The handshake's
 *    SYN_RECV time, during which the kernel counts a new connection inactive,
 *    is not modelled (one RTT).
 *    Since the timeout is one constant, expiries come in close order: a FIFO
 *    per node, expired lazily at that node's next pick or hook from
 *    `ctx.clock.now` — no engine events.
 *
 * Memory: both live in the (node, Service port)'s DestList, allocated on the
 * node's first use of that Service (a node that never sends allocates
 * nothing); counters are 2 Int32 per endpoint of that Service.
 * Hot path: no allocation except amortised growth (FIFO doubling, a larger
 * endpoint id), never throws.
 */
import type { Clock, PolicyContext } from './policy.js';
import type { RandomSource } from '../../engine/rng.js';
import { LocalIndex } from './local-index.js';

/** IPVS TCP TIME_WAIT timeout: 2*60*HZ (ip_vs_proto_tcp.c `tcp_timeouts`), in ns. */
export const IPVS_TIME_WAIT_NS = 120e9;

/** kube-proxy gives every real server weight 1 (proxier.go `syncEndpoint`: `Weight: 1`). */
export const KUBE_PROXY_WEIGHT = 1;

function checkContext(name: string, ctx: PolicyContext): void {
  if (!Number.isInteger(ctx.instances) || ctx.instances < 1) throw new RangeError(`${name}: instances must be an integer ≥ 1, got ${ctx.instances}`);
  if (!Number.isInteger(ctx.servicePorts) || ctx.servicePorts < 0) {
    throw new RangeError(`${name}: servicePorts must be an integer ≥ 0, got ${ctx.servicePorts}`);
  }
  if (!Number.isInteger(ctx.endpoints) || ctx.endpoints < 0) throw new RangeError(`${name}: endpoints must be an integer ≥ 0, got ${ctx.endpoints}`);
}

/** One (node, Service port)'s destination list, as that node's kernel holds it. */
export class DestList {
  /** The candidate set this list was last synced to (−1: never). */
  set = -1;
  count = 0;
  /** order[k] = index into the candidate list (ids[off + order[k]]) of the k-th destination in kernel list order. */
  order: Int32Array;
  /** Endpoint ids in kernel list order (to carry the order across a set change). */
  ids: Int32Array;
  /** local[k] = the local index (local-index.ts) of ids[k]. */
  local: Int32Array;
  /** Connection counters by local index: [2l] = active·256 + inactive (ip_vs_dest_conn_overhead), [2l + 1] = active. */
  conn: Int32Array;
  /** Scheduler cursor: a position in the list, −1 = the list head (rr `sched_data`, wrr `mark->cl`). */
  cursor = -1;
  /** Whether the last sync kept the cursor's destination. */
  cursorSurvived = false;
  /** wrr: current weight `mark->cw` (0 = not initialised). */
  cw = 0;
  /** A per-node table some schedulers build from the list (mh). */
  table: Int32Array | null = null;

  constructor(capacity: number) {
    this.order = new Int32Array(Math.max(1, capacity));
    this.ids = new Int32Array(Math.max(1, capacity));
    this.local = new Int32Array(Math.max(1, capacity));
    this.conn = new Int32Array(0);
  }

  /** Grows conn to hold local indexes < n. */
  ensureConn(n: number): void {
    if (this.conn.length < 2 * n) {
      const next = new Int32Array(Math.max(2 * n, this.conn.length * 2));
      next.set(this.conn);
      this.conn = next;
    }
  }
}

/** Called when a list changed; `cursorSurvived` tells whether the cursor's destination is still in it. */
export type OnListChange = (list: DestList, cursorSurvived: boolean) => void;

export class IpvsDestLists {
  readonly instances: number;
  readonly servicePorts: number;
  readonly #rng: RandomSource;
  /** Endpoint id → local index in its Service port. */
  readonly index: LocalIndex;
  /** lists[inst][svc], both levels allocated on first use. */
  readonly #lists: (DestList | undefined)[][];
  /** Scratch keyed by endpoint id: stamp and new candidate index (sync only). */
  #stamp = new Int32Array(0);
  #val = new Int32Array(0);
  #epoch = 0;
  #added = new Int32Array(16);

  constructor(name: string, ctx: PolicyContext) {
    checkContext(name, ctx);
    this.instances = ctx.instances;
    this.servicePorts = Math.max(1, ctx.servicePorts);
    this.#rng = ctx.rng;
    this.index = new LocalIndex(ctx.endpoints, this.servicePorts);
    this.#lists = new Array<DestList[]>(this.instances);
  }

  /** (inst, svc)'s list, created empty (never synced) if the node has none yet; null for a bad instance or svc. */
  peek(inst: number, svc: number): DestList | null {
    if (!(inst >= 0 && inst < this.instances && svc >= 0 && svc < this.servicePorts)) return null;
    let row = this.#lists[inst];
    if (row === undefined) {
      row = new Array<DestList>(this.servicePorts);
      this.#lists[inst] = row;
    }
    let list = row[svc];
    if (list === undefined) {
      list = new DestList(0);
      row[svc] = list;
    }
    return list;
  }

  /**
   * The node's list for svc, synced to candidate set `set` (ids[off .. off+count)).
   * Null for an instance or service port out of range.
   */
  get(inst: number, svc: number, set: number, ids: Int32Array, off: number, count: number, onChange: OnListChange | null): DestList | null {
    const row = this.#lists[inst];
    let list = row === undefined ? undefined : row[svc];
    if (list === undefined) {
      const made = this.peek(inst, svc);
      if (made === null) return null;
      list = made;
    }
    if (list.set !== set) this.#sync(list, svc, set, ids, off, count, onChange);
    return list;
  }

  /** The endpoint ids of (inst, svc)'s list in kernel order, or null if that node never used svc (`ipvsadm -Ln` order; tests). */
  destinations(inst: number, svc: number): Int32Array | null {
    const list = this.#lists[inst]?.[svc];
    return list === undefined || list.set < 0 ? null : list.ids.slice(0, list.count);
  }

  #sync(list: DestList, svc: number, set: number, ids: Int32Array, off: number, count: number, onChange: OnListChange | null): void {
    this.#syncOrder(list, set, ids, off, count);
    // local indexes of the list, and counters sized for every endpoint the Service has shown
    const index = this.index;
    for (let k = 0; k < list.count; k++) list.local[k] = index.of(svc, list.ids[k]!);
    list.ensureConn(index.size(svc));
    if (onChange !== null) onChange(list, list.cursorSurvived);
  }

  #syncOrder(list: DestList, set: number, ids: Int32Array, off: number, count: number): void {
    const rng = this.#rng;
    if (list.order.length < count) {
      const order = new Int32Array(count);
      const oldIds = new Int32Array(count);
      oldIds.set(list.ids.subarray(0, list.count));
      list.order = order;
      list.ids = oldIds;
      list.local = new Int32Array(count);
    }
    if (list.set < 0) {
      // First sync on this node: kube-proxy adds every endpoint in map order,
      // each at the list head — a uniformly random permutation.
      const order = list.order;
      for (let j = 0; j < count; j++) order[j] = j;
      for (let j = count - 1; j > 0; j--) {
        const r = Math.floor(rng.next() * (j + 1));
        const t = order[j]!;
        order[j] = order[r]!;
        order[r] = t;
      }
      for (let k = 0; k < count; k++) list.ids[k] = ids[off + order[k]!]!;
      list.count = count;
      list.set = set;
      list.cursor = -1;
      list.cursorSurvived = false;
      return;
    }
    // Later sync: mark the new ids, keep the survivors in order, prepend the added ones.
    let maxId = -1;
    for (let j = 0; j < count; j++) if (ids[off + j]! > maxId) maxId = ids[off + j]!;
    for (let k = 0; k < list.count; k++) if (list.ids[k]! > maxId) maxId = list.ids[k]!;
    if (maxId >= this.#stamp.length) {
      const n = Math.max(maxId + 1, this.#stamp.length * 2, 64);
      const s = new Int32Array(n);
      s.set(this.#stamp);
      const v = new Int32Array(n);
      v.set(this.#val);
      this.#stamp = s;
      this.#val = v;
    }
    const stamp = this.#stamp;
    const val = this.#val;
    if (this.#epoch > 0x3ffffff0) {
      stamp.fill(0);
      this.#epoch = 0;
    }
    const isNew = ++this.#epoch;
    const survived = ++this.#epoch;
    for (let j = 0; j < count; j++) {
      const id = ids[off + j]!;
      stamp[id] = isNew;
      val[id] = j;
    }
    // Survivors, in old order; the cursor moves to its nearest surviving predecessor.
    const oldCount = list.count;
    const oldIds = list.ids;
    const oldCursor = list.cursor;
    let cursorSurvived = false;
    let cursorRank = -1; // rank among survivors of the cursor (or of its nearest surviving predecessor)
    let nSurv = 0;
    // Reuse `oldIds` in place: survivors are compacted to the front (k ≥ nSurv always).
    for (let k = 0; k < oldCount; k++) {
      const id = oldIds[k]!;
      if (stamp[id] === isNew) {
        stamp[id] = survived;
        oldIds[nSurv] = id;
        if (k <= oldCursor) cursorRank = nSurv;
        if (k === oldCursor) cursorSurvived = true;
        nSurv++;
      }
    }
    // Added ones: in the order the candidates list them, then shuffled (Go map order), then put at the head.
    let nAdd = 0;
    if (this.#added.length < count) this.#added = new Int32Array(Math.max(count, this.#added.length * 2));
    const added = this.#added;
    for (let j = 0; j < count; j++) {
      const id = ids[off + j]!;
      if (stamp[id] === isNew) added[nAdd++] = id;
    }
    for (let j = nAdd - 1; j > 0; j--) {
      const r = Math.floor(rng.next() * (j + 1));
      const t = added[j]!;
      added[j] = added[r]!;
      added[r] = t;
    }
    // New list = added ++ survivors.
    oldIds.copyWithin(nAdd, 0, nSurv);
    for (let a = 0; a < nAdd; a++) oldIds[a] = added[a]!;
    list.count = nAdd + nSurv;
    for (let k = 0; k < list.count; k++) list.order[k] = val[oldIds[k]!]!;
    // ip_vs_rr_del_dest: a deleted cursor steps back to the previous entry; the
    // added entries sit before every survivor, so with no surviving predecessor
    // it lands on the last added one, or on the head.
    list.cursor = oldCursor < 0 ? -1 : cursorRank >= 0 ? nAdd + cursorRank : nAdd - 1;
    list.cursorSurvived = cursorSurvived;
    list.set = set;
  }
}

/**
 * activeconns / inactconns per (node, Service port, endpoint), kept in the
 * node's DestList by local index, with inactive connections expiring
 * IPVS_TIME_WAIT_NS after their close (FIFO per node, lazy).
 */
export class IpvsConnections {
  readonly instances: number;
  readonly #clock: Clock;
  readonly #lists: IpvsDestLists;
  /** Per node: a ring of (expiry time, svc, local index). */
  readonly #fifoT: (Float64Array | undefined)[];
  readonly #fifoSvc: (Int32Array | undefined)[];
  readonly #fifoLocal: (Int32Array | undefined)[];
  readonly #head: Int32Array;
  readonly #len: Int32Array;

  constructor(ctx: PolicyContext, lists: IpvsDestLists) {
    this.instances = ctx.instances;
    this.#clock = ctx.clock;
    this.#lists = lists;
    this.#fifoT = new Array<Float64Array>(ctx.instances);
    this.#fifoSvc = new Array<Int32Array>(ctx.instances);
    this.#fifoLocal = new Array<Int32Array>(ctx.instances);
    this.#head = new Int32Array(ctx.instances);
    this.#len = new Int32Array(ctx.instances);
  }

  /** Removes the node's inactive connections whose TIME_WAIT has ended (call before reading its counters). */
  expire(inst: number): void {
    if (!(inst >= 0 && inst < this.instances)) return;
    const n = this.#len[inst]!;
    if (n === 0) return;
    const t = this.#fifoT[inst]!;
    const svcs = this.#fifoSvc[inst]!;
    const locals = this.#fifoLocal[inst]!;
    const mask = t.length - 1;
    const now = this.#clock.now;
    let h = this.#head[inst]!;
    let left = n;
    while (left > 0 && t[h]! <= now) {
      const list = this.#lists.peek(inst, svcs[h]!);
      if (list !== null) {
        const k = 2 * locals[h]!;
        if (list.conn[k]! - 256 * list.conn[k + 1]! > 0) list.conn[k]!--; // one inactive connection fewer
      }
      h = (h + 1) & mask;
      left--;
    }
    this.#head[inst] = h;
    this.#len[inst] = left;
  }

  open(inst: number, svc: number, id: number): void {
    const list = this.#lists.peek(inst, svc);
    const l = this.#lists.index.of(svc, id);
    if (list === null || l < 0) return;
    this.expire(inst);
    list.ensureConn(l + 1);
    list.conn[2 * l]! += 256;
    list.conn[2 * l + 1]!++;
  }

  close(inst: number, svc: number, id: number): void {
    const list = this.#lists.peek(inst, svc);
    const l = this.#lists.index.of(svc, id);
    if (list === null || l < 0) return;
    this.expire(inst);
    list.ensureConn(l + 1);
    if (list.conn[2 * l + 1]! > 0) {
      list.conn[2 * l + 1]!--; // active − 1, inactive + 1
      list.conn[2 * l]! -= 255;
    } else {
      list.conn[2 * l]!++; // a close without an open: counted inactive all the same
    }
    // push (now + TIME_WAIT, svc, l) on the node's FIFO (a power-of-two ring)
    let t = this.#fifoT[inst];
    let svcs = this.#fifoSvc[inst];
    let locals = this.#fifoLocal[inst];
    const n = this.#len[inst]!;
    if (t === undefined || svcs === undefined || locals === undefined || n === t.length) {
      const size = t === undefined ? 64 : t.length * 2;
      const nt = new Float64Array(size);
      const ns = new Int32Array(size);
      const nl = new Int32Array(size);
      if (t !== undefined && svcs !== undefined && locals !== undefined) {
        // the ring is full (n = length): [head, length) then [0, head), two block copies
        const h = this.#head[inst]!;
        const first = t.length - h;
        nt.set(t.subarray(h));
        nt.set(t.subarray(0, h), first);
        ns.set(svcs.subarray(h));
        ns.set(svcs.subarray(0, h), first);
        nl.set(locals.subarray(h));
        nl.set(locals.subarray(0, h), first);
      }
      t = nt;
      svcs = ns;
      locals = nl;
      this.#fifoT[inst] = t;
      this.#fifoSvc[inst] = svcs;
      this.#fifoLocal[inst] = locals;
      this.#head[inst] = 0;
    }
    const tail = (this.#head[inst]! + n) & (t.length - 1);
    t[tail] = this.#clock.now + IPVS_TIME_WAIT_NS;
    svcs[tail] = svc;
    locals[tail] = l;
    this.#len[inst] = n + 1;
  }

  /** Active and inactive counts of (inst, svc, endpoint id) now (tests, inspect). */
  counts(inst: number, svc: number, id: number): { active: number; inactive: number } {
    this.expire(inst);
    const list = this.#lists.peek(inst, svc);
    const l = this.#lists.index.of(svc, id);
    if (list === null || l < 0 || 2 * l + 1 >= list.conn.length) return { active: 0, inactive: 0 };
    const active = list.conn[2 * l + 1]!;
    return { active, inactive: list.conn[2 * l]! - 256 * active };
  }
}

/**
 * The connection-counting schedulers (lc, wlc, sed, nq): each node's list
 * and counters, the hooks that keep the counters, and the list a pick scans
 * with expired TIME_WAIT entries dropped first. Subclasses hold the rule.
 */
export abstract class IpvsCountingPolicy {
  readonly scope = 'node';
  readonly lists: IpvsDestLists;
  readonly conns: IpvsConnections;

  constructor(kind: string, ctx: PolicyContext) {
    this.lists = new IpvsDestLists(kind, ctx);
    this.conns = new IpvsConnections(ctx, this.lists);
  }

  /** Node `node`'s list for (svc, set), its counters up to date; null if none (count 0 or out of range). */
  protected counted(node: number, svc: number, set: number, ids: Int32Array, off: number, count: number): DestList | null {
    if (!(count >= 1)) return null;
    const list = this.lists.get(node, svc, set, ids, off, count, null);
    if (list === null) return null;
    this.conns.expire(node);
    return list;
  }

  onOpen(node: number, svc: number, endpoint: number): void {
    this.conns.open(node, svc, endpoint);
  }

  onClose(node: number, svc: number, endpoint: number): void {
    this.conns.close(node, svc, endpoint);
  }
}
