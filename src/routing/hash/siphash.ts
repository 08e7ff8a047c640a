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
 * Everything here runs on 32-bit halves (hi, lo): no BigInt after `sipKey`,
 * no allocation. `hsiphash1u32` is the hot-path lookup (one call per new
 * connection): the whole hash in one function on locals, the key-only part
 * precomputed in the key; `hsiphashBytes` (vectors, table set-up) keeps its
 * state in a scratch Int32Array.
 * Checked against the kernel's own KUnit vectors (lib/siphash_kunit.c,
 * `test_vectors_hsiphash` for 64-bit) in test/hash-functions-match-published-vectors.
 */

/**
 * A key: its two u64 words as u32 halves, and what depends on the key alone,
 * computed once by `sipKey`: the state after PREAMBLE (v2, v3) and v0, v1
 * after the first half of the first SIPROUND (`v0 += v1; v1 = rol64(v1, 13);
 * v1 ^= v0; v0 = rol64(v0, 32)` reads no message word — the first block only
 * enters v3 before it).
 */
export interface SipKey {
  readonly k0hi: number;
  readonly k0lo: number;
  readonly k1hi: number;
  readonly k1lo: number;
  /** v0, v1 after the first half-round; v2, v3 after PREAMBLE (int32 halves). */
  readonly r0h: number;
  readonly r0l: number;
  readonly r1h: number;
  readonly r1l: number;
  readonly p2h: number;
  readonly p2l: number;
  readonly p3h: number;
  readonly p3l: number;
}

const M64 = 0xffffffffffffffffn;
const rol64 = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const hi32 = (x: bigint): number => Number((x >> 32n) & 0xffffffffn) | 0;
const lo32 = (x: bigint): number => Number(x & 0xffffffffn) | 0;

/** Key from two u64 words given as BigInt (set-up time only). */
export function sipKey(k0: bigint, k1: bigint): SipKey {
  k0 &= M64;
  k1 &= M64;
  // PREAMBLE (lib/siphash.c): the SipHash constants XORed with the key
  let v0 = 0x736f6d6570736575n ^ k0;
  let v1 = 0x646f72616e646f6dn ^ k1;
  const v2 = 0x6c7967656e657261n ^ k0;
  const v3 = 0x7465646279746573n ^ k1;
  // the first SIPROUND's v0/v1 half
  v0 = (v0 + v1) & M64;
  v1 = rol64(v1, 13n) ^ v0;
  v0 = rol64(v0, 32n);
  return {
    k0hi: hi32(k0) >>> 0,
    k0lo: lo32(k0) >>> 0,
    k1hi: hi32(k1) >>> 0,
    k1lo: lo32(k1) >>> 0,
    r0h: hi32(v0),
    r0l: lo32(v0),
    r1h: hi32(v1),
    r1l: lo32(v1),
    p2h: hi32(v2),
    p2l: lo32(v2),
    p3h: hi32(v3),
    p3l: lo32(v3),
  };
}

/**
 * `hsiphash_1u32(first, key)` on 64-bit, = `hsiphash(&v, 4, key)`: one final
 * block b = (4 << 56) | first, then HPOSTAMBLE. The whole hash in this one
 * function on int32 locals; the key-only part of the first round comes
 * precomputed in `k`. A 64-bit add is two int32 adds and the carry out of
 * the low halves, `+(sum <u a)`: a number from a boolean compiles to a
 * set-on-compare (`cond ? 1 : 0` compiles to a branch, which the random
 * carries mispredict: twice the time). rol64 by 32 swaps the halves. No
 * allocation.
 */
export function hsiphash1u32(first: number, k: SipKey): number {
  return hsiphash1u32Mod(first, k, 0);
}

/**
 * `hsiphash1u32(first, k) % M` for 0 < M < 2^32 (M = 0: the hash itself),
 * the remainder taken inside: a small integer comes back as a Smi, where a
 * u32 ≥ 2^30 returned from a call that is not inlined (this one is too large
 * to be) is boxed into a fresh HeapNumber — an allocation per lookup.
 */
