/**
 * The clients' kept connections (keep-alive and persistent; one connection
 * per request needs none of this): a pool of slots in typed arrays, grown by
 * doubling, each with its endpoint (fixed when it opened: conntrack pins it),
 * owner, requests served and opening time; and per client either a stack of
 * idle keep-alive connections (most recently used first) or its one
 * persistent connection. Policy hooks and lifetimes are the simulation's
 * business; this keeps the slots.
 *
 * Layout, slot c: ep[c], client[c], served[c], opened[c] (ns), next[c] —
 * the free list while free, the idle stack's link while idle, −1 in use.
 * Per client cl: head[cl] — the idle stack's top, or the persistent
 * connection; −1 for none.
 */
import { grow } from './grow.js';

export class Connections {
  ep = new Int32Array(64);
  client = new Int32Array(64);
  served = new Float64Array(64);
  opened = new Float64Array(64);
  /** 1 while the slot holds a connection (open() … release()). */
  live = new Uint8Array(64);
  /** 1 while the connection sits in its client's idle stack. */
  idle = new Uint8Array(64);
  /** 1 once the server side is gone (reset, closed by a draining server): never reused; released when next popped. */
  dead = new Uint8Array(64);
  #next = new Int32Array(64);
  #free = -1;
  readonly head: Int32Array;

  constructor(clients: number) {
    this.head = new Int32Array(clients).fill(-1);
    this.#link(0, this.ep.length);
  }

  /** A new connection of client cl to endpoint ep, opened at `now`. */
  open(cl: number, ep: number, now: number): number {
    if (this.#free < 0) this.#grow();
    const c = this.#free;
    this.#free = this.#next[c]!;
    this.ep[c] = ep;
    this.client[c] = cl;
    this.served[c] = 0;
    this.opened[c] = now;
    this.live[c] = 1;
    this.idle[c] = 0;
    this.dead[c] = 0;
    this.#next[c] = -1;
    return c;
  }

  /** Slot c is closed and free again. */
  release(c: number): void {
    this.live[c] = 0;
    this.idle[c] = 0;
    this.#next[c] = this.#free;
    this.#free = c;
  }

  /** Connection c of client cl is idle: on top of cl's stack. */
  pushIdle(cl: number, c: number): void {
    this.idle[c] = 1;
    this.#next[c] = this.head[cl]!;
    this.head[cl] = c;
  }

  /** The top of client cl's idle stack, taken off it; −1 if none. */
  popIdle(cl: number): number {
    const c = this.head[cl]!;
    if (c >= 0) {
      this.head[cl] = this.#next[c]!;
      this.idle[c] = 0;
    }
    return c;
  }

  #link(from: number, to: number): void {
    for (let c = to - 1; c >= from; c--) {
      this.#next[c] = this.#free;
      this.#free = c;
    }
  }

  #grow(): void {
    const old = this.ep.length;
    const size = old * 2;
    this.ep = grow(this.ep, new Int32Array(size));
    this.client = grow(this.client, new Int32Array(size));
    this.served = grow(this.served, new Float64Array(size));
    this.opened = grow(this.opened, new Float64Array(size));
    this.live = grow(this.live, new Uint8Array(size));
    this.idle = grow(this.idle, new Uint8Array(size));
    this.dead = grow(this.dead, new Uint8Array(size));
    this.#next = grow(this.#next, new Int32Array(size));
    this.#link(old, size);
  }
}
