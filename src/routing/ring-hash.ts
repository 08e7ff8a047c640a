/**
 * Envoy's ring hash (ketama) load balancer, exact to envoyproxy/envoy:
 * source/extensions/load_balancing_policies/ring_hash/ring_hash_lb.cc.
 *
 * Build (`Ring::Ring`): hosts in host-set order (no sorting), weights
 * normalised to w_i/Σw; scale = min(ceil(min_w · min_ring_size) / min_w,
 * max_ring_size) (defaults 1024 and 8,388,608); running sums current/target:
 * for each host target += scale·w_i and while current < target the host gets
 * the entry xxHash64("<key>_<i>") (i = 0, 1, … per host; key = the address
 * string "10.0.0.1:8080"), current += 1. Entries are sorted by hash (ties,
 * which std::sort leaves unspecified, are kept in build order here).
 *
 * Lookup (`Ring::chooseHost`, ported from ketama_get_server): the first entry
 * whose hash is ≥ h, wrapping to entry 0 past the end — the same binary search
 * with signed lowp/highp as Envoy's, so edge cases match.
 *
 * The hashes are stored as two Uint32Array halves so lookup is BigInt-free and
 * allocation-free; the caller passes the request hash as (hi, lo).
 * Checked against Envoy's RingHashLoadBalancerTest.Basic ring in
 * test/routing-ring-hash-matches-envoy.test.ts.
 */
import { xxhash64Into } from './hash/xxhash64.js';

export const ENVOY_RING_MIN_SIZE_DEFAULT = 1024;
export const ENVOY_RING_MAX_SIZE_DEFAULT = 8 * 1024 * 1024;

export interface HashRing {
  /** High and low 32 bits of each entry's hash, ascending. */
  readonly hashHi: Uint32Array;
  readonly hashLo: Uint32Array;
  /** Index into the keys given to `buildRingHash`, per entry. */
  readonly host: Int32Array;
  /** Entries per host (Envoy's min/max_hashes_per_host stats are its min and max). */
  readonly perHost: Int32Array;
}

export function buildRingHash(
  keys: readonly string[],
  weights: readonly number[] | null,
  minRingSize: number = ENVOY_RING_MIN_SIZE_DEFAULT,
  maxRingSize: number = ENVOY_RING_MAX_SIZE_DEFAULT,
): HashRing {
  if (minRingSize > maxRingSize) {
    throw new RangeError(`ring hash: minimum_ring_size (${minRingSize}) > maximum_ring_size (${maxRingSize})`);
  }
  const N = keys.length;
  const perHost = new Int32Array(N);
  if (N === 0) return { hashHi: new Uint32Array(0), hashLo: new Uint32Array(0), host: new Int32Array(0), perHost };
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const w = weights === null ? 1 : weights[i]!;
    if (!Number.isInteger(w) || w < 1) throw new RangeError(`ring hash: weights must be integers ≥ 1, got ${w}`);
    sum += w;
  }
  const nw: number[] = [];
  let minW = Infinity;
  for (let i = 0; i < N; i++) {
    const w = ((weights === null ? 1 : weights[i]!) * 1.0) / sum;
    nw.push(w);
    if (w < minW) minW = w;
  }
  const scale = Math.min(Math.ceil(minW * minRingSize) / minW, maxRingSize);
  const entries: { hi: number; lo: number; host: number; seq: number }[] = [];
  const H = new Uint32Array(2);
  let current = 0;
  let target = 0;
  for (let i = 0; i < N; i++) {
    target += scale * nw[i]!;
    let k = 0;
    while (current < target) {
      xxhash64Into(H, `${keys[i]!}_${k}`, 0, 0);
      entries.push({ hi: H[0]!, lo: H[1]!, host: i, seq: entries.length });
      k++;
      current++;
    }
    perHost[i] = k;
  }
  entries.sort((a, b) => a.hi - b.hi || a.lo - b.lo || a.seq - b.seq);
  const n = entries.length;
  const hashHi = new Uint32Array(n);
  const hashLo = new Uint32Array(n);
  const host = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const e = entries[j]!;
    hashHi[j] = e.hi;
    hashLo[j] = e.lo;
    host[j] = e.host;
  }
  return { hashHi, hashLo, host, perHost };
}

/** a < b for u64 given as (hi, lo) halves. */
function lt(ah: number, al: number, bh: number, bl: number): boolean {
  return ah < bh || (ah === bh && al < bl);
}

/**
 * Envoy Ring::chooseHost (first attempt): the ring position for request hash
 * (hi, lo), or −1 for an empty ring. Integer-only, no allocation.
 */
export function ringHashLookup(ring: HashRing, hi: number, lo: number): number {
  const size = ring.host.length;
  if (size === 0) return -1;
  const H = ring.hashHi;
  const L = ring.hashLo;
  let lowp = 0;
  let highp = size;
  let midp = 0;
  for (;;) {
    midp = Math.floor((lowp + highp) / 2);
    if (midp === size) {
      midp = 0;
      break;
    }
    const mh = H[midp]!;
    const ml = L[midp]!;
    const m1h = midp === 0 ? 0 : H[midp - 1]!;
    const m1l = midp === 0 ? 0 : L[midp - 1]!;
    // h <= midval && h > midval1
    if (!lt(mh, ml, hi, lo) && lt(m1h, m1l, hi, lo)) break;
    if (lt(mh, ml, hi, lo)) lowp = midp + 1;
    else highp = midp - 1;
    if (lowp > highp) {
      midp = 0;
      break;
    }
  }
  return midp;
}

/** The host index (into the build's keys) chosen for a 64-bit request hash. */
export function ringHashChoose(ring: HashRing, hash: bigint): number {
  const p = ringHashLookup(ring, Number((hash >> 32n) & 0xffffffffn), Number(hash & 0xffffffffn));
  return p < 0 ? -1 : ring.host[p]!;
}