export function hsiphash1u32Mod(first: number, k: SipKey, M: number): number {
  const bh = 4 << 24;
  const bl = first | 0;
  let v0h = k.r0h, v0l = k.r0l, v1h = k.r1h, v1l = k.r1l;
  let v2h = k.p2h, v2l = k.p2l;
  let v3h = k.p3h ^ bh, v3l = k.p3l ^ bl; // v3 ^= b
  let lo: number, hi: number, t: number;
  // rest of the first SIPROUND: v2 += v3; v3 = rol64(v3, 16) ^ v2;
  // v0 += v3; v3 = rol64(v3, 21) ^ v0; v2 += v1; v1 = rol64(v1, 17) ^ v2; v2 = rol64(v2, 32)
  lo = (v2l + v3l) | 0; v2h = (v2h + v3h + +((lo >>> 0) < (v2l >>> 0))) | 0; v2l = lo;
  hi = (v3h << 16) | (v3l >>> 16); lo = (v3l << 16) | (v3h >>> 16); v3h = hi ^ v2h; v3l = lo ^ v2l;
  lo = (v0l + v3l) | 0; v0h = (v0h + v3h + +((lo >>> 0) < (v0l >>> 0))) | 0; v0l = lo;
  hi = (v3h << 21) | (v3l >>> 11); lo = (v3l << 21) | (v3h >>> 11); v3h = hi ^ v0h; v3l = lo ^ v0l;
  lo = (v2l + v1l) | 0; v2h = (v2h + v1h + +((lo >>> 0) < (v2l >>> 0))) | 0; v2l = lo;
  hi = (v1h << 17) | (v1l >>> 15); lo = (v1l << 17) | (v1h >>> 15); v1h = hi ^ v2h; v1l = lo ^ v2l;
  t = v2h; v2h = v2l; v2l = t;
  v0h ^= bh; v0l ^= bl; // v0 ^= b
  v2l ^= 0xff; // v2 ^= 0xff
  // three SIPROUNDs (d = 3)
  for (let r = 0; r < 3; r++) {
    lo = (v0l + v1l) | 0; v0h = (v0h + v1h + +((lo >>> 0) < (v0l >>> 0))) | 0; v0l = lo;
    hi = (v1h << 13) | (v1l >>> 19); lo = (v1l << 13) | (v1h >>> 19); v1h = hi ^ v0h; v1l = lo ^ v0l;
    t = v0h; v0h = v0l; v0l = t;
    lo = (v2l + v3l) | 0; v2h = (v2h + v3h + +((lo >>> 0) < (v2l >>> 0))) | 0; v2l = lo;
    hi = (v3h << 16) | (v3l >>> 16); lo = (v3l << 16) | (v3h >>> 16); v3h = hi ^ v2h; v3l = lo ^ v2l;
    lo = (v0l + v3l) | 0; v0h = (v0h + v3h + +((lo >>> 0) < (v0l >>> 0))) | 0; v0l = lo;
    hi = (v3h << 21) | (v3l >>> 11); lo = (v3l << 21) | (v3h >>> 11); v3h = hi ^ v0h; v3l = lo ^ v0l;
    lo = (v2l + v1l) | 0; v2h = (v2h + v1h + +((lo >>> 0) < (v2l >>> 0))) | 0; v2l = lo;
    hi = (v1h << 17) | (v1l >>> 15); lo = (v1l << 17) | (v1h >>> 15); v1h = hi ^ v2h; v1l = lo ^ v2l;
    t = v2h; v2h = v2l; v2l = t;
  }
  // (v0 ^ v1) ^ (v2 ^ v3), truncated to u32: only the low halves matter.
  const h = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  // An unsigned integer remainder (both operands `>>> 0`; `%` on doubles is a
  // call to fmod); by the literal IPVS_MH_TAB_SIZE it compiles to a multiply
  // and shifts instead of a `div` (~10 ns here).
  if (M === IPVS_MH_TAB_SIZE) return h % 4093;
  return M === 0 ? h : h % (M >>> 0);
}

