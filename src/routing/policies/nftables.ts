/**
 * nftables mode: kube-proxy's service chain holds one rule,
 * `numgen random mod N vmap { 0 : goto <ep0>, 1 : goto <ep1>, … }`
 * (kubernetes/kubernetes: pkg/proxy/nftables/proxier.go), endpoints indexed
 * in the same sorted order as iptables mode.
 *
 * Kernel (linux: net/netfilter/nft_numgen.c, `nft_ng_random_gen`): the
 * number is `reciprocal_scale(prandom_u32_state(state), modulus)` (+ offset,
 * 0 here), and reciprocal_scale(val, n) = (u32)(((u64)val * n) >> 32)
 * (include/linux/kernel.h) — a multiply-shift, not a `%`. So
 * idx = ⌊u32 · N / 2^32⌋: endpoint i gets ⌈(i+1)·2^32/N⌉ − ⌈i·2^32/N⌉ of the
 * 2^32 draws, i.e. 1/N to within 2^-32, from ONE draw per connection.
 *
 * Hot path: no allocation, never throws.
 */
import type { RandomSource } from '../../engine/rng.js';
import type { Flow, Policy } from './policy.js';

/** reciprocal_scale(u32, n) exactly, for u32 in [0, 2^32) and n in [1, 2^32). */
export function reciprocalScale(u32: number, n: number): number {
  // u32 · n < 2^53 for n ≤ 2^21: the product and the division by 2^32 are exact.
  if (n <= 0x200000) return Math.floor((u32 * n) / 4294967296);
  // Otherwise split u32 = hi·2^16 + lo; both partial products stay < 2^48.
  const hi = u32 >>> 16;
  const lo = u32 & 0xffff;
  return Math.floor((hi * n + Math.floor((lo * n) / 65536)) / 65536);
}

export class NftablesPolicy implements Policy {
  readonly name = 'nftables';
  readonly scope = 'node';
  readonly #rng: RandomSource;

  constructor(rng: RandomSource) {
    this.#rng = rng;
  }

  pick(_node: number, _svc: number, _set: number, _flow: Flow, _ids: Int32Array, _offset: number, count: number): number {
    if (!(count >= 1)) return -1;
    return reciprocalScale(this.#rng.int32() >>> 0, count);
  }
}
