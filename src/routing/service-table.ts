/**
 * ServiceTable: (ClusterIP, port, protocol) → service-port id, the first
 * lookup of every new connection (kube-proxy's `KUBE-SERVICES` chain, or the
 * nftables `service-ips` verdict map).
 *
 * An open-addressing hash table with linear probing, held in ONE
 * SharedArrayBuffer so that a table built once per sweep point can be handed
 * to worker threads (postMessage of the buffer) and read there without a copy.
 *
 * Why 8-byte slots: every new connection's lookup lands on a random slot, so
 * a table that outgrows the L2 cache pays a miss per lookup. A ClusterIP
 * always lies in the service CIDR, and the apiserver refuses a CIDR larger
 * than a /12 ("the mask must be >= 12"), so an IP is stored as its ≤ 20-bit
 * offset in the CIDR. With the protocol as a 2-bit code the whole key is
 * 20 + 16 + 2 = 38 bits, and two int32 cells still leave 26 bits for the
 * value. 100,000 services take 262,144 slots × 8 B = 2 MiB (the first layout,
 * 12-byte slots with the full IP and protocol number, took 3 MiB).
 *
 * Layout (Int32Array over the buffer, one cell = 4 bytes):
 *
 *   cell 0              HDR_MAGIC         SERVICE_TABLE_MAGIC, checked by attach()
 *   cell 1              HDR_SLOTS         number of slots, a power of two ≥ MIN_SLOTS
 *   cell 2              HDR_MAX_ENTRIES   entries the table was sized for (≤ MAX_LOAD · slots)
 *   cell 3              HDR_SIZE          entries present now
 *   cell 4              HDR_CIDR_NETWORK  network address of the service CIDR, as int32 (u32 `| 0`)
 *   cell 5              HDR_CIDR_PREFIX   its prefix length, in [MIN_CIDR_PREFIX, 32]
 *   cell 6 + 2·s + 0    ENT_KEY           key cell of slot s, or EMPTY (-1)
 *   cell 6 + 2·s + 1    ENT_PORTHI_VALUE  rest of the key, and the value, of slot s
 *
 * Bits of a slot (bit 0 = least significant):
 *
 *   ENT_KEY           bits  0–19  IP offset: ip − network (IP_OFFSET_BITS = 20)
 *                     bits 20–21  protocol code (PROTO_CODE_SHIFT): TCP 0, UDP 1,
 *                                 SCTP 2; 3 (PROTO_CODE_EMPTY) is never a key
 *                     bits 22–31  port bits 0–9 (PORT_LO_SHIFT, PORT_LO_MASK)
 *   ENT_PORTHI_VALUE  bits  0–5   port bits 10–15 (PORT_HI_MASK)
 *                     bits  6–31  value, the service-port id (VALUE_SHIFT;
 *                                 0 … MAX_VALUE = 2^26 − 1 = 67,108,863)
 *
 *   The stored key is ENT_KEY plus the PORT_HI_MASK bits of ENT_PORTHI_VALUE;
 *   two entries are the same key exactly when those 38 bits are equal.
 *
 * Invariants:
 *   - EMPTY (-1) has protocol code 3, which no key has, so ENT_KEY alone tells
 *     a free slot from a used one. A free slot's ENT_PORTHI_VALUE is 0.
 *   - slots is a power of two and slots ≥ maxEntries / MAX_LOAD, so the load
 *     factor is ≤ MAX_LOAD, there is always an EMPTY slot, and a probe always
 *     ends.
 *   - Linear probing without tombstones: every entry sits in the run of
 *     occupied slots that starts at its home slot (hashKey(ip, port << 8 |
 *     proto) & (slots − 1)) with no EMPTY slot between home and it. remove()
 *     keeps this with backward-shift deletion (Knuth 6.4, Algorithm R), so
 *     lookups never slow down with churn and no rehash is ever needed.
 *   - The CIDR never changes after create(); its network has no host bits set.
 *
 * Who writes, who reads:
 *   - ONE writer, the thread that called create(), inserts and removes while
 *     it builds the table. A table is meant to be built, then shared: readers
 *     in other threads (attach()) must not run while the writer mutates,
 *     because a backward shift moves entries and a concurrent probe could miss
 *     one. Per-generation data that changes while readers run belongs in an
 *     EndpointRing, not here.
 *   - The writer ends every mutation with an Atomics.store of HDR_SIZE, and
 *     attach() starts with an Atomics.load of it. Why: that store/load pair is
 *     what gives the attaching thread a happens-before edge over every plain
 *     cell write of the build (header included) in the JS memory model
 *     (postMessage alone is not specified as a synchronising operation for
 *     SharedArrayBuffer contents). After that, lookups are plain reads of data
 *     nobody writes: no staleness.
 *
 * Hot path: lookup() does no allocation, builds no string and never throws; it
 * returns the value or -1, also for an IP outside the CIDR, a port outside
 * [0, 65535] or a protocol other than TCP/UDP/SCTP. Misuse throws: a bad
 * capacity or CIDR at create(); at insert() and remove() an IP outside the
 * CIDR, another out-of-range field, a value outside [0, MAX_VALUE], a
 * duplicate key, a full table, or mutating an attached view.
 *
 * Why the layout constants below are module-private (and exported only as
 * the SERVICE_TABLE_LAYOUT object): Node 20's V8 reads an exported `const` of
 * an ES module through its export cell, with a TDZ check, on every use in
 * optimised code, and the ten such reads in lookup() cost ~40% of a lookup
 * (15.5 vs 10.9 ns in bench/routing.ts); module-private consts fold to
 * literals.
 */
