/**
 * The engine core: a clock, one event queue and the loop that drains it.
 * Everything the simulator does is an event (kind, arg) at an integer
 * nanosecond; the model decides what a kind means (see traffic/simulation.ts).
 *
 * Order: events pop by (time, priority, sequence) — see EventQueue. Scheduling
 * an event before `now` is an error (it would rewrite the past), and so is a
 * time that is not an integer number of nanoseconds.
 */
import { EventQueue } from './event-queue.js';

export class PastDeadlineError extends Error {
  constructor(now: number, at: number) {
    super(`event scheduled at ${at} ns, before now (${now} ns) or not an integer`);
    this.name = 'PastDeadlineError';
  }
}

/**
 * What the engine calls for each event; the event's time is `engine.now`.
 * (Not passed as an argument: a time past 2^31 ns is not a small integer, and
 * V8 boxes a double argument into a fresh heap number whenever the call is
 * not inlined — one allocation per event.)
 */
export type EventHandler = (kind: number, arg: number) => void;

export class Engine {
  /** Simulated time, integer ns. */
  now = 0;
  /** Events processed so far. */
  processed = 0;
  /**
   * Called every 2^16 events inside run() (progress, abort); returning true
   * stops run() early and sets `stopped`. One mask test per event otherwise.
   */
  poll: (() => boolean) | null = null;
  /** run() returned because poll() asked it to. */
  stopped = false;
  readonly queue: EventQueue;

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Schedule `kind(arg)` at absolute time `at` (integer ns, ≥ now). */
  schedule(at: number, kind: number, arg: number, priority = 0): void {
    if (!(at >= this.now) || at !== Math.floor(at)) throw new PastDeadlineError(this.now, at);
    this.queue.push(at, kind, arg, priority);
  }

  /** Process one event; false when none is pending. */
  step(handler: EventHandler): boolean {
    const q = this.queue;
    if (!q.pop()) return false;
    this.now = q.time;
    this.processed++;
    handler(q.kind, q.arg);
    return true;
  }

  /**
   * Process every event with time ≤ `until` (Infinity: until the queue is
   * empty). Afterwards `now` is `until` when finite, else the last event's time.
   */
  run(until: number, handler: EventHandler): void {
    if (until < this.now) throw new PastDeadlineError(this.now, until);
    const q = this.queue;
    let processed = this.processed;
    while (q.size > 0 && q.peekTime() <= until) {
      q.pop();
      this.now = q.time;
      processed++;
      handler(q.kind, q.arg);
      if ((processed & 0xffff) === 0 && this.poll !== null && this.poll()) {
        this.stopped = true;
        break;
      }
    }
    this.processed = processed;
    if (until !== Infinity) this.now = until;
  }
}
