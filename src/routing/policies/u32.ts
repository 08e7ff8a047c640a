/**
 * `u32 % n` exactly, fast: the data planes take a 32-bit random number modulo
 * the endpoint count (Cilium `get_prandom_u32() % count`, Envoy
 * `random() % size`). In JS `(x >>> 0) % n` is a floating-point modulo once
 * x ≥ 2^31 (~3× a stream draw); splitting x into 16-bit halves keeps every
 * step a 31-bit integer modulo for n ≤ 32768:
 * x mod n = ((x_hi mod n)·2^16 + x_lo) mod n.
 */
export function u32Mod(x: number, n: number): number {
  if (n <= 32768) return ((((x >>> 16) % n) << 16) + (x & 0xffff)) % n;
  return (x >>> 0) % n;
}
