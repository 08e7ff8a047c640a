/**
 * xxHash64 (XXH64) with a 64-bit seed, as Envoy's `HashUtil::xxHash64(input,
 * seed)` computes it (envoyproxy/envoy: source/common/common/hash.h, which
 * calls `XXH64(input.data(), input.size(), seed)`). Envoy's Maglev and ring
 * hash hash host keys with it; its `source_ip` hash policy hashes the
 * downstream address string with it (seed 0).
 *
 * BigInt arithmetic: build-time and once-per-client use only (a client's hash
 * is computed once and cached by its caller), never per request. Checked
 * against xxHash's published values for "" and "abc" (seed 0) and Envoy's
 * hash_test.cc values in test/hash-functions-match-published-vectors.
 */
const MASK64 = 0xffffffffffffffffn;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK64;
}

function round(acc: bigint, input: bigint): bigint {
  acc = (acc + input * P2) & MASK64;
  acc = rotl(acc, 31n);
  return (acc * P1) & MASK64;
}

function mergeRound(acc: bigint, val: bigint): bigint {
  acc ^= round(0n, val);
  return (acc * P1 + P4) & MASK64;
}

function le(b: Uint8Array, i: number, n: number): bigint {
  let lo = 0;
  let hi = 0;
  for (let j = Math.min(n, 4) - 1; j >= 0; j--) lo = lo * 256 + b[i + j]!;
  for (let j = n - 1; j >= 4; j--) hi = hi * 256 + b[i + j]!;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

const encoder = new TextEncoder();

/** XXH64(data, seed) as an unsigned 64-bit BigInt. Strings are hashed as UTF-8. */
export function xxhash64(data: Uint8Array | string, seed: bigint = 0n): bigint {
  const b = typeof data === 'string' ? encoder.encode(data) : data;
  const len = b.length;
  let i = 0;
  let h: bigint;
  seed &= MASK64;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & MASK64;
    let v2 = (seed + P2) & MASK64;
    let v3 = seed;
    let v4 = (seed - P1) & MASK64;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, le(b, i, 8));
      v2 = round(v2, le(b, i + 8, 8));
      v3 = round(v3, le(b, i + 16, 8));
      v4 = round(v4, le(b, i + 24, 8));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK64;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = (seed + P5) & MASK64;
  }
  h = (h + BigInt(len)) & MASK64;
  for (; i + 8 <= len; i += 8) {
    h ^= round(0n, le(b, i, 8));
    h = (rotl(h, 27n) * P1 + P4) & MASK64;
  }
  if (i + 4 <= len) {
    h ^= (le(b, i, 4) * P1) & MASK64;
    h = (rotl(h, 23n) * P2 + P3) & MASK64;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= (BigInt(b[i]!) * P5) & MASK64;
    h = (rotl(h, 11n) * P1) & MASK64;
  }
  h ^= h >> 33n;
  h = (h * P2) & MASK64;
  h ^= h >> 29n;
  h = (h * P3) & MASK64;
  h ^= h >> 32n;
  return h;
}
