/**
 * EndpointRing: the endpoint ids of one Service port, published in
 * generations by ONE writer (the control plane: each kube-proxy sync that
 * changes the set publishes the next generation) and read lock-free by any
 * number of readers on any thread. Each node's view reads the generation its
 * own kube-proxy has synced, which may be older than the latest.
 *
 * Layout (Int32Array over a SharedArrayBuffer, starting at `byteOffset`;
 * one cell = 4 bytes; G = generation slots, C = capacity):
 *
 *   header
 *     cell 0   HDR_MAGIC          ENDPOINT_RING_MAGIC, checked by attach()
 *     cell 1   HDR_CAPACITY       C, the most ids one generation may hold
 *     cell 2   HDR_SLOTS          G, generation slots (≥ 2)
 *     cell 3   HDR_PUBLISHED_GEN  latest published generation (0 at start)
 *     cell 4   HDR_CURSOR         shared round-robin cursor (wraps mod 2^32)
 *     cell 5–7 reserved (0)
 *   slot k, for k in [0, G), at cell HEADER_CELLS + k · (SLOT_IDS + C)
 *     +0       SLOT_SEQ           generation held, or SEQ_WRITING (-1) while rewritten
 *     +1       SLOT_COUNT         number of ids in that generation, in [0, C]
 *     +2 …     SLOT_IDS           ids[0 .. C), the first COUNT meaningful
 *
 * Generation g lives in slot g % G. Generation 0 is the empty set, in place
 * at construction; publish() makes generation n+1 from n.
 *
 * Who writes: only the ring's creator (constructor), through publish(). The
 * writer (1) stores SLOT_SEQ = SEQ_WRITING in slot (n+1) % G, (2) stores
 * COUNT and the ids, (3) stores SLOT_SEQ = n+1, (4) stores
 * HDR_PUBLISHED_GEN = n+1. Step 4 is the publish: one atomic store. Every
 * store is an Atomics.store — why: a reader's validation (below) is only sound
 * if the writer's id stores sit in the single total order of sequentially
 * consistent atomics between its two SEQ stores; plain stores would be a data
 * race with the readers' Atomics.loads and could be seen out of order.
 *
 * Who reads: anyone (attach() in another thread), through
 *   - latest(): Atomics.load of HDR_PUBLISHED_GEN;
 *   - read(gen, out): a seqlock read. Load SEQ; if it is not `gen`, the
 *     generation has been overwritten (or is being written): return -1. Load
 *     COUNT and every id with Atomics.load, then load SEQ again; if it changed,
 *     the copy may be torn: return -1. Otherwise the copy is exactly the set
 *     published as `gen`. Why this is enough: with all accesses seq-cst, if an
 *     id load saw a value from a later rewrite of the slot, that rewrite's
 *     SEQ_WRITING store precedes the id load in the total order, hence precedes
 *     the second SEQ load, which then cannot see `gen`; and the first SEQ load
 *     seeing `gen` means the id loads see at least generation `gen`'s stores.
 *   - readLatest(out): latest() then read(); retries (counted in `retries`)
 *     until a read succeeds, which needs the writer to publish fewer than G−1
 *     times during one copy.
 *
 * How stale a read may be: a reader holding generation g can still read it
 * until the writer publishes g+G−1 (its slot is then rewritten); i.e. a
 * reader may lag the latest by up to G−1 generations. Older ones are
 * overwritten and read() returns -1. Choose G ≥ (largest lag between the
 * fastest and slowest node's kube-proxy, in publishes) + 1.
 *
 * In-thread fast path: when writer and readers share one thread (a run of
 * the simulation), offsetOf(gen) and countOf(gen) let a node's view read
 * `ring.ids[offset + i]` with plain loads; program order is the only order
 * needed there. Both return -1 for a generation no longer held.
 *
 * Cursor: nextCursor() = Atomics.add(HDR_CURSOR, 1), returned as a u32; callers
 * take `% count`. It wraps at 2^32 (the sequence mod count jumps once there
 * when count does not divide 2^32). It shares a cache line with the header
 * cells readers load; no padding, since the simulation's hot path is
 * single-threaded and a padded header would cost 64+ bytes on each of up to
 * 100k rings.
 *
 * Hot path (read, readLatest, latest, offsetOf, countOf, nextCursor): no
 * allocation, never throws; failures are -1 (or -2 from read/readLatest for an
 * `out` shorter than the capacity). Misuse throws at construction and in
 * publish().
 */

export const HDR_MAGIC = 0;
export const HDR_CAPACITY = 1;
export const HDR_SLOTS = 2;
export const HDR_PUBLISHED_GEN = 3;
export const HDR_CURSOR = 4;
/** Cells before slot 0 (cells 5–7 reserved). */
export const HEADER_CELLS = 8;

export const SLOT_SEQ = 0;
export const SLOT_COUNT = 1;
export const SLOT_IDS = 2;

