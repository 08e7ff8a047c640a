/**
 * Client timeouts as events of their own (DESIGN.md: a request to a dead node
 * must end at its timeout, not never). A source's timeout is one constant and
 * its tries start in time order, so its deadlines come in the order the tries
 * were sent: one FIFO per source and one pending TIMEOUT_CHECK event per
 * source (at its oldest deadline) are enough — no cancellation. An entry
 * whose try has ended (or whose slot now holds another try: the serial
 * differs) is skipped when it comes up.
 *
 * A check also drops, ahead of their deadlines, the entries whose tries have
 * ended already, up to the first try still open, and arms the next check at
 * that try's deadline (or sooner, below): most tries end long before their
 * timeout, so a source has about 64 checks per timeout period rather than one
 * per request (10 replicas, `ipvs lc`, 1 s timeout, in process: ~2.0 → ~2.3
 * M requests/s).
 * The checks that matter — a try still open at its deadline — come at the
 * same instants, so results are unchanged (only runs.csv's `events` count).
 *
 * A source's check also comes at least every 1/64 of its timeout (≥ 1 ms),
 * so that ended tries leave the FIFO soon after they end: it then holds
 * about rate × (timeout/64 + the longest open try) entries rather than rate
 * × timeout (1 M requests/s with a 30 s timeout: ~0.5 M entries, not 30 M of
 * 20 bytes).
 */
import type { Engine } from '../engine/engine.js';
import { TIMEOUT_CHECK } from '../engine/event-kinds.js';


/** What a timed-out try is handed to (traffic/simulation.ts). */
export interface TimeoutSink {
  timedOut(r: number, serial: number): void;
  /** Whether try `serial` of request slot r is still waiting for its answer. */
  isOpen(r: number, serial: number): boolean;
}

/** A ring of (slot, serial, deadline); its capacity is a power of two, so positions wrap with a mask. */
class Fifo {
  req = new Int32Array(64);
  serial = new Float64Array(64);
  due = new Float64Array(64);
  head = 0;
  size = 0;
  pending = false;

  push(r: number, serial: number, due: number): void {
    if (this.size === this.req.length) this.#grow();
    const k = (this.head + this.size) & (this.req.length - 1);
    this.req[k] = r;
    this.serial[k] = serial;
    this.due[k] = due;
    this.size++;
  }

  #grow(): void {
    const n = this.req.length;
    const req = new Int32Array(n * 2);
    const serial = new Float64Array(n * 2);
    const due = new Float64Array(n * 2);
    for (let j = 0; j < this.size; j++) {
      const k = (this.head + j) & (n - 1);
      req[j] = this.req[k]!;
      serial[j] = this.serial[k]!;
      due[j] = this.due[k]!;
    }
    this.req = req;
    this.serial = serial;
    this.due = due;
    this.head = 0;
  }
}

/** Checks per timeout period at least (see above). */
const CHECKS_PER_TIMEOUT = 64;
/** The shortest interval between a source's checks, ns. */
const MIN_CHECK_INTERVAL_NS = 1_000_000;

export class ClientTimeouts {
  readonly #fifo: Fifo[];
  readonly #timeout: Float64Array;
  /** Per source: the longest interval between its checks, ns (an integer). */
  readonly #every: Float64Array;

  /** `timeoutNs[i]`: source i's client timeout (Infinity: none). */
  constructor(sources: number, timeoutNs: Float64Array) {
    this.#timeout = timeoutNs;
    this.#fifo = Array.from({ length: sources }, () => new Fifo());
    this.#every = Float64Array.from(timeoutNs, (t) => (t === Infinity ? Infinity : Math.max(MIN_CHECK_INTERVAL_NS, Math.ceil(t / CHECKS_PER_TIMEOUT))));
  }

  /** Entries source i holds now (tests: the FIFO's bound). */
  held(i: number): number {
    return this.#fifo[i]!.size;
  }

  /** Source i sent try `serial` of request slot r at `now`. */
  add(i: number, r: number, serial: number, now: number, engine: Engine): void {
    const t = this.#timeout[i]!;
    if (t === Infinity) return;
    const f = this.#fifo[i]!;
    const due = now + t;
    f.push(r, serial, due);
    if (!f.pending) {
      f.pending = true;
      engine.queue.push(Math.min(due, now + this.#every[i]!), TIMEOUT_CHECK, i, 1);
    }
  }

  /** Source i's check is due (engine.now): every try past its deadline is handed to `sink`; ended ones ahead of the first open one are dropped. */
  check(i: number, sink: TimeoutSink, engine: Engine): void {
    const f = this.#fifo[i]!;
    f.pending = false;
    const now = engine.now;
    while (f.size > 0) {
      const k = f.head;
      const r = f.req[k]!;
      const serial = f.serial[k]!;
      const due = f.due[k]! <= now;
      if (!due && sink.isOpen(r, serial)) break;
      f.head = (k + 1) & (f.req.length - 1);
      f.size--;
      if (due) sink.timedOut(r, serial);
    }
    if (f.size > 0) {
      f.pending = true;
      engine.queue.push(Math.min(f.due[f.head]!, now + this.#every[i]!), TIMEOUT_CHECK, i, 1);
    }
  }
}


