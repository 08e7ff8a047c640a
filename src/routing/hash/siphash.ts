/**
 * The Linux kernel's `hsiphash` on a 64-bit kernel, as IPVS's Maglev scheduler
 * (net/netfilter/ipvs/ip_vs_mh.c) calls it.
 *
 * Source: torvalds/linux: lib/siphash.c. On `BITS_PER_LONG == 64` the kernel
 * makes "HalfSipHash1-3 actually be SipHash1-3, for performance reasons":
 * `hsiphash_key_t` is two `unsigned long` (u64) words, the state is four u64,
 * one SIPROUND per 8-byte block (c = 1), three after the length byte (d = 3),
 * and the result is the u64 `(v0 ^ v1) ^ (v2 ^ v3)` truncated to u32 (the
 * function returns u32). Input words are read little-endian; the last, partial
 * block carries the length in its top byte (`b = len << 56`).
 *
 * ip_vs_mh.c hashes one u32 `v = offset + ntohs(port) + ntohl(addr)` with
 * `hsiphash(&v, sizeof(v), key)` — 4 bytes, so only the final block, `b =
 * (4 << 56) | v` (v's bytes in host order = little-endian on x86/arm64).
 *
 * Everything here runs on 32-bit halves (hi, lo) in locals: no BigInt, no
 * allocation; `hsiphash1u32` is a hot-path lookup (one call per new connection).
 * Checked against the kernel's own KUnit vectors (lib/siphash_kunit.c,
 * `test_vectors_hsiphash` for 64-bit) in test/hash-functions-match-published-vectors.
 */

/** A 64-bit key word as two u32 halves. */
export interface SipKey {
  readonly k0hi: number;
  readonly k0lo: number;
  readonly k1hi: number;
  readonly k1lo: number;
}

/** Key from two u64 words given as BigInt (set-up time only). */
export function sipKey(k0: bigint, k1: bigint): SipKey {
  return {
    k0hi: Number((k0 >> 32n) & 0xffffffffn),
    k0lo: Number(k0 & 0xffffffffn),
    k1hi: Number((k1 >> 32n) & 0xffffffffn),
    k1lo: Number(k1 & 0xffffffffn),
  };
}

// The state lives in module-level locals between rounds: SIPROUND is inlined
// by hand into one function that takes the state in these variables.
let v0h = 0, v0l = 0, v1h = 0, v1l = 0, v2h = 0, v2l = 0, v3h = 0, v3l = 0;

/** One SIPROUND (lib/siphash.c):
 *  v0 += v1; v1 = rol64(v1, 13); v1 ^= v0; v0 = rol64(v0, 32);
 *  v2 += v3; v3 = rol64(v3, 16); v3 ^= v2;
 *  v0 += v3; v3 = rol64(v3, 21); v3 ^= v0;
 *  v2 += v1; v1 = rol64(v1, 17); v1 ^= v2; v2 = rol64(v2, 32); */
function sipround(): void {
  let lo: number, hi: number, t: number;
  // v0 += v1
  lo = (v0l >>> 0) + (v1l >>> 0);
  v0h = (v0h + v1h + (lo > 0xffffffff ? 1 : 0)) | 0;
  v0l = lo | 0;
  // v1 = rol64(v1, 13)
  hi = (v1h << 13) | (v1l >>> 19);
  lo = (v1l << 13) | (v1h >>> 19);
  // v1 ^= v0
  v1h = hi ^ v0h;
  v1l = lo ^ v0l;
  // v0 = rol64(v0, 32)
  t = v0h; v0h = v0l; v0l = t;
  // v2 += v3
  lo = (v2l >>> 0) + (v3l >>> 0);
  v2h = (v2h + v3h + (lo > 0xffffffff ? 1 : 0)) | 0;
  v2l = lo | 0;
  // v3 = rol64(v3, 16); v3 ^= v2
  hi = (v3h << 16) | (v3l >>> 16);
  lo = (v3l << 16) | (v3h >>> 16);
  v3h = hi ^ v2h;
  v3l = lo ^ v2l;
  // v0 += v3
  lo = (v0l >>> 0) + (v3l >>> 0);
  v0h = (v0h + v3h + (lo > 0xffffffff ? 1 : 0)) | 0;
  v0l = lo | 0;
  // v3 = rol64(v3, 21); v3 ^= v0
  hi = (v3h << 21) | (v3l >>> 11);
  lo = (v3l << 21) | (v3h >>> 11);
  v3h = hi ^ v0h;
  v3l = lo ^ v0l;
  // v2 += v1
  lo = (v2l >>> 0) + (v1l >>> 0);
  v2h = (v2h + v1h + (lo > 0xffffffff ? 1 : 0)) | 0;
  v2l = lo | 0;
  // v1 = rol64(v1, 17); v1 ^= v2
  hi = (v1h << 17) | (v1l >>> 15);
  lo = (v1l << 17) | (v1h >>> 15);
  v1h = hi ^ v2h;
  v1l = lo ^ v2l;
  // v2 = rol64(v2, 32)
  t = v2h; v2h = v2l; v2l = t;
}