/** SLOT_SEQ while the writer rewrites a slot; generations are ≥ 0. */
export const SEQ_WRITING = -1;
/** "ER01" in ASCII. */
export const ENDPOINT_RING_MAGIC = 0x45523031;
/** read()/readLatest(): `out` is shorter than the capacity. */
export const READ_OUT_TOO_SMALL = -2;
/** Default number of generation slots. */
export const DEFAULT_GENERATIONS = 4;

/** Largest generation number; publish() throws after it (int32 cells). */
const MAX_GEN = 0x7fffffff;

export interface RingPlacement {
  buffer: SharedArrayBuffer;
  /** Multiple of 4. */
  byteOffset: number;
}

/** Set only while attach() runs the constructor: makes a read-only view. */
let attaching = false;

export class EndpointRing {
  /** A new ring with its own SharedArrayBuffer (same as `new EndpointRing(capacity, generations)`). */
  static create(capacity: number, generations = DEFAULT_GENERATIONS): EndpointRing {
    return new EndpointRing(capacity, generations);
  }

  /** Bytes one ring of this shape occupies (to pack many rings in one buffer). */
  static bytesFor(capacity: number, generations = DEFAULT_GENERATIONS): number {
    return (HEADER_CELLS + generations * (SLOT_IDS + capacity)) * 4;
  }

