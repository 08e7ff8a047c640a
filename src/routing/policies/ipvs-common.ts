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
 *    When the inactive count drops is the kernel's timer wheel's doing, not
 *    exactly close + 120 s: see "TIME_WAIT expiry" below.
 *
 * 3. TIME_WAIT expiry. The connection's timer is an ordinary timer_list,
 *    re-armed on every state change: torvalds/linux:
 *    net/netfilter/ipvs/ip_vs_conn.c `ip_vs_conn_put` →
 *    `__ip_vs_conn_put_timer`: `mod_timer(&cp->timer, jiffies + t)` with
 *    t = cp->timeout, which `set_tcp_state` (ip_vs_proto_tcp.c) has just set
 *    to the new state's timeout. The timer wheel (torvalds/linux:
 *    kernel/time/timer.c, Linux ≥ 4.8) puts a timer `delta = expires − clk`
 *    ahead in level `lvl` by `calc_wheel_index` (the first lvl with
 *    delta < LVL_START(lvl + 1), LVL_START(n) = (LVL_SIZE − 1) << ((n − 1) ·
 *    LVL_CLK_SHIFT), LVL_SIZE = 1 << LVL_BITS = 64, LVL_CLK_SHIFT = 3) and
 *    `calc_index` rounds its expiry UP to that level's granularity
 *    ("Round up with level granularity to prevent this"):
 *    `expires = (expires >> LVL_SHIFT(lvl)) + 1; *bucket_expiry = expires <<
 *    LVL_SHIFT(lvl)`, LVL_SHIFT(lvl) = 3·lvl. The bucket fires when the
 *    wheel's clock reaches bucket_expiry. With HZ = 250 (IPVS_HZ) the
 *    TIME_WAIT delta is 120·250 = 30000 jiffies: LVL_START(4) = 63 << 9 =
 *    32256 > 30000 ≥ LVL_START(3) = 4032, so level 3, granularity 512
 *    jiffies = 2.048 s; a close at t expires at
 *      E(t) = (((floor(t·HZ / 1e9) + 30000) >> 9) + 1) · 512 jiffies
 *    = the next multiple of 2.048 s strictly after jiffies(t) + 120 s, i.e.
 *    120 s to 122.048 s after the close. Modelled: the simulation's t = 0 is
 *    a jiffy boundary (jiffies(t) = floor(t·HZ / 1e9), t in ns), and the
 *    wheel's base clk equals jiffies at the close (`__mod_timer` calls
 *    `forward_timer_base` first, which brings clk up to jiffies unless a
 *    timer is due sooner; clk only picks the level — the rounding is of
 *    `expires` — and the level would change only if clk lagged jiffies by
 *    more than 32256 − 30000 = 2256 jiffies, 9 s).
 *    So every connection a node closes in one bucket expires at one instant:
 *    each node keeps a FIFO of (bucket, svc, local index, count), one entry
 *    per (bucket, svc, endpoint) — a close into a bucket that already has
 *    that (svc, endpoint)'s entry just adds one to its count (the entry's
 *    position is remembered per endpoint in the DestList, `twPos`). Buckets
 *    only grow with time, so the FIFO stays in expiry order; it is expired
 *    lazily at that node's next pick or hook from `ctx.clock.now` (no engine
 *    events), an entry's count leaving the inactive count at once when
 *    now ≥ its bucket's expiry. Its length is bounded by (endpoints the node
 *    closes to) × (buckets in 122 s, ≤ 60), whatever the connection rate.
 *
 * Memory: all of it lives in the (node, Service port)'s DestList, allocated
 * on the node's first use of that Service (a node that never sends allocates
 * nothing): 3 Int32 per endpoint of that Service (overhead, active, TIME_WAIT
 * entry position); and per node the FIFO, 4 Int32 an entry.
 * Hot path: no allocation except amortised growth (FIFO doubling, a larger
 * endpoint id), never throws.
 */
import type { Clock, PolicyContext } from './policy.js';
import type { RandomSource } from '../../engine/rng.js';
import { LocalIndex } from './local-index.js';

/** IPVS TCP TIME_WAIT timeout: 2*60*HZ (ip_vs_proto_tcp.c `tcp_timeouts`), in ns — the nominal value; expiry is on the timer wheel's bucket (below). */
export const IPVS_TIME_WAIT_NS = 120e9;

