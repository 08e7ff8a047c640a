/**
 * The event queue: a binary min-heap stored in parallel typed arrays.
 *
 * One total order, stated once and tested (test/engine-events-pop-in-one-total-order):
 *
 *     (time, priority, sequence)   — all ascending
 *
 * `time` is integer nanoseconds; `priority` a small integer (lower first) for
 * events that must precede others at the same instant; `sequence` the order in
 * which events were scheduled, so that ties in (time, priority) pop FIFO. The
 * heap is not stable by itself; the sequence number is what makes it so.
 *
 * Layout (entry i of the heap, i in [0, size)):
 *   times[i]  float64  integer ns (exact up to 2^53 ns ≈ 104 days)
 *   order[i]  float64  priority · 2^40 + sequence (exact: priority < 2^12, sequence < 2^40)
 *   kinds[i]  int32    event kind (the model's dispatch tag)
 *   args[i]   int32    event argument (an index into the model's own arrays)
 * Entries move as a whole when the heap sifts; nothing is allocated per event
 * once the arrays have grown to the peak number of pending events.
 */

const ORDER_SCALE = 2 ** 40;
/** Highest priority value accepted (exclusive). */
export const MAX_PRIORITY = 2 ** 12;

export class EventQueue {
  private times: Float64Array;
  private order: Float64Array;
  private kinds: Int32Array;
  private args: Int32Array;
  private n = 0;
  private seq = 0;

  /** Time, kind and argument of the event last returned by `pop`. */
  time = 0;
  kind = 0;
  arg = 0;

  constructor(initialCapacity = 1024) {
    const c = Math.max(16, initialCapacity | 0);
    this.times = new Float64Array(c);
    this.order = new Float64Array(c);
    this.kinds = new Int32Array(c);
    this.args = new Int32Array(c);
  }

  get size(): number {
    return this.n;
  }

  /** Events scheduled so far (the next sequence number). */
  get scheduled(): number {
    return this.seq;
  }

  /** Earliest pending time, or Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  clear(): void {
    this.n = 0;
    this.seq = 0;
  }

  /** Add an event. `time` must be an integer number of ns; priority in [0, MAX_PRIORITY). */
  push(time: number, kind: number, arg: number, priority = 0): void {
    if (this.n === this.times.length) this.grow();
    const ord = priority * ORDER_SCALE + this.seq++;
    // sift up with a hole: move parents down until the new entry fits
    const times = this.times;
    const order = this.order;
    const kinds = this.kinds;
    const args = this.args;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < time || (pt === time && order[p]! < ord)) break;
      times[i] = pt;
      order[i] = order[p]!;
      kinds[i] = kinds[p]!;
      args[i] = args[p]!;
      i = p;
    }
    times[i] = time;
    order[i] = ord;
    kinds[i] = kind;
    args[i] = arg;
  }

  /**
   * Remove the earliest event; its fields land in `time`, `kind`, `arg`.
   * Returns false (and changes nothing) when the queue is empty.
   */
  pop(): boolean {
    const n = this.n;
    if (n === 0) return false;
    const times = this.times;
    const order = this.order;
    const kinds = this.kinds;
    const args = this.args;
    this.time = times[0]!;
    this.kind = kinds[0]!;
    this.arg = args[0]!;
    const last = n - 1;
    this.n = last;
    if (last === 0) return true;
    // sift the last entry down from the root with a hole
    const t = times[last]!;
    const o = order[last]!;
    const k = kinds[last]!;
    const a = args[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last) {
        const ct = times[c]!;
        const rt = times[r]!;
        if (rt < ct || (rt === ct && order[r]! < order[c]!)) c = r;
      }
      const ct = times[c]!;
      if (t < ct || (t === ct && o < order[c]!)) break;
      times[i] = ct;
      order[i] = order[c]!;
      kinds[i] = kinds[c]!;
      args[i] = args[c]!;
      i = c;
    }
    times[i] = t;
    order[i] = o;
    kinds[i] = k;
    args[i] = a;
    return true;
  }

  private grow(): void {
    const c = this.times.length * 2;
    const t = new Float64Array(c);
    t.set(this.times);
    this.times = t;
    const o = new Float64Array(c);
    o.set(this.order);
    this.order = o;
    const k = new Int32Array(c);
    k.set(this.kinds);
    this.kinds = k;
    const a = new Int32Array(c);
    a.set(this.args);
    this.args = a;
  }
}
