/**
 * Cancellable events. The queue itself cannot remove an entry (a heap
 * position moves as it sifts), so a timer is a token: the queue holds
 * (TIMER, token); the token's slot here holds the real kind and argument and
 * whether it still stands. cancel() marks the slot; when the queue pops a
 * cancelled token, take() frees it and returns false, so nothing runs.
 * Tokens are recycled only once popped, so a token never names two timers
 * at once (no epoch to wrap around) — provided its owner forgets it when it
 * fires: cancel() is for tokens the owner knows are still pending.
 *
 * For the cluster's events (control plane, scenario events, retries): a
 * handful per request at most, never on the request hot path.
 */
import type { Engine } from './engine.js';
import { TIMER } from './event-kinds.js';
import { grow } from '../traffic/grow.js';

export class Timers {
  readonly #engine: Engine;
  #kind = new Int32Array(256);
  #arg = new Int32Array(256);
  #live = new Uint8Array(256);
  #next = new Int32Array(256);
  #free = -1;
  /** Kind and argument of the timer take() last accepted. */
  kind = 0;
  arg = 0;

  constructor(engine: Engine) {
    this.#engine = engine;
    this.#link(0, 256);
  }

  /** Schedule timer (kind, arg) at `at` (integer ns ≥ now) with `priority`; returns its token. */
  at(at: number, kind: number, arg: number, priority: number): number {
    if (this.#free < 0) this.#grow();
    const t = this.#free;
    this.#free = this.#next[t]!;
    this.#kind[t] = kind;
    this.#arg[t] = arg;
    this.#live[t] = 1;
    this.#engine.schedule(Math.round(at), TIMER, t, priority);
    return t;
  }

  /** Cancel a pending timer (a token already fired or cancelled: no effect; −1: none). */
  cancel(token: number): void {
    if (token >= 0) this.#live[token] = 0;
  }

  /** The queue popped `token`: frees it; true (with kind, arg set) if it still stands. */
  take(token: number): boolean {
    const live = this.#live[token] === 1;
    this.kind = this.#kind[token]!;
    this.arg = this.#arg[token]!;
    this.#live[token] = 0;
    this.#next[token] = this.#free;
    this.#free = token;
    return live;
  }

  #link(from: number, to: number): void {
    for (let t = to - 1; t >= from; t--) {
      this.#next[t] = this.#free;
      this.#free = t;
    }
  }

  #grow(): void {
    const old = this.#kind.length;
    const size = old * 2;
    this.#kind = grow(this.#kind, new Int32Array(size));
    this.#arg = grow(this.#arg, new Int32Array(size));
    this.#live = grow(this.#live, new Uint8Array(size));
    this.#next = grow(this.#next, new Int32Array(size));
    this.#link(old, size);
  }
}
