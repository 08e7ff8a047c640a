/**
 * Random streams. Every random draw in the simulator comes from a named
 * stream derived from (seed, run, component, entity) — never the global,
 * unseeded generator — so that changing how one component draws leaves every
 * other stream untouched, and two scenarios run with the same seed share
 * their arrival and service-demand streams (common random numbers).
 *
 * Generator: seedrandom's xor4096 (Brent's xorgens, period 2^4096 − 1),
 * ~5 ns a number here against ~30 ns for seedrandom's default ARC4. Seeding
 * hashes the key string, so nearby keys give unrelated streams. Hot-path
 * streams are `Draws`: the same generator and sequence, stepped by one class
 * (see there).
 */
import seedrandom from 'seedrandom';

/** A stream: `rng()` is uniform on [0, 1) with 32 bits; `rng.int32()` a signed 32-bit integer. */
export type Rng = seedrandom.PRNG;

/** The key a stream is seeded from; written out so that a stream can be named in a bug report. */
export function streamKey(seed: number, run: number, component: string, entity: string | number): string {
  return `clusterip-sim/${seed}/${run}/${component}/${entity}`;
}

/** The stream for (seed, run, component, entity). Same arguments, same sequence, on any thread. */
export function stream(seed: number, run: number, component: string, entity: string | number = 0): Rng {
  return seedrandom.xor4096(streamKey(seed, run, component, entity));
}

/** The stream for (seed, run, component, entity) as a `Draws`: the same sequence, stepped by the class. */
export function draws(seed: number, run: number, component: string, entity: string | number = 0): Draws {
  return new Draws(streamKey(seed, run, component, entity));
}

/** Uniform integer in [0, n) from one draw (n ≤ 2^32). */
export function uniformInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** What a policy draws from: a stream's three conversions as methods (Draws in a run; tests script their own). */
export interface RandomSource {
  /** Uniform on [0, 1) with 32 bits. */
  next(): number;
  /** One raw output as a signed 32-bit integer. */
  int32(): number;
  /** Uniform on (0, 1) with 53 bits. */
  double(): number;
}

const TWO_32 = 0x100000000;

/** seedrandom's xor4096 state (lib/xor4096.js `copy`): the 128-word xorgens array, its index, the Weyl counter. */
interface Xor4096State {
  readonly X: number[];
  readonly i: number;
  readonly w: number;
}

/**
 * A stream stepped by a class of its own: seedrandom seeds it (xor4096 from
 * the stream key, its `state()` taken before any draw), then `int32()` runs
 * the same xorgens + Weyl step as seedrandom's `XorGen.next`
 * (lib/xor4096.js), and `next()` / `double()` convert as its `prng()` /
 * `prng.double` do — so the three return exactly what the stream's `rng()`,
 * `rng.int32()` and `rng.double()` would (test/engine-draws-match-the-seedrandom-stream
 * checks 100k of each). Why not the library's closures on the hot path:
 * seedrandom gives every stream closures of its own, so a call site that
 * meets several streams (arrivals, demands, clients, the policy) calls them
 * out of line, ~10 ns; one class's methods inline wherever they are called
 * (~2 ns a number). Seeding stays the library's.
 */
export class Draws implements RandomSource {
  /**
   * The whole state in one Int32Array: X[0..127], the Weyl counter at [128],
   * the index at [129]. (As object fields the counter, an int32 past the Smi
   * range, would live in a boxed double: ~3× slower.)
   */
  private readonly s: Int32Array;

  constructor(key: string) {
    const st = (seedrandom.xor4096(key, { state: true }) as unknown as { state(): Xor4096State }).state();
    this.s = new Int32Array(130);
    this.s.set(st.X);
    this.s[128] = st.w;
    this.s[129] = st.i;
  }

  /** The next output as a signed 32-bit integer (the stream's `int32()`). */
  int32(): number {
    const X = this.s;
    const w = (X[128]! + 0x61c88647) | 0;
    X[128] = w;
    let i = X[129]!;
    let v = X[(i + 34) & 127]!;
    i = (i + 1) & 127;
    let t = X[i]!;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = v ^ t;
    X[i] = v;
    X[129] = i;
    return (v + (w ^ (w >>> 16))) | 0;
  }

  /** Uniform on [0, 1) with 32 bits (the stream's `rng()`). */
  next(): number {
    return (this.int32() >>> 0) / TWO_32;
  }

  /** Uniform on (0, 1) with 53 bits (the stream's `double()`: two outputs, never 0). */
  double(): number {
    let result: number;
    do {
      const top = this.int32() >>> 11;
      const bot = (this.int32() >>> 0) / TWO_32;
      result = (top + bot) / (1 << 21);
    } while (result === 0);
    return result;
  }
}

/** Numbers a `Uniforms` draws ahead. */
const UNIFORM_BLOCK = 256;

/**
 * A Draws' next() values drawn a block ahead, each with its unit exponential
 * −ln(1 − u) (inversion: the same number an exponential quantile takes), so
 * that the logarithms are computed back to back in the refill loop (~6 ns
 * each there) rather than one by one in the middle of a large event handler,
 * where the call costs more (M/M/1 in process: 5.05 → 5.25 M/s). Read with
 * `take()`: the position of the stream's next number in `u` and `e`. Nothing
 * else may draw from the Draws it reads.
 */
export class Uniforms {
  /** The block's uniforms, the stream's next() values in order. */
  readonly u = new Float64Array(UNIFORM_BLOCK);
  /** −Math.log(1 − u) of each. */
  readonly e = new Float64Array(UNIFORM_BLOCK);
  private pos = UNIFORM_BLOCK;
  private readonly d: Draws;

  constructor(d: Draws) {
    this.d = d;
  }

  /** Where the stream's next number is in `u` / `e`. */
  take(): number {
    let p = this.pos;
    if (p === UNIFORM_BLOCK) {
      this.refill();
      p = 0;
    }
    this.pos = p + 1;
    return p;
  }

  private refill(): void {
    const u = this.u;
    const e = this.e;
    const d = this.d;
    for (let k = 0; k < UNIFORM_BLOCK; k++) {
      const x = d.next();
      u[k] = x;
      e[k] = -Math.log(1 - x);
    }
  }
}
