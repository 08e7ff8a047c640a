/**
 * MurmurHash3_x64_128 with a 32-bit seed, as Cilium's Maglev uses it
 * (cilium/cilium: pkg/murmur3/murmur3.go `Hash128(data, seed)`): h1 = h2 =
 * seed (zero-extended to u64), 16-byte blocks read little-endian, the
 * standard tail and fmix64 finalisation; returns (h1, h2).
 *
 * BigInt arithmetic: this runs at table-build time only (one call per backend
 * name per build), never per connection. Checked against the reference vector
 * "The quick brown fox jumps over the lazy dog", seed 0 → h1 0xe34bbc7bbc071b6c,
 * h2 0x7a433ca9c49a9347 (KUBE-FACTS §5.3), and Cilium's Maglev test counts.
 */
const MASK64 = 0xffffffffffffffffn;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

function rotl64(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK64;
}

function fmix64(k: bigint): bigint {
  k ^= k >> 33n;
  k = (k * 0xff51afd7ed558ccdn) & MASK64;
  k ^= k >> 33n;
  k = (k * 0xc4ceb9fe1a85ec53n) & MASK64;
  k ^= k >> 33n;
  return k;
}

function le64(b: Uint8Array, i: number): bigint {
  let lo = 0;
  let hi = 0;
  for (let j = 3; j >= 0; j--) {
    lo = lo * 256 + b[i + j]!;
    hi = hi * 256 + b[i + 4 + j]!;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** MurmurHash3_x64_128(data, seed) → [h1, h2] as unsigned 64-bit BigInts. */
export function murmur3x64_128(data: Uint8Array | string, seed: number): [bigint, bigint] {
  const b = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const len = b.length;
  let h1 = BigInt(seed >>> 0);
  let h2 = h1;
  const nblocks = len >>> 4;
  for (let i = 0; i < nblocks; i++) {
    let k1 = le64(b, i * 16);
    let k2 = le64(b, i * 16 + 8);
    k1 = (k1 * C1) & MASK64;
    k1 = rotl64(k1, 31n);
    k1 = (k1 * C2) & MASK64;
    h1 ^= k1;
    h1 = rotl64(h1, 27n);
    h1 = (h1 + h2) & MASK64;
    h1 = (h1 * 5n + 0x52dce729n) & MASK64;
    k2 = (k2 * C2) & MASK64;
    k2 = rotl64(k2, 33n);
    k2 = (k2 * C1) & MASK64;
    h2 ^= k2;
    h2 = rotl64(h2, 31n);
    h2 = (h2 + h1) & MASK64;
    h2 = (h2 * 5n + 0x38495ab5n) & MASK64;
  }
  const tail = nblocks * 16;
  const rem = len & 15;
  let k1 = 0n;
  let k2 = 0n;
  for (let j = rem - 1; j >= 8; j--) k2 |= BigInt(b[tail + j]!) << BigInt((j - 8) * 8);
  if (rem > 8) {
    k2 = (k2 * C2) & MASK64;
    k2 = rotl64(k2, 33n);
    k2 = (k2 * C1) & MASK64;
    h2 ^= k2;
  }
  for (let j = Math.min(rem, 8) - 1; j >= 0; j--) k1 |= BigInt(b[tail + j]!) << BigInt(j * 8);
  if (rem > 0) {
    k1 = (k1 * C1) & MASK64;
    k1 = rotl64(k1, 31n);
    k1 = (k1 * C2) & MASK64;
    h1 ^= k1;
  }
  const L = BigInt(len);
  h1 ^= L;
  h2 ^= L;
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  return [h1, h2];
}