/** PREAMBLE: the SipHash constants XORed with the key. */
function preamble(k: SipKey): void {
  v0h = 0x736f6d65 ^ k.k0hi; v0l = 0x70736575 ^ k.k0lo;
  v1h = 0x646f7261 ^ k.k1hi; v1l = 0x6e646f6d ^ k.k1lo;
  v2h = 0x6c796765 ^ k.k0hi; v2l = 0x6e657261 ^ k.k0lo;
  v3h = 0x74656462 ^ k.k1hi; v3l = 0x79746573 ^ k.k1lo;
}

/** HPOSTAMBLE with the final block b = (bh, bl); returns the u32 result. */
function postamble(bh: number, bl: number): number {
  v3h ^= bh; v3l ^= bl;
  sipround();
  v0h ^= bh; v0l ^= bl;
  v2l ^= 0xff;
  sipround();
  sipround();
  sipround();
  // (v0 ^ v1) ^ (v2 ^ v3), truncated to u32: only the low halves matter.
  return (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
}

/** `hsiphash_1u32(first, key)` on 64-bit, = `hsiphash(&v, 4, key)`. No allocation. */
export function hsiphash1u32(first: number, k: SipKey): number {
  preamble(k);
  return postamble(4 << 24, first | 0);
}

/** `hsiphash(data, len, key)` on 64-bit over bytes (for vectors; set-up time). */
export function hsiphashBytes(data: Uint8Array, k: SipKey): number {
  const len = data.length;
  preamble(k);
  const end = len - (len % 8);
  for (let i = 0; i < end; i += 8) {
    const ml = (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)) | 0;
    const mh = (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24)) | 0;
    v3h ^= mh; v3l ^= ml;
    sipround();
    v0h ^= mh; v0l ^= ml;
  }
  let bh = (len & 0xff) << 24;
  let bl = 0;
  for (let j = len - 1; j >= end; j--) {
    const byte = data[j]!;
    const shift = (j - end) * 8;
    if (shift < 32) bl |= byte << shift;
    else bh |= byte << (shift - 32);
  }
  return postamble(bh | 0, bl | 0);
}

/** The keys of ip_vs_mh.c `generate_hash_secret`: each u64 word = 2654435761 / 2654446892. */
export const IPVS_MH_KEY1: SipKey = sipKey(2654435761n, 2654435761n);
export const IPVS_MH_KEY2: SipKey = sipKey(2654446892n, 2654446892n);

/**
 * ip_vs_mh.c `ip_vs_mh_hashkey` for IPv4: hsiphash of the u32
 * `offset + ntohs(port) + ntohl(addr)` (u32 wrap-around). `addr` is the
 * address as a host-order u32 (10.0.0.1 → 0x0a000001), `port` a number.
 */
export function ipvsMhHashKey(addr: number, port: number, key: SipKey, offset: number): number {
  return hsiphash1u32((offset + port + addr) >>> 0, key);
}
