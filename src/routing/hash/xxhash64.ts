/**
 * xxHash64 (XXH64) with a 64-bit seed, as Envoy's `HashUtil::xxHash64(input,
 * seed)` computes it (envoyproxy/envoy: source/common/common/hash.h, which
 * calls `XXH64(input.data(), input.size(), seed)`). Envoy's Maglev and ring
 * hash hash host keys with it; its `source_ip` hash policy hashes the
 * downstream address string with it (seed 0; source/common/http/hash_policy.cc,
 * IpHashMethod: `HashUtil::xxHash64(downstream_ip->addressAsString())`).
 *
 * 32-bit arithmetic on (hi, lo) halves (./u64.ts), no BigInt: `xxhash64Into`
 * allocates nothing for ASCII strings. `xxhash64` wraps it for callers that
 * want a BigInt. Checked against xxHash's own sanity values (every length
 * branch, seeded and not) and Envoy's hash_test.cc in
 * test/hash-functions-match-published-vectors.
 */
import { R, add64, mul64, rotl64 } from './u64.js';

// The five primes as (hi, lo).
const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;

let buf: Uint8Array = new Uint8Array(256);
const encoder = new TextEncoder();

/** The bytes to hash (length = their .length, or `asciiLen` for the reused buffer): an ASCII string is copied into a reused buffer; anything else is UTF-8 encoded. */
let asciiLen = 0;
function bytesOf(data: Uint8Array | string): Uint8Array {
  if (typeof data !== 'string') return data;
  const n = data.length;
  if (n > buf.length) buf = new Uint8Array(Math.max(n, buf.length * 2));
  for (let i = 0; i < n; i++) {
    const c = data.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(data);
    buf[i] = c;
  }
  asciiLen = n;
  return buf;
}

function le32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

// round(acc, input) = rotl(acc + input·P2, 31)·P1 → R
function round(ah: number, al: number, ih: number, il: number): void {
  mul64(ih, il, P2H, P2L);
  add64(ah, al, R[0]!, R[1]!);
  rotl64(R[0]!, R[1]!, 31);
  mul64(R[0]!, R[1]!, P1H, P1L);
}

/** XXH64(data, seed) → out[0] = high 32 bits, out[1] = low 32 bits. */
export function xxhash64Into(out: Uint32Array, data: Uint8Array | string, seedHi = 0, seedLo = 0): void {
  const b = bytesOf(data);
  const len = b === buf ? asciiLen : b.length;
  let i = 0;
  let hh: number, hl: number;
  if (len >= 32) {
    add64(seedHi, seedLo, P1H, P1L);
    add64(R[0]!, R[1]!, P2H, P2L);
    let v1h = R[0]!, v1l = R[1]!;
    add64(seedHi, seedLo, P2H, P2L);
    let v2h = R[0]!, v2l = R[1]!;
    let v3h = seedHi >>> 0, v3l = seedLo >>> 0;
    // seed − P1 = seed + (2^64 − P1) = seed + (~P1H : ~P1L + 1); P1L ≠ 0, so ~P1L + 1 does not carry.
    add64(seedHi, seedLo, ~P1H >>> 0, ((~P1L >>> 0) + 1) >>> 0);
    let v4h = R[0]!, v4l = R[1]!;
    for (; i + 32 <= len; i += 32) {
      round(v1h, v1l, le32(b, i + 4), le32(b, i)); v1h = R[0]!; v1l = R[1]!;
      round(v2h, v2l, le32(b, i + 12), le32(b, i + 8)); v2h = R[0]!; v2l = R[1]!;
      round(v3h, v3l, le32(b, i + 20), le32(b, i + 16)); v3h = R[0]!; v3l = R[1]!;
      round(v4h, v4l, le32(b, i + 28), le32(b, i + 24)); v4h = R[0]!; v4l = R[1]!;
    }
    rotl64(v1h, v1l, 1); hh = R[0]!; hl = R[1]!;
    rotl64(v2h, v2l, 7); add64(hh, hl, R[0]!, R[1]!); hh = R[0]!; hl = R[1]!;
    rotl64(v3h, v3l, 12); add64(hh, hl, R[0]!, R[1]!); hh = R[0]!; hl = R[1]!;
    rotl64(v4h, v4l, 18); add64(hh, hl, R[0]!, R[1]!); hh = R[0]!; hl = R[1]!;
    const vs = [v1h, v1l, v2h, v2l, v3h, v3l, v4h, v4l];
    for (let k = 0; k < 8; k += 2) {
      // mergeRound: h ^= round(0, v); h = h·P1 + P4
      round(0, 0, vs[k]!, vs[k + 1]!);
      hh = (hh ^ R[0]!) >>> 0;
      hl = (hl ^ R[1]!) >>> 0;
      mul64(hh, hl, P1H, P1L);
      add64(R[0]!, R[1]!, P4H, P4L);
      hh = R[0]!; hl = R[1]!;
    }
  } else {
    add64(seedHi, seedLo, P5H, P5L);
    hh = R[0]!; hl = R[1]!;
  }
  add64(hh, hl, 0, len);
  hh = R[0]!; hl = R[1]!;
  for (; i + 8 <= len; i += 8) {
    round(0, 0, le32(b, i + 4), le32(b, i));
    hh = (hh ^ R[0]!) >>> 0;
    hl = (hl ^ R[1]!) >>> 0;
    rotl64(hh, hl, 27);
    mul64(R[0]!, R[1]!, P1H, P1L);
    add64(R[0]!, R[1]!, P4H, P4L);
    hh = R[0]!; hl = R[1]!;
  }
  if (i + 4 <= len) {
    mul64(0, le32(b, i), P1H, P1L);
    hh = (hh ^ R[0]!) >>> 0;
    hl = (hl ^ R[1]!) >>> 0;
    rotl64(hh, hl, 23);
    mul64(R[0]!, R[1]!, P2H, P2L);
    add64(R[0]!, R[1]!, P3H, P3L);
    hh = R[0]!; hl = R[1]!;
    i += 4;
  }
  for (; i < len; i++) {
    mul64(0, b[i]!, P5H, P5L);
    hh = (hh ^ R[0]!) >>> 0;
    hl = (hl ^ R[1]!) >>> 0;
    rotl64(hh, hl, 11);
    mul64(R[0]!, R[1]!, P1H, P1L);
    hh = R[0]!; hl = R[1]!;
  }
  // avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
  hl = (hl ^ (hh >>> 1)) >>> 0;
  mul64(hh, hl, P2H, P2L);
  hh = R[0]!; hl = R[1]!;
  hl = (hl ^ ((hl >>> 29) | (hh << 3))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  mul64(hh, hl, P3H, P3L);
  hh = R[0]!; hl = R[1]!;
  hl = (hl ^ hh) >>> 0;
  out[0] = hh;
  out[1] = hl;
}

const OUT = new Uint32Array(2);

/** XXH64(data, seed) as an unsigned 64-bit BigInt. Strings are hashed as UTF-8. */
export function xxhash64(data: Uint8Array | string, seed: bigint = 0n): bigint {
  const s = BigInt.asUintN(64, seed);
  xxhash64Into(OUT, data, Number(s >> 32n), Number(s & 0xffffffffn));
  return (BigInt(OUT[0]!) << 32n) | BigInt(OUT[1]!);
}
