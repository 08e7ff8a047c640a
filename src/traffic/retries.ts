/**
 * Retries (DESIGN.md "Retries"): `attempts` extra tries on a new connection
 * after an error of a listed kind, each after a full-jitter exponential
 * backoff — try k (k ≥ 1) waits U(0, min(maxBackoff, backoff · 2^(k−1)))
 * (the AWS Architecture Blog's "full jitter") — and, with a `budget`, no more
 * retries over the run than budget × first tries so far (Envoy's retry
 * budget, Finagle's RetryBudget).
 */
import { stream, type Rng } from '../engine/rng.js';
import { ERROR_KINDS } from '../metrics/run-result.js';
import type { ScenarioSpec } from '../scenario/types.js';

export class Retries {
  /** Some source retries. */
  readonly any: boolean;
  readonly #attempts: Int32Array;
  readonly #backoff: Float64Array;
  readonly #max: Float64Array;
  readonly #on: Int32Array; // bit k: retry after ERROR_KINDS[k]
  readonly #budget: Float64Array;
  readonly #first: Float64Array;
  readonly #used: Float64Array;
  readonly #rng: Rng[];

  constructor(spec: ScenarioSpec, run: number) {
    const T = spec.traffic.length;
    this.#attempts = new Int32Array(T);
    this.#backoff = new Float64Array(T);
    this.#max = new Float64Array(T);
    this.#on = new Int32Array(T);
    this.#budget = new Float64Array(T).fill(Infinity);
    this.#first = new Float64Array(T);
    this.#used = new Float64Array(T);
    this.#rng = [];
    let any = false;
    spec.traffic.forEach((t, i) => {
      this.#rng.push(stream(spec.seed, run, 'retry', t.name));
      const r = t.retry ?? null;
      if (r === null || r.attempts === 0) return;
      any = true;
      this.#attempts[i] = r.attempts;
      this.#backoff[i] = r.backoff;
      this.#max[i] = r.maxBackoff;
      let mask = 0;
      for (const k of r.on) mask |= 1 << ERROR_KINDS.indexOf(k);
      this.#on[i] = mask;
      if (r.budget !== null) this.#budget[i] = r.budget;
    });
    this.any = any;
  }

  /** Source i sends a request's first try. */
  firstTry(i: number): void {
    this.#first[i]!++;
  }

  /** After error `kind` on a request that has had `retried` retries: the backoff before the next try (ns), or −1 for none. */
  next(i: number, kind: number, retried: number): number {
    if (retried >= this.#attempts[i]! || (this.#on[i]! & (1 << kind)) === 0) return -1;
    if (this.#used[i]! + 1 > this.#budget[i]! * this.#first[i]!) return -1;
    this.#used[i]!++;
    const cap = Math.min(this.#max[i]!, this.#backoff[i]! * 2 ** retried);
    return Math.round(this.#rng[i]!() * cap);
  }
}
