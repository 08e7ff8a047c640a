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
 * 2. Connection counters (`IpvsConnections`), keyed (node, endpoint id):
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
 * Memory: both are allocated per node on the node's first use (a node that
 * never sends allocates nothing); counters are 2 Int32 per endpoint id.
 * Hot path: no allocation except amortised growth (FIFO doubling, a larger
 * endpoint id), never throws.
 */
import type { Clock, PolicyContext } from './policy.js';
import type { Rng } from '../../engine/rng.js';

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
  /** Scheduler cursor: a position in the list, −1 = the list head (rr `sched_data`, wrr `mark->cl`). */
  cursor = -1;
  /** wrr: current weight `mark->cw` (0 = not initialised). */
  cw = 0;
  /** A per-node table some schedulers build from the list (mh). */
  table: Int32Array | null = null;

  constructor(capacity: number) {
    this.order = new Int32Array(Math.max(1, capacity));
    this.ids = new Int32Array(Math.max(1, capacity));
  }
}

/** Called when a list changed; `cursorSurvived` tells whether the cursor's destination is still in it. */
export type OnListChange = (list: DestList, cursorSurvived: boolean) => void;

export class IpvsDestLists {
  readonly instances: number;
  readonly servicePorts: number;
  readonly #rng: Rng;
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
    this.#lists = new Array<DestList[]>(this.instances);
  }

  /**
   * The node's list for svc, synced to candidate set `set` (ids[off .. off+count)).
   * Null for an instance or service port out of range.
   */
  get(inst: number, svc: number, set: number, ids: Int32Array, off: number, count: number, onChange: OnListChange | null): DestList | null {
    if (!(inst >= 0 && inst < this.instances && svc >= 0 && svc < this.servicePorts)) return null;
    let row = this.#lists[inst];
    if (row === undefined) {
      row = new Array<DestList>(this.servicePorts);
      this.#lists[inst] = row;
    }
    let list = row[svc];
    if (list === undefined) {
      list = new DestList(count);
      row[svc] = list;
    }
    if (list.set !== set) this.#sync(list, set, ids, off, count, onChange);
    return list;
  }

  /** The endpoint ids of (inst, svc)'s list in kernel order, or null if that node never used svc (`ipvsadm -Ln` order; tests). */
  destinations(inst: number, svc: number): Int32Array | null {
    const list = this.#lists[inst]?.[svc];
    return list === undefined || list.set < 0 ? null : list.ids.slice(0, list.count);
  }

  #sync(list: DestList, set: number, ids: Int32Array, off: number, count: number, onChange: OnListChange | null): void {
    const rng = this.#rng;
    if (list.order.length < count) {
      const order = new Int32Array(count);
      const oldIds = new Int32Array(count);
      oldIds.set(list.ids.subarray(0, list.count));
      list.order = order;
      list.ids = oldIds;
    }
    if (list.set < 0) {
      // First sync on this node: kube-proxy adds every endpoint in map order,
      // each at the list head — a uniformly random permutation.
      const order = list.order;
      for (let j = 0; j < count; j++) order[j] = j;
      for (let j = count - 1; j > 0; j--) {
        const r = Math.floor(rng() * (j + 1));
        const t = order[j]!;
        order[j] = order[r]!;
        order[r] = t;
      }
      for (let k = 0; k < count; k++) list.ids[k] = ids[off + order[k]!]!;
      list.count = count;
      list.set = set;
      list.cursor = -1;
      if (onChange !== null) onChange(list, false);
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
      const r = Math.floor(rng() * (j + 1));
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
    list.set = set;
    if (onChange !== null) onChange(list, cursorSurvived);
  }
}

/**
 * activeconns / inactconns per (node, endpoint id), with inactive connections
 * expiring IPVS_TIME_WAIT_NS after their close (FIFO per node, lazy).
 */
export class IpvsConnections {
  readonly instances: number;
  readonly #clock: Clock;
  /** Endpoint-id capacity every row is grown to on access. */
  #cap: number;
  /**
   * rows[inst][2·id] = overhead = active·256 + inactive (ip_vs_dest_conn_overhead,
   * kept up to date so lc/wlc read one number per destination),
   * rows[inst][2·id + 1] = active (sed/nq); inactive = overhead − 256·active.
   */
  readonly #rows: (Int32Array | undefined)[];
  readonly #fifoT: (Float64Array | undefined)[];
  readonly #fifoId: (Int32Array | undefined)[];
  readonly #head: Int32Array;
  readonly #len: Int32Array;