  /** A reader's view of a ring created elsewhere: it may not publish. */
  static attach(buffer: SharedArrayBuffer, byteOffset = 0): EndpointRing {
    if (!(buffer instanceof SharedArrayBuffer)) throw new TypeError('EndpointRing.attach: expected a SharedArrayBuffer');
    if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % 4 !== 0 || byteOffset + HEADER_CELLS * 4 > buffer.byteLength) {
      throw new RangeError(`EndpointRing.attach: bad byteOffset ${byteOffset}`);
    }
    const head = new Int32Array(buffer, byteOffset, HEADER_CELLS);
    if (Atomics.load(head, HDR_MAGIC) !== ENDPOINT_RING_MAGIC) {
      throw new Error('EndpointRing.attach: no ring at this offset (magic mismatch)');
    }
    attaching = true;
    try {
      return new EndpointRing(Atomics.load(head, HDR_CAPACITY), Atomics.load(head, HDR_SLOTS), { buffer, byteOffset });
    } finally {
      attaching = false;
    }
  }

  /** The buffer the ring lives in (possibly shared with other rings). */
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  /** Most ids one generation may hold. */
  readonly capacity: number;
  /** Generation slots G. */
  readonly generations: number;
  /** True for the creator, the one writer. */
  readonly writable: boolean;
  /**
   * The ring's cells, header included. Fast path: `ids[offsetOf(g) + i]`,
   * i < countOf(g). Read only; never write through it.
   */
  readonly ids: Int32Array;
  /** readLatest(): generation of the set it last returned. */
  lastGen = -1;
  /** readLatest(): failed read attempts so far (this view only). */
  retries = 0;
  readonly #stride: number;

  /**
   * A new ring holding generation 0 (no endpoints). Without `placement` it
   * gets its own SharedArrayBuffer.
   */
  constructor(capacity: number, generations = DEFAULT_GENERATIONS, placement?: RingPlacement) {
    const writable = !attaching;
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 1 << 24) {
      throw new RangeError(`EndpointRing: capacity must be an integer in [0, 2^24], got ${capacity}`);
    }
    if (!Number.isInteger(generations) || generations < 2 || generations > 1 << 16) {
      throw new RangeError(`EndpointRing: generations must be an integer in [2, 65536], got ${generations}`);
    }
    const bytes = EndpointRing.bytesFor(capacity, generations);
    const buffer = placement?.buffer ?? new SharedArrayBuffer(bytes);
    const byteOffset = placement?.byteOffset ?? 0;
    if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % 4 !== 0 || byteOffset + bytes > buffer.byteLength) {
      throw new RangeError(`EndpointRing: ${bytes} bytes at offset ${byteOffset} do not fit a ${buffer.byteLength}-byte buffer`);
    }
    this.buffer = buffer;
    this.byteOffset = byteOffset;
    this.capacity = capacity;
    this.generations = generations;
    this.writable = writable;
    this.ids = new Int32Array(buffer, byteOffset, bytes / 4);
    this.#stride = SLOT_IDS + capacity;
    if (writable) {
      const c = this.ids;
      if (placement !== undefined && Atomics.load(c, HDR_MAGIC) === ENDPOINT_RING_MAGIC) {
        throw new Error(`EndpointRing: a ring already lives at byte ${byteOffset}; attach() to read it`);
      }
      Atomics.store(c, HDR_CAPACITY, capacity);
      Atomics.store(c, HDR_SLOTS, generations);
      Atomics.store(c, HDR_PUBLISHED_GEN, 0);
      Atomics.store(c, HDR_CURSOR, 0);
      for (let k = 0; k < generations; k++) {
        // Slot 0 holds generation 0 (empty); the others hold nothing yet.
        Atomics.store(c, HEADER_CELLS + k * this.#stride + SLOT_SEQ, k === 0 ? 0 : SEQ_WRITING);
        Atomics.store(c, HEADER_CELLS + k * this.#stride + SLOT_COUNT, 0);
      }
      // Why last: attach() checks the magic, so a reader never sees a
      // half-initialised header.
      Atomics.store(c, HDR_MAGIC, ENDPOINT_RING_MAGIC);
    }
  }

  /**
   * Publishes `ids` (kube-proxy order) as generation latest()+1 and returns
   * its number. Writer only; throws on misuse.
   */
  publish(ids: ArrayLike<number>): number {
    if (!this.writable) throw new Error('EndpointRing.publish: this view was made by attach(); only the creator publishes');
    const n = ids.length;
    if (n > this.capacity) throw new RangeError(`EndpointRing.publish: ${n} ids exceed the capacity ${this.capacity}`);
    const c = this.ids;
    const cur = Atomics.load(c, HDR_PUBLISHED_GEN);
    if (cur >= MAX_GEN) throw new Error('EndpointRing.publish: generation counter exhausted (2^31 − 1 publishes)');
    const gen = cur + 1;
    const base = HEADER_CELLS + (gen % this.generations) * this.#stride;
    // Why first: readers that validate against the old generation in this
    // slot see SEQ change before any cell of it does.
    Atomics.store(c, base + SLOT_SEQ, SEQ_WRITING);
    Atomics.store(c, base + SLOT_COUNT, n);
    for (let i = 0; i < n; i++) Atomics.store(c, base + SLOT_IDS + i, ids[i]!);
    // Why before the publish: a reader that learns `gen` from PUBLISHED_GEN
    // must find the slot already complete and tagged.
    Atomics.store(c, base + SLOT_SEQ, gen);
    // The publish itself: one atomic store.
    Atomics.store(c, HDR_PUBLISHED_GEN, gen);
    return gen;
  }

  /** Latest published generation. Why Atomics.load: pairs with publish()'s final store. */
  latest(): number {
    return Atomics.load(this.ids, HDR_PUBLISHED_GEN);
  }

  /**
   * Copies generation `gen` into `out` and returns its count, or -1 if that
   * generation is not held (overwritten, being written, never published), or
   * READ_OUT_TOO_SMALL if `out` is shorter than the set. Never a torn set.
   */
  read(gen: number, out: Int32Array): number {
    if (!(gen >= 0 && gen <= MAX_GEN)) return -1;
    const c = this.ids;
    const base = HEADER_CELLS + (gen % this.generations) * this.#stride;
    // Why Atomics.load (all three kinds): see "Who reads" above.
    if (Atomics.load(c, base + SLOT_SEQ) !== gen) return -1;
    const n = Atomics.load(c, base + SLOT_COUNT);
    if (n > out.length) return READ_OUT_TOO_SMALL;
    for (let i = 0; i < n; i++) out[i] = Atomics.load(c, base + SLOT_IDS + i);
    if (Atomics.load(c, base + SLOT_SEQ) !== gen) return -1;
    return n;
  }

  /**
   * Copies the latest generation into `out`, retrying until a consistent copy
   * is made; sets `lastGen`. Returns the count, or READ_OUT_TOO_SMALL if `out`
   * is shorter than the capacity.
   */
  readLatest(out: Int32Array): number {
    if (out.length < this.capacity) return READ_OUT_TOO_SMALL;
    for (;;) {
      const gen = this.latest();
      const n = this.read(gen, out);
      if (n >= 0) {
        this.lastGen = gen;
        return n;
      }
      this.retries++;
    }
  }

  /** Fast path: index in `ids` of generation `gen`'s first id, or -1 if not held. Plain read. */
  offsetOf(gen: number): number {
    if (!(gen >= 0 && gen <= MAX_GEN)) return -1;
    const base = HEADER_CELLS + (gen % this.generations) * this.#stride;
    return this.ids[base + SLOT_SEQ] === gen ? base + SLOT_IDS : -1;
  }

  /** Fast path: number of ids in generation `gen`, or -1 if not held. Plain read. */
  countOf(gen: number): number {
    if (!(gen >= 0 && gen <= MAX_GEN)) return -1;
    const base = HEADER_CELLS + (gen % this.generations) * this.#stride;
    return this.ids[base + SLOT_SEQ] === gen ? this.ids[base + SLOT_COUNT]! : -1;
  }

  /**
   * The shared round-robin cursor's value before this call, as a u32; callers
   * take `% count`. Why Atomics.add: concurrent callers each get a distinct
   * value and none is lost.
   */
  nextCursor(): number {
    return Atomics.add(this.ids, HDR_CURSOR, 1) >>> 0;
  }
}