import { formatIPv4, parseServiceCIDR } from './ipv4.js';

// ---- header cells
const HDR_MAGIC = 0;
const HDR_SLOTS = 1;
const HDR_MAX_ENTRIES = 2;
const HDR_SIZE = 3;
const HDR_CIDR_NETWORK = 4;
const HDR_CIDR_PREFIX = 5;
/** Cells before slot 0. */
const HEADER_CELLS = 6;

// ---- cells of a slot
const ENT_KEY = 0;
const ENT_PORTHI_VALUE = 1;
/** Cells per slot (8 bytes). */
const SLOT_CELLS = 2;

// ---- bits of ENT_KEY
/** Bits 0–19: the IP's offset from the CIDR's network address. */
const IP_OFFSET_BITS = 20;
/** Bits 20–21: the protocol code. */
const PROTO_CODE_SHIFT = 20;
const PROTO_CODE_MASK = 3;
const PROTO_CODE_TCP = 0;
const PROTO_CODE_UDP = 1;
const PROTO_CODE_SCTP = 2;
/** The one protocol code no key has; EMPTY carries it. */
const PROTO_CODE_EMPTY = 3;
/** Bits 22–31: port bits 0–9. */
const PORT_LO_SHIFT = 22;
const PORT_LO_BITS = 10;
const PORT_LO_MASK = (1 << PORT_LO_BITS) - 1;

// ---- bits of ENT_PORTHI_VALUE
/** Bits 0–5: port bits 10–15, the rest of the key. */
const PORT_HI_MASK = (1 << (16 - PORT_LO_BITS)) - 1;
/** Bits 6–31: the value. */
const VALUE_SHIFT = 16 - PORT_LO_BITS;

/** ENT_KEY of a free slot: all ones, i.e. protocol code PROTO_CODE_EMPTY. */
const EMPTY = -1;

/** Cell and bit positions of the layout, for tests and tools that read a buffer directly. */
export const SERVICE_TABLE_LAYOUT = Object.freeze({
  HDR_MAGIC,
  HDR_SLOTS,
  HDR_MAX_ENTRIES,
  HDR_SIZE,
  HDR_CIDR_NETWORK,
  HDR_CIDR_PREFIX,
  HEADER_CELLS,
  ENT_KEY,
  ENT_PORTHI_VALUE,
  SLOT_CELLS,
  IP_OFFSET_BITS,
  PROTO_CODE_SHIFT,
  PROTO_CODE_MASK,
  PROTO_CODE_TCP,
  PROTO_CODE_UDP,
  PROTO_CODE_SCTP,
  PROTO_CODE_EMPTY,
  PORT_LO_SHIFT,
  PORT_LO_BITS,
  PORT_HI_MASK,
  VALUE_SHIFT,
  EMPTY,
});