/** One SIPROUND on a state [v0h, v0l, v1h, v1l, v2h, v2l, v3h, v3l] (the byte path only). */
function sipround(s: Int32Array): void {
  let lo: number, hi: number, t: number;
  lo = (s[1]! + s[3]!) | 0; s[0] = (s[0]! + s[2]! + ((lo >>> 0) < (s[1]! >>> 0) ? 1 : 0)) | 0; s[1] = lo;
  hi = (s[2]! << 13) | (s[3]! >>> 19); lo = (s[3]! << 13) | (s[2]! >>> 19); s[2] = hi ^ s[0]!; s[3] = lo ^ s[1]!;
  t = s[0]!; s[0] = s[1]!; s[1] = t;
  lo = (s[5]! + s[7]!) | 0; s[4] = (s[4]! + s[6]! + ((lo >>> 0) < (s[5]! >>> 0) ? 1 : 0)) | 0; s[5] = lo;
  hi = (s[6]! << 16) | (s[7]! >>> 16); lo = (s[7]! << 16) | (s[6]! >>> 16); s[6] = hi ^ s[4]!; s[7] = lo ^ s[5]!;
  lo = (s[1]! + s[7]!) | 0; s[0] = (s[0]! + s[6]! + ((lo >>> 0) < (s[1]! >>> 0) ? 1 : 0)) | 0; s[1] = lo;
  hi = (s[6]! << 21) | (s[7]! >>> 11); lo = (s[7]! << 21) | (s[6]! >>> 11); s[6] = hi ^ s[0]!; s[7] = lo ^ s[1]!;
  lo = (s[5]! + s[3]!) | 0; s[4] = (s[4]! + s[2]! + ((lo >>> 0) < (s[5]! >>> 0) ? 1 : 0)) | 0; s[5] = lo;
  hi = (s[2]! << 17) | (s[3]! >>> 15); lo = (s[3]! << 17) | (s[2]! >>> 15); s[2] = hi ^ s[4]!; s[3] = lo ^ s[5]!;
  t = s[4]!; s[4] = s[5]!; s[5] = t;
}

/** Scratch state of the byte path. */
const S = new Int32Array(8);

/** `hsiphash(data, len, key)` on 64-bit over bytes (for vectors and tables; set-up time, state in a scratch array). */
export function hsiphashBytes(data: Uint8Array, k: SipKey): number {
  const len = data.length;
  const s = S;
  // PREAMBLE
  s[0] = 0x736f6d65 ^ k.k0hi; s[1] = 0x70736575 ^ k.k0lo;
  s[2] = 0x646f7261 ^ k.k1hi; s[3] = 0x6e646f6d ^ k.k1lo;
  s[4] = 0x6c796765 ^ k.k0hi; s[5] = 0x6e657261 ^ k.k0lo;
  s[6] = 0x74656462 ^ k.k1hi; s[7] = 0x79746573 ^ k.k1lo;
  const end = len - (len % 8);
  for (let i = 0; i < end; i += 8) {
    const ml = (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)) | 0;
    const mh = (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24)) | 0;
    s[6] ^= mh; s[7] ^= ml;
    sipround(s);
    s[0] ^= mh; s[1] ^= ml;
  }
  // HPOSTAMBLE: the last, partial block with the length in its top byte
  let bh = (len & 0xff) << 24;
  let bl = 0;
  for (let j = len - 1; j >= end; j--) {
    const byte = data[j]!;
    const shift = (j - end) * 8;
    if (shift < 32) bl |= byte << shift;
    else bh |= byte << (shift - 32);
  }
  s[6] ^= bh; s[7] ^= bl;
  sipround(s);
  s[0] ^= bh; s[1] ^= bl;
  s[5] ^= 0xff;
  sipround(s);
  sipround(s);
  sipround(s);
  return (s[1]! ^ s[3]! ^ s[5]! ^ s[7]!) >>> 0;
}

/**
 * ip_vs_mh.c's default lookup-table size: IP_VS_MH_TAB_SIZE =
 * primes[CONFIG_IP_VS_MH_TAB_INDEX − 8] = 4093 with the default index 12
 * (maglev.ts IPVS_MH_DEFAULT_SIZE is this).
 */
export const IPVS_MH_TAB_SIZE = 4093;

/** The keys of ip_vs_mh.c `generate_hash_secret`: each u64 word = 2654435761 / 2654446892. */
export const IPVS_MH_KEY1: SipKey = sipKey(2654435761n, 2654435761n);
export const IPVS_MH_KEY2: SipKey = sipKey(2654446892n, 2654446892n);

/**
 * ip_vs_mh.c `ip_vs_mh_hashkey` for IPv4: hsiphash of the u32
 * `offset + ntohs(port) + ntohl(addr)` (u32 wrap-around). `addr` is the
 * address as a host-order u32 (10.0.0.1 → 0x0a000001), `port` a number.
 */
export function ipvsMhHashKey(addr: number, port: number, key: SipKey, offset: number): number {
  return hsiphash1u32Mod((offset + port + addr) >>> 0, key, 0);
}

/** `ipvsMhHashKey(addr, port, key, offset) % M` (0 < M < 2^32) without boxing the hash: the hot-path form. */
export function ipvsMhHashKeyMod(addr: number, port: number, key: SipKey, offset: number, M: number): number {
  return hsiphash1u32Mod((offset + port + addr) >>> 0, key, M);
}