/**
 * The node kernel's tick rate, CONFIG_HZ = 250: the kernel's own default
 * (torvalds/linux: kernel/Kconfig.hz, `prompt "Timer frequency"` … `default
 * HZ_250`), Debian's CONFIG_HZ_250, and Ubuntu's generic kernel's up to
 * 23.10 (Ubuntu's "Enable low latency features in the generic Ubuntu kernel
 * for 24.04" tests "HZ=250 (the Ubuntu generic kernel, as it is right now)"
 * against 1000; a kernel at 1000 puts TIME_WAIT in level 4, 4096-jiffy =
 * 4.096 s buckets). 1 jiffy = 4 ms.
 */
export const IPVS_HZ = 250;

/** TIME_WAIT in jiffies: 2*60*HZ. */
export const IPVS_TIME_WAIT_JIFFIES = 2 * 60 * IPVS_HZ;

/**
 * The timer-wheel level of a timer `delta` jiffies ahead (kernel/time/timer.c
 * `calc_wheel_index`: the first lvl with delta < LVL_START(lvl + 1),
 * LVL_START(n) = (LVL_SIZE − 1) << ((n − 1)·LVL_CLK_SHIFT), LVL_BITS 6,
 * LVL_CLK_SHIFT 3; LVL_DEPTH 9 for HZ > 100). Delta < 2^31 here.
 */
export function timerWheelLevel(delta: number): number {
  const LVL_SIZE = 64;
  const LVL_DEPTH = 9;
  for (let lvl = 0; lvl < LVL_DEPTH - 1; lvl++) if (delta < (LVL_SIZE - 1) * 2 ** (lvl * 3)) return lvl;
  return LVL_DEPTH - 1;
}

/** The TIME_WAIT timer's level granularity in jiffies, 2^LVL_SHIFT(lvl): 512 at HZ = 250 (level 3), i.e. 2.048 s. */
export const IPVS_TIME_WAIT_GRAN_JIFFIES = 2 ** (3 * timerWheelLevel(IPVS_TIME_WAIT_JIFFIES));

/**
 * The instant (ns) a connection closed at `t` (ns) leaves the inactive count:
 * `calc_index` — bucket_expiry = ((expires >> LVL_SHIFT(lvl)) + 1) << LVL_SHIFT(lvl)
 * with expires = jiffies(t) + 30000 — converted back to ns (t = 0 a jiffy boundary).
 */
export function ipvsTimeWaitExpiryNs(t: number): number {
  return timeWaitBucket(t) * NS_PER_BUCKET;
}

const NS_PER_JIFFY = 1e9 / IPVS_HZ; // 4e6: exact, so jiffies(k·4e6) = k
/** One bucket of the TIME_WAIT level in ns (2.048e9 at HZ = 250). */
const NS_PER_BUCKET = IPVS_TIME_WAIT_GRAN_JIFFIES * NS_PER_JIFFY;