/** Largest value a slot holds: 2^26 − 1 = 67,108,863 service-port ids. */
export const MAX_VALUE = 2 ** (32 - VALUE_SHIFT) - 1;
/** "ST02" in ASCII: marks a buffer laid out by this module (ST01 was the 12-byte layout). */
export const SERVICE_TABLE_MAGIC = 0x53543032;

/** IP protocol numbers as they appear in the API (IANA). */
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_SCTP = 132;

/** The largest IPv4 service CIDR the apiserver accepts is a /12: every offset fits IP_OFFSET_BITS. */
export const MIN_CIDR_PREFIX = 32 - IP_OFFSET_BITS;
/** kubeadm's default `--service-cidr`. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

/**
 * Highest load factor: slots = the smallest power of two ≥ maxEntries / MAX_LOAD.
 * What it costs, measured with bench/routing.ts on a 2-core Xeon VM, Node 20
 * (ns per random hit at 100 / 10k / 100k services; the 100k table is 2 MiB
 * at ≤ 0.75 and 1 MiB at 0.8):
 *   0.5 → 10.9 / 10.6 / 16.4    0.75 → 10.9 / 15.8 / 17.0    0.8 → 18.1 / 15.8 / 20.9
 * Why a fuller, smaller table is not faster here: every probe past the home
 * slot ends in a mispredicted branch, and at load ~0.77 (the 100 and 100k
 * tables at 0.8) that costs more than the cache misses the smaller table saves.
 * 0.5 is the fastest at every size (and still 2/3 of the 12-byte-slot table's memory).
 */
export const MAX_LOAD = 0.5;
/** Fewest slots a table has. */
const MIN_SLOTS = 8;
/** Largest maxEntries accepted: 2^26 entries → 2^27 slots → 1 GiB. */
const MAX_ENTRIES_LIMIT = 1 << 26;

/** Protocol number → PROTO_CODE_*, -1 for any other byte; read with `proto & 0xff`. */
const PROTO_CODE_OF = new Int8Array(256).fill(-1);
PROTO_CODE_OF[PROTO_TCP] = PROTO_CODE_TCP;
PROTO_CODE_OF[PROTO_UDP] = PROTO_CODE_UDP;
PROTO_CODE_OF[PROTO_SCTP] = PROTO_CODE_SCTP;
/** PROTO_CODE_* → protocol number. */
const PROTO_OF_CODE = Int32Array.of(PROTO_TCP, PROTO_UDP, PROTO_SCTP, -1);

/**
 * The slot a key hashes to before masking: murmur3's fmix32 finaliser over
 * ip·φ ⊕ (port << 8 | proto). The multiply by the odd golden-ratio constant
 * is a bijection on ip, so keys differing only in the ClusterIP (the common
 * case, one port per Service) never collide before the mask; fmix32 then
 * spreads every input bit over the low bits the mask keeps. It hashes the
 * key as callers give it, not the packed slot bits, so that the hash is
 * computed in parallel with the packing rather than after it.
 */
