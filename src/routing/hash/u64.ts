/**
 * 64-bit unsigned arithmetic on (hi, lo) u32 halves, for hashes that must run
 * without BigInt (one hash per table entry at build time, or per client).
 * Results land in the module's `R` pair (R[0] = hi, R[1] = lo); no allocation.
 */
export const R = new Uint32Array(2);

/** (ah:al) · (bh:bl) mod 2^64 → R. */
export function mul64(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  R[1] = ((mid & 0xffff) << 16) | (p00 & 0xffff);
  R[0] = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** (ah:al) + (bh:bl) mod 2^64 → R. */
export function add64(ah: number, al: number, bh: number, bl: number): void {
  const lo = (al >>> 0) + (bl >>> 0);
  R[1] = lo;
  R[0] = ah + bh + (lo > 0xffffffff ? 1 : 0);
}

/** rotl64((h:l), r) for 0 < r < 64 → R. */
export function rotl64(h: number, l: number, r: number): void {
  if (r === 32) {
    R[0] = l;
    R[1] = h;
  } else if (r < 32) {
    R[0] = (h << r) | (l >>> (32 - r));
    R[1] = (l << r) | (h >>> (32 - r));
  } else {
    const s = r - 32;
    R[0] = (l << s) | (h >>> (32 - s));
    R[1] = (h << s) | (l >>> (32 - s));
  }
}

/** (h:l) mod m for an integer 1 ≤ m ≤ 2^21 · 2^(32−21)… exact while (m−1)² < 2^53, i.e. m < 9.4e7. */
export function mod64(h: number, l: number, m: number): number {
  return (((h >>> 0) % m) * (4294967296 % m) + ((l >>> 0) % m)) % m;
}
