/**
 * MurmurHash3_x64_128 with a 32-bit seed, as Cilium's Maglev uses it
 * (cilium/cilium: pkg/murmur3/murmur3.go `Hash128(data, seed)`): h1 = h2 =
 * seed (zero-extended to u64), 16-byte blocks read little-endian, the
 * standard tail and fmix64 finalisation; returns (h1, h2).
 *
 * 32-bit arithmetic on (hi, lo) halves (./u64.ts), no BigInt; `murmur3Into`
 * writes [h1hi, h1lo, h2hi, h2lo]. Checked against the reference vector
 * "The quick brown fox jumps over the lazy dog", seed 0 → h1 0xe34bbc7bbc071b6c,
 * h2 0x7a433ca9c49a9347 (KUBE-FACTS §5.3), and Cilium's Maglev test counts.
 */
import { R, add64, mul64, rotl64 } from './u64.js';

const C1H = 0x87c37b91, C1L = 0x114253d5;
const C2H = 0x4cf5ad43, C2L = 0x2745937f;
const encoder = new TextEncoder();

function le32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** fmix64 of (h, l) → R. */
function fmix64(h: number, l: number): void {
  l = (l ^ (h >>> 1)) >>> 0; // k ^= k >> 33
  mul64(h, l, 0xff51afd7, 0xed558ccd);
  h = R[0]!; l = R[1]!;
  l = (l ^ (h >>> 1)) >>> 0;
  mul64(h, l, 0xc4ceb9fe, 0x1a85ec53);
  h = R[0]!; l = R[1]!;
  l = (l ^ (h >>> 1)) >>> 0;
  R[0] = h;
  R[1] = l;
}

/** k1 mix: k1·C1, rotl 31, ·C2 → R. */
function mixK1(h: number, l: number): void {
  mul64(h, l, C1H, C1L);
  rotl64(R[0]!, R[1]!, 31);
  mul64(R[0]!, R[1]!, C2H, C2L);
}

/** k2 mix: k2·C2, rotl 33, ·C1 → R. */
function mixK2(h: number, l: number): void {
  mul64(h, l, C2H, C2L);
  rotl64(R[0]!, R[1]!, 33);
  mul64(R[0]!, R[1]!, C1H, C1L);
}

/** MurmurHash3_x64_128(data, seed) → out = [h1 hi, h1 lo, h2 hi, h2 lo]. */
export function murmur3Into(out: Uint32Array, data: Uint8Array | string, seed: number): void {
  const b = typeof data === 'string' ? encoder.encode(data) : data;
  const len = b.length;
  let h1h = 0, h1l = seed >>> 0, h2h = 0, h2l = seed >>> 0;
  const nblocks = len >>> 4;
  for (let i = 0; i < nblocks; i++) {
    const o = i * 16;
    mixK1(le32(b, o + 4), le32(b, o));
    h1h = (h1h ^ R[0]!) >>> 0; h1l = (h1l ^ R[1]!) >>> 0;
    rotl64(h1h, h1l, 27);
    add64(R[0]!, R[1]!, h2h, h2l);
    mul64(R[0]!, R[1]!, 0, 5);
    add64(R[0]!, R[1]!, 0, 0x52dce729);
    h1h = R[0]!; h1l = R[1]!;
    mixK2(le32(b, o + 12), le32(b, o + 8));
    h2h = (h2h ^ R[0]!) >>> 0; h2l = (h2l ^ R[1]!) >>> 0;
    rotl64(h2h, h2l, 31);
    add64(R[0]!, R[1]!, h1h, h1l);
    mul64(R[0]!, R[1]!, 0, 5);
    add64(R[0]!, R[1]!, 0, 0x38495ab5);
    h2h = R[0]!; h2l = R[1]!;
  }
  const tail = nblocks * 16;
  const rem = len & 15;
  if (rem > 8) {
    let kh = 0, kl = 0;
    for (let j = rem - 1; j >= 8; j--) {
      const sh = (j - 8) * 8;
      if (sh < 32) kl |= b[tail + j]! << sh;
      else kh |= b[tail + j]! << (sh - 32);
    }
    mixK2(kh >>> 0, kl >>> 0);
    h2h = (h2h ^ R[0]!) >>> 0; h2l = (h2l ^ R[1]!) >>> 0;
  }
  if (rem > 0) {
    let kh = 0, kl = 0;
    for (let j = Math.min(rem, 8) - 1; j >= 0; j--) {
      const sh = j * 8;
      if (sh < 32) kl |= b[tail + j]! << sh;
      else kh |= b[tail + j]! << (sh - 32);
    }
    mixK1(kh >>> 0, kl >>> 0);
    h1h = (h1h ^ R[0]!) >>> 0; h1l = (h1l ^ R[1]!) >>> 0;
  }
  h1l = (h1l ^ len) >>> 0;
  h2l = (h2l ^ len) >>> 0;
  add64(h1h, h1l, h2h, h2l); h1h = R[0]!; h1l = R[1]!;
  add64(h2h, h2l, h1h, h1l); h2h = R[0]!; h2l = R[1]!;
  fmix64(h1h, h1l); h1h = R[0]!; h1l = R[1]!;
  fmix64(h2h, h2l); h2h = R[0]!; h2l = R[1]!;
  add64(h1h, h1l, h2h, h2l); h1h = R[0]!; h1l = R[1]!;
  add64(h2h, h2l, h1h, h1l); h2h = R[0]!; h2l = R[1]!;
  out[0] = h1h; out[1] = h1l; out[2] = h2h; out[3] = h2l;
}

const OUT = new Uint32Array(4);

/** MurmurHash3_x64_128(data, seed) → [h1, h2] as unsigned 64-bit BigInts (wrapper for tests and tools). */
export function murmur3x64_128(data: Uint8Array | string, seed: number): [bigint, bigint] {
  murmur3Into(OUT, data, seed);
  return [(BigInt(OUT[0]!) << 32n) | BigInt(OUT[1]!), (BigInt(OUT[2]!) << 32n) | BigInt(OUT[3]!)];
}