export function hashKey(ip: number, portProto: number): number {
  let h = Math.imul(ip | 0, 0x9e3779b1) ^ portProto;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function slotsFor(maxEntries: number): number {
  const need = maxEntries / MAX_LOAD;
  let p = MIN_SLOTS;
  while (p < need) p *= 2;
  return p;
}

/** Network bits of a prefix length in [1, 32], as an int32. */
function netMaskOf(prefix: number): number {
  return -1 << (32 - prefix);
}

export class ServiceTable {
  /** The whole table, header included. */
  readonly buffer: SharedArrayBuffer;
  /** Number of slots (a power of two). */
  readonly slots: number;
  /** Entries the table was sized for; insert() beyond it throws. */
  readonly maxEntries: number;
  /** False for a view made by attach(): it may only look up. */
  readonly writable: boolean;
  /** The service CIDR, normalised ("10.96.0.0/12"). */
  readonly cidr: string;
  /** Its network address (u32). */
  readonly network: number;
  /** Its prefix length. */
  readonly prefix: number;
  readonly #t: Int32Array;
  readonly #mask: number;
  /** The network as an int32, and the network and host bits of an IP. */
  readonly #net: number;
  readonly #netMask: number;
  readonly #hostMask: number;
  #size: number;

  private constructor(buffer: SharedArrayBuffer, writable: boolean) {
    const t = new Int32Array(buffer);
    if (t.length < HEADER_CELLS || t[HDR_MAGIC] !== SERVICE_TABLE_MAGIC) {
      throw new Error('ServiceTable.attach: the buffer was not made by ServiceTable.create (magic mismatch)');
    }
    // Why Atomics.load before any other read: pairs with the writer's
    // Atomics.store of HDR_SIZE at the end of create() and of each mutation,
    // so every cell written before it (header and slots) is visible to this
    // thread's later plain reads.
    const size = Atomics.load(t, HDR_SIZE);
    const slots = t[HDR_SLOTS]!;
    const prefix = t[HDR_CIDR_PREFIX]!;
    const net = t[HDR_CIDR_NETWORK]!;
    if (
      slots < MIN_SLOTS ||
      (slots & (slots - 1)) !== 0 ||
      t.length !== HEADER_CELLS + slots * SLOT_CELLS ||
      prefix < MIN_CIDR_PREFIX ||
      prefix > 32 ||
      (net & ~netMaskOf(prefix)) !== 0
    ) {
      throw new Error(`ServiceTable.attach: corrupt header (slots=${slots}, cells=${t.length}, prefix=${prefix})`);
    }
    this.buffer = buffer;
    this.slots = slots;
    this.maxEntries = t[HDR_MAX_ENTRIES]!;
    this.writable = writable;
    this.network = net >>> 0;
    this.prefix = prefix;
    this.cidr = `${formatIPv4(net)}/${prefix}`;
    this.#t = t;
    this.#mask = slots - 1;
    this.#net = net;
    this.#netMask = netMaskOf(prefix);
    this.#hostMask = ~this.#netMask;
    this.#size = size;
  }

  /**
   * A new, empty, writable table for up to `maxEntries` keys whose ClusterIPs
   * lie in `cidr` (a.b.c.d/prefix with prefix ≥ 12; host bits are masked off).
   */
  static create(maxEntries: number, cidr: string = DEFAULT_SERVICE_CIDR): ServiceTable {
    if (!Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > MAX_ENTRIES_LIMIT) {
      throw new RangeError(`ServiceTable.create: capacity must be an integer in [1, ${MAX_ENTRIES_LIMIT}], got ${maxEntries}`);
    }
    const { network, prefix } = parseServiceCIDR(cidr);
    const slots = slotsFor(maxEntries);
    const buffer = new SharedArrayBuffer((HEADER_CELLS + slots * SLOT_CELLS) * 4);
    const t = new Int32Array(buffer);
    t[HDR_MAGIC] = SERVICE_TABLE_MAGIC;
    t[HDR_SLOTS] = slots;
    t[HDR_MAX_ENTRIES] = maxEntries;
    t[HDR_CIDR_NETWORK] = network | 0;
    t[HDR_CIDR_PREFIX] = prefix;
    for (let s = 0; s < slots; s++) t[HEADER_CELLS + s * SLOT_CELLS + ENT_KEY] = EMPTY;
    // Why Atomics.store: publishes the initialised header and EMPTY marks to
    // any thread that attaches before the first insert.
    Atomics.store(t, HDR_SIZE, 0);
    return new ServiceTable(buffer, true);
  }

  /** A read-only view of a table built elsewhere (e.g. in the main thread). */
  static attach(buffer: SharedArrayBuffer): ServiceTable {
    if (!(buffer instanceof SharedArrayBuffer)) {
      throw new TypeError('ServiceTable.attach: expected a SharedArrayBuffer');
    }
    return new ServiceTable(buffer, false);
  }

  /** Entries present (as of the writer's last mutation seen by attach, for a view). */
  get size(): number {
    return this.#size;
  }

  /** Whether `ip` (u32 or int32) lies in this table's service CIDR. */
  contains(ip: number): boolean {
    return ((ip | 0) & this.#netMask) === this.#net;
  }

  /**
   * The service-port id for (ip, port, proto), or -1 if absent.
   * Hot path: no allocation, no strings, never throws. An IP outside the
   * CIDR, a port outside [0, 65535] or a protocol other than 6/17/132 simply
   * matches nothing.
   */
  lookup(ip: number, port: number, proto: number): number {
    const ipc = ip | 0;
    const code = PROTO_CODE_OF[proto & 0xff]!;
    if ((ipc & this.#netMask) !== this.#net || (port & 0xffff) !== port || (proto & 0xff) !== proto || code < 0) {
      return -1;
    }
    const key = (ipc & this.#hostMask) | (code << PROTO_CODE_SHIFT) | ((port & PORT_LO_MASK) << PORT_LO_SHIFT);
    const portHi = port >> PORT_LO_BITS;
    const t = this.#t;
    const mask = this.#mask;
    let s = hashKey(ipc, (port << 8) | proto) & mask;
    for (;;) {
      const b = HEADER_CELLS + s * SLOT_CELLS;
      const k = t[b + ENT_KEY]!;
      if (k === key) {
        const pv = t[b + ENT_PORTHI_VALUE]!;
        if ((pv & PORT_HI_MASK) === portHi) return pv >>> VALUE_SHIFT;
      } else if (k === EMPTY) {
        return -1;
      }
      s = (s + 1) & mask;
    }
  }

  /**
   * The slot (ip, port, proto) hashes to, whether present or not; -1 when the
   * key cannot be stored (IP outside the CIDR, bad port or protocol). For
   * tests and inspection; never throws.
   */
  homeSlot(ip: number, port: number, proto: number): number {
    const ipc = ip | 0;
    const valid = (ipc & this.#netMask) === this.#net && (port & 0xffff) === port && (proto & 0xff) === proto;
    if (!valid || PROTO_CODE_OF[proto]! < 0) return -1;
    return hashKey(ipc, (port << 8) | proto) & this.#mask;
  }

  /**
   * Adds a key. Throws on an IP outside the CIDR, a port outside [0, 65535],
   * a protocol other than 6/17/132, a value outside [0, MAX_VALUE], a
   * duplicate key or a full table.
   */
  insert(ip: number, port: number, proto: number, value: number): void {
    this.#checkWritable('insert');
    const key = this.#packKey('insert', ip, port, proto);
    if (!Number.isInteger(value) || value < 0 || value > MAX_VALUE) {
      throw new RangeError(`ServiceTable.insert: value must be an integer in [0, ${MAX_VALUE}], got ${value}`);
    }
    if (this.#size >= this.maxEntries) {
      throw new Error(`ServiceTable.insert: table is full (${this.maxEntries} entries)`);
    }
    const portHi = port >> PORT_LO_BITS;
    const t = this.#t;
    const mask = this.#mask;
    let s = hashKey(ip, (port << 8) | proto) & mask;
    for (;;) {
      const b = HEADER_CELLS + s * SLOT_CELLS;
      const k = t[b + ENT_KEY]!;
      if (k === EMPTY) {
        t[b + ENT_PORTHI_VALUE] = portHi | (value << VALUE_SHIFT);
        t[b + ENT_KEY] = key;
        break;
      }
      if (k === key && (t[b + ENT_PORTHI_VALUE]! & PORT_HI_MASK) === portHi) {
        throw new Error(`ServiceTable.insert: duplicate key ${formatKey(ip, port, proto)}`);
      }
      s = (s + 1) & mask;
    }
    this.#size++;
    // Why Atomics.store: the release half of the pair with attach()'s load.
    Atomics.store(t, HDR_SIZE, this.#size);
  }

  /**
   * Removes a key; false if it was absent. Backward-shift deletion, no
   * tombstones. Throws on the same out-of-range fields as insert().
   */
  remove(ip: number, port: number, proto: number): boolean {
    this.#checkWritable('remove');
    const key = this.#packKey('remove', ip, port, proto);
    const portHi = port >> PORT_LO_BITS;
    const t = this.#t;
    const mask = this.#mask;
    let hole = hashKey(ip, (port << 8) | proto) & mask;
    for (;;) {
      const b = HEADER_CELLS + hole * SLOT_CELLS;
      const k = t[b + ENT_KEY]!;
      if (k === EMPTY) return false;
      if (k === key && (t[b + ENT_PORTHI_VALUE]! & PORT_HI_MASK) === portHi) break;
      hole = (hole + 1) & mask;
    }
    // Walk the rest of the run; an entry whose home is not cyclically in
    // (hole, j] would become unreachable past the hole, so move it back into it.
    let j = hole;
    for (;;) {
      j = (j + 1) & mask;
      const bj = HEADER_CELLS + j * SLOT_CELLS;
      const k = t[bj + ENT_KEY]!;
      if (k === EMPTY) break;
      const pv = t[bj + ENT_PORTHI_VALUE]!;
      const home = this.#homeOf(k, pv);
      const homeInHoleToJ = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!homeInHoleToJ) {
        const bh = HEADER_CELLS + hole * SLOT_CELLS;
        t[bh + ENT_KEY] = k;
        t[bh + ENT_PORTHI_VALUE] = pv;
        hole = j;
      }
    }
    const bh = HEADER_CELLS + hole * SLOT_CELLS;
    t[bh + ENT_KEY] = EMPTY;
    t[bh + ENT_PORTHI_VALUE] = 0;
    this.#size--;
    // Why Atomics.store: the release half of the pair with attach()'s load.
    Atomics.store(t, HDR_SIZE, this.#size);
    return true;
  }

  /** Every entry in slot order, for inspection and tests (allocates). */
  *entries(): IterableIterator<{ ip: number; port: number; proto: number; value: number }> {
    const t = this.#t;
    for (let s = 0; s < this.slots; s++) {
      const b = HEADER_CELLS + s * SLOT_CELLS;
      const k = t[b + ENT_KEY]!;
      if (k === EMPTY) continue;
      const pv = t[b + ENT_PORTHI_VALUE]!;
      yield {
        ip: (this.#net | (k & this.#hostMask)) >>> 0,
        port: (k >>> PORT_LO_SHIFT) | ((pv & PORT_HI_MASK) << PORT_LO_BITS),
        proto: PROTO_OF_CODE[(k >> PROTO_CODE_SHIFT) & PROTO_CODE_MASK]!,
        value: pv >>> VALUE_SHIFT,
      };
    }
  }

  #checkWritable(op: string): void {
    if (!this.writable) throw new Error(`ServiceTable.${op}: this is a read-only view made by attach()`);
  }

  /** The home slot of a stored entry, from its two cells. */
  #homeOf(k: number, pv: number): number {
    const ip = this.#net | (k & this.#hostMask);
    const port = (k >>> PORT_LO_SHIFT) | ((pv & PORT_HI_MASK) << PORT_LO_BITS);
    const proto = PROTO_OF_CODE[(k >> PROTO_CODE_SHIFT) & PROTO_CODE_MASK]!;
    return hashKey(ip, (port << 8) | proto) & this.#mask;
  }

  /** ENT_KEY of (ip, port, proto); throws on a field that cannot be stored. */
  #packKey(op: string, ip: number, port: number, proto: number): number {
    if (!Number.isInteger(ip) || ip < -0x80000000 || ip > 0xffffffff) {
      throw new RangeError(`ServiceTable.${op}: ip must be a u32, got ${ip}`);
    }
    if (!this.contains(ip)) {
      throw new RangeError(`ServiceTable.${op}: ClusterIP ${formatIPv4(ip)} is outside the service CIDR ${this.cidr}`);
    }
    if (!Number.isInteger(port) || port < 0 || port > 0xffff) {
      throw new RangeError(`ServiceTable.${op}: port must be in [0, 65535], got ${port}`);
    }
    const code = Number.isInteger(proto) && proto >= 0 && proto <= 0xff ? PROTO_CODE_OF[proto]! : -1;
    if (code < 0) {
      throw new RangeError(`ServiceTable.${op}: protocol must be TCP (6), UDP (17) or SCTP (132), got ${proto}`);
    }
    return ((ip | 0) & this.#hostMask) | (code << PROTO_CODE_SHIFT) | ((port & PORT_LO_MASK) << PORT_LO_SHIFT);
  }
}

/** "10.96.0.10:53/UDP" — for messages only. */
export function formatKey(ip: number, port: number, proto: number): string {
  const name = proto === PROTO_TCP ? 'TCP' : proto === PROTO_UDP ? 'UDP' : proto === PROTO_SCTP ? 'SCTP' : String(proto);
  return `${formatIPv4(ip)}:${port}/${name}`;
}
