/**
 * Bob Jenkins' lookup3 `jhash_3words`, as Cilium's datapath carries it
 * (cilium/cilium: bpf/lib/jhash.h, a copy of the kernel's include/linux/jhash.h):
 * a = a + iv, b = b + iv, c = c + iv with iv = initval + 0xdeadbeef + (3 << 2),
 * then __jhash_final; returns c. 32-bit integer arithmetic only (hot path).
 */
function rol32(w: number, s: number): number {
  return (w << s) | (w >>> (32 - s));
}

export function jhash3words(a: number, b: number, c: number, initval: number): number {
  const iv = (initval + 0xdeadbeef + 12) | 0;
  a = (a + iv) | 0;
  b = (b + iv) | 0;
  c = (c + iv) | 0;
  c ^= b; c = (c - rol32(b, 14)) | 0;
  a ^= c; a = (a - rol32(c, 11)) | 0;
  b ^= a; b = (b - rol32(a, 25)) | 0;
  c ^= b; c = (c - rol32(b, 16)) | 0;
  a ^= c; a = (a - rol32(c, 4)) | 0;
  b ^= a; b = (b - rol32(a, 14)) | 0;
  c ^= b; c = (c - rol32(b, 24)) | 0;
  return c >>> 0;
}

/** Byte-swap a u32 (host order ↔ network order on a little-endian machine). */
export function bswap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** Byte-swap a u16. */
export function bswap16(x: number): number {
  return ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
}