  constructor(ctx: PolicyContext) {
    this.instances = ctx.instances;
    this.#clock = ctx.clock;
    this.#cap = Math.max(1, ctx.endpoints);
    this.#rows = new Array<Int32Array>(ctx.instances);
    this.#fifoT = new Array<Float64Array>(ctx.instances);
    this.#fifoId = new Array<Int32Array>(ctx.instances);
    this.#head = new Int32Array(ctx.instances);
    this.#len = new Int32Array(ctx.instances);
  }

  /** Makes room for endpoint ids up to maxId (rows grow on their next access). */
  grow(maxId: number): void {
    if (maxId >= this.#cap) this.#cap = Math.max(maxId + 1, this.#cap * 2);
  }

  /** The node's counters with every expired inactive connection removed; null for a bad instance. */
  row(inst: number): Int32Array | null {
    if (!(inst >= 0 && inst < this.instances)) return null;
    let row = this.#rows[inst];
    if (row === undefined || row.length < 2 * this.#cap) {
      const next = new Int32Array(2 * this.#cap);
      if (row !== undefined) next.set(row);
      row = next;
      this.#rows[inst] = row;
    }
    const n = this.#len[inst]!;
    if (n > 0) {
      const t = this.#fifoT[inst]!;
      const ids = this.#fifoId[inst]!;
      const mask = t.length - 1;
      const now = this.#clock.now;
      let h = this.#head[inst]!;
      let left = n;
      while (left > 0 && t[h]! <= now) {
        const k = 2 * ids[h]!;
        if (row[k]! - 256 * row[k + 1]! > 0) row[k]!--; // one inactive connection fewer
        h = (h + 1) & mask;
        left--;
      }
      this.#head[inst] = h;
      this.#len[inst] = left;
    }
    return row;
  }

  open(inst: number, id: number): void {
    if (!(id >= 0)) return;
    this.grow(id);
    const row = this.row(inst);
    if (row !== null) {
      row[2 * id]! += 256;
      row[2 * id + 1]!++;
    }
  }

  close(inst: number, id: number): void {
    if (!(id >= 0)) return;
    this.grow(id);
    const row = this.row(inst);
    if (row === null) return;
    if (row[2 * id + 1]! > 0) {
      row[2 * id + 1]!--; // active − 1, inactive + 1
      row[2 * id]! -= 255;
    } else {
      row[2 * id]!++; // a close without an open: counted inactive all the same
    }
    // push (now + TIME_WAIT, id) on the node's FIFO (a power-of-two ring)
    let t = this.#fifoT[inst];
    let ids = this.#fifoId[inst];
    const n = this.#len[inst]!;
    if (t === undefined || ids === undefined || n === t.length) {
      const size = t === undefined ? 64 : t.length * 2;
      const nt = new Float64Array(size);
      const ni = new Int32Array(size);
      if (t !== undefined && ids !== undefined) {
        const mask = t.length - 1;
        const h = this.#head[inst]!;
        for (let i = 0; i < n; i++) {
          nt[i] = t[(h + i) & mask]!;
          ni[i] = ids[(h + i) & mask]!;
        }
      }
      t = nt;
      ids = ni;
      this.#fifoT[inst] = t;
      this.#fifoId[inst] = ids;
      this.#head[inst] = 0;
    }
    const tail = (this.#head[inst]! + n) & (t.length - 1);
    t[tail] = this.#clock.now + IPVS_TIME_WAIT_NS;
    ids[tail] = id;
    this.#len[inst] = n + 1;
  }

  /** Active and inactive counts of (inst, id) now (tests, inspect). */
  counts(inst: number, id: number): { active: number; inactive: number } {
    this.grow(id);
    const row = this.row(inst);
    if (row === null) return { active: 0, inactive: 0 };
    const active = row[2 * id + 1]!;
    return { active, inactive: row[2 * id]! - 256 * active };
  }
}

/** Largest endpoint id in ids[off .. off+count), −1 if none. */
export function maxEndpointId(ids: Int32Array, off: number, count: number): number {
  let m = -1;
  for (let j = 0; j < count; j++) if (ids[off + j]! > m) m = ids[off + j]!;
  return m;
}
