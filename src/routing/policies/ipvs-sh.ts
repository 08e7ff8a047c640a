/**
 * IPVS `sh` (source hashing), per node.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_sh.c, current form with
 * the sh-port / sh-fallback flags):
 *   - `ip_vs_sh_reassign`: a table of IP_VS_SH_TAB_SIZE = 256 buckets
 *     (CONFIG_IP_VS_SH_TAB_BITS = 8) filled by walking the destination list
 *     round robin, each destination taking `weight` consecutive buckets —
 *     with kube-proxy's weight 1, bucket i holds list[i mod N] (and with more
 *     than 256 endpoints, list positions ≥ 256 get no bucket at all);
 *   - `ip_vs_sh_hashkey`: `(offset + hash_32(ntohs(port) + ntohl(saddr),
 *     IP_VS_SH_TAB_BITS)) & IP_VS_SH_TAB_MASK`, with port 0 unless the
 *     service has the sh-port flag — kube-proxy sets flags only for `mh`
 *     (proxier.go: `if proxier.ipvsScheduler == "mh" { serv.Flags |=
 *     utilipvs.FlagSourceHash }`), so the key is the client address alone;
 *   - `hash_32(val, bits)` = `(val * GOLDEN_RATIO_32) >> (32 − bits)`,
 *     GOLDEN_RATIO_32 = 0x61C88647 (include/linux/hash.h since 4.7): the TOP
 *     8 bits of the product.
 *   - no fallback flag: a bucket whose destination is unavailable gives no
 *     destination (none is, here).
 * Older kernels (before the sh-port flag) hashed `(ntohl(saddr) *
 * 2654435761) & 255` — the LOW 8 bits with the old multiplier; KUBE-FACTS
 * §2.2 quotes that form. `ipvsShBucketLegacy` keeps it for comparison; the
 * policy uses the current one.
 *
 * The list is the node's own (ipvs-common.ts), so the same client address
 * maps to a different endpoint on different nodes — as on real nodes — but
 * always to the same one from its own node while the set is unchanged.
 *
 * Hot path: O(1), no allocation after a node's first pick of a set.
 */
import { IpvsDestLists } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

/** IP_VS_SH_TAB_BITS. */
export const IPVS_SH_TAB_BITS = 8;
/** GOLDEN_RATIO_32 (include/linux/hash.h). */
export const GOLDEN_RATIO_32 = 0x61c88647;

/** hash_32(val, bits) of include/linux/hash.h, for a u32 val. */
export function hash32(val: number, bits: number): number {
  return Math.imul(val | 0, GOLDEN_RATIO_32) >>> (32 - bits);
}

/** The sh bucket of an IPv4 source address (host-order u32), port 0. */
export function ipvsShBucket(saddr: number): number {
  return hash32(saddr >>> 0, IPVS_SH_TAB_BITS) & 255;
}

/** The pre-sh-port kernels' bucket: (ntohl(saddr) * 2654435761) & 255. */
export function ipvsShBucketLegacy(saddr: number): number {
  return Math.imul(saddr | 0, 2654435761 | 0) & 255;
}

export class IpvsShPolicy implements Policy {
  readonly name = 'ipvs/sh';
  readonly scope = 'node';
  readonly usesFlow = true;
  readonly lists: IpvsDestLists;

  constructor(ctx: PolicyContext) {
    this.lists = new IpvsDestLists('ipvs sh', ctx);
  }

  pick(node: number, svc: number, set: number, flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    const list = this.lists.get(node, svc, set, ids, off, count, null);
    if (list === null) return -1;
    // bucket b holds list[b mod N] (weights 1)
    return list.order[ipvsShBucket(flow.saddr) % list.count]!;
  }
}