/** The bucket (bucket_expiry >> LVL_SHIFT(lvl)) a close at `t` ns lands in: expiry at bucket · NS_PER_BUCKET. */
function timeWaitBucket(t: number): number {
  return Math.floor((Math.floor(t / NS_PER_JIFFY) + IPVS_TIME_WAIT_JIFFIES) / IPVS_TIME_WAIT_GRAN_JIFFIES) + 1;
}

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
  /** By local index: where in the node's TIME_WAIT FIFO its latest entry was put (a hint, checked before use). */
  twPos: Int32Array;
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
    this.twPos = new Int32Array(0);
  }

  /** Grows conn to hold local indexes < n. */
  ensureConn(n: number): void {
    if (this.conn.length < 2 * n) {
      const next = new Int32Array(Math.max(2 * n, this.conn.length * 2));
      next.set(this.conn);
      this.conn = next;
      const pos = new Int32Array(next.length >> 1);
      pos.set(this.twPos);
      this.twPos = pos;
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
 * node's DestList by local index, with inactive connections expiring when
 * their timer-wheel bucket fires (per node, a FIFO of (bucket, svc, local
 * index, count), expired lazily).
 */
export class IpvsConnections {
  readonly instances: number;
  readonly #clock: Clock;
  readonly #lists: IpvsDestLists;
  /** Per node: a power-of-two ring of entries, 4 Int32 each: [bucket, svc, local index, count]. */
  readonly #fifo: (Int32Array | undefined)[];
  /** Per node: ring position (entry index) of the oldest entry, and the number of entries. */
  readonly #head: Int32Array;
  readonly #len: Int32Array;
  /** Per node: when its oldest entry's bucket fires (ns), +∞ when the FIFO is empty — expire's fast exit. */
  readonly #nextAt: Float64Array;
  /** The bucket a close lands in for t ∈ [#winFrom, #winTo) (ns): the last one computed, shared by all nodes (one clock). */
  #winBucket = 0;
  #winFrom = 0;
  #winTo = 0;

  constructor(ctx: PolicyContext, lists: IpvsDestLists) {
    this.instances = ctx.instances;
    this.#clock = ctx.clock;
    this.#lists = lists;
    this.#fifo = new Array<Int32Array>(ctx.instances);
    this.#head = new Int32Array(ctx.instances);
    this.#len = new Int32Array(ctx.instances);
    this.#nextAt = new Float64Array(ctx.instances).fill(Infinity);
  }

  /** Removes the node's inactive connections whose TIME_WAIT bucket has fired (call before reading its counters). */
  expire(inst: number): void {
    if (!(inst >= 0 && inst < this.instances)) return;
    const now = this.#clock.now;
    if (!(now >= this.#nextAt[inst]!)) return; // nothing due (or an empty FIFO)
    let left = this.#len[inst]!;
    const q = this.#fifo[inst]!;
    const mask = (q.length >> 2) - 1;
    // bucket b fires at b·NS_PER_BUCKET: gone once now ≥ that, i.e. b ≤ floor(now / NS_PER_BUCKET)
    const due = Math.floor(now / NS_PER_BUCKET);
    let h = this.#head[inst]!;
    while (left > 0 && q[4 * h]! <= due) {
      const list = this.#lists.peek(inst, q[4 * h + 1]!);
      if (list !== null) {
        const k = 2 * q[4 * h + 2]!;
        const inactive = list.conn[k]! - 256 * list.conn[k + 1]!;
        const n = q[4 * h + 3]!;
        list.conn[k]! -= n < inactive ? n : inactive > 0 ? inactive : 0; // n inactive connections fewer (never below 0)
      }
      h = (h + 1) & mask;
      left--;
    }
    this.#head[inst] = h;
    this.#len[inst] = left;
    this.#nextAt[inst] = left > 0 ? q[4 * h]! * NS_PER_BUCKET : Infinity;
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
    const now = this.#clock.now;
    let bucket = this.#winBucket;
    if (!(now >= this.#winFrom && now < this.#winTo)) {
      // bucket B takes jiffies J with (J + 30000) >> 9 = B − 1: J ∈ [(B − 1)·512 − 30000, B·512 − 30000)
      bucket = timeWaitBucket(now);
      this.#winBucket = bucket;
      this.#winFrom = ((bucket - 1) * IPVS_TIME_WAIT_GRAN_JIFFIES - IPVS_TIME_WAIT_JIFFIES) * NS_PER_JIFFY;
      this.#winTo = (bucket * IPVS_TIME_WAIT_GRAN_JIFFIES - IPVS_TIME_WAIT_JIFFIES) * NS_PER_JIFFY;
    }
    let q = this.#fifo[inst];
    // (svc, l)'s entry for this bucket, if it has one: the remembered position
    // holds it iff it still reads (bucket, svc, l). It cannot be a stale slot:
    // a freed slot's bucket is ≤ the due one, and a close's is later.
    if (q !== undefined) {
      const p = 4 * list.twPos[l]!;
      if (q[p] === bucket && q[p + 1] === svc && q[p + 2] === l) {
        q[p + 3]!++;
        return;
      }
    }
    // a new entry at the tail of the node's ring (4 Int32 an entry, a power-of-two count)
    const n = this.#len[inst]!;
    if (q === undefined || n === q.length >> 2) {
      const next = new Int32Array(q === undefined ? 4 * 64 : 2 * q.length);
      if (q !== undefined) {
        // the ring is full: [head, end) then [0, head), two block copies. Positions
        // move, so remembered positions go stale: the check above then fails and a
        // second entry of the same (bucket, svc, l) is made — counts stay right.
        const h = 4 * this.#head[inst]!;
        next.set(q.subarray(h));
        next.set(q.subarray(0, h), q.length - h);
      }
      q = next;
      this.#fifo[inst] = q;
      this.#head[inst] = 0;
    }
    const tail = (this.#head[inst]! + n) & ((q.length >> 2) - 1);
    const p = 4 * tail;
    q[p] = bucket;
    q[p + 1] = svc;
    q[p + 2] = l;
    q[p + 3] = 1;
    list.twPos[l] = tail;
    this.#len[inst] = n + 1;
    if (n === 0) this.#nextAt[inst] = bucket * NS_PER_BUCKET;
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

  /** Entries in the node's TIME_WAIT FIFO (tests: memory is per bucket, not per connection). */
  pending(inst: number): number {
    this.expire(inst);
    return inst >= 0 && inst < this.instances ? this.#len[inst]! : 0;
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
