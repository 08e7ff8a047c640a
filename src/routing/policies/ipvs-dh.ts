/**
 * IPVS `dh` (destination hashing), per node.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_dh.c): the same 256-bucket
 * table as `sh`, filled round robin over the destination list (weight 1 →
 * bucket i holds list[i mod N]), keyed by `hash_32(ntohl(daddr),
 * IP_VS_DH_TAB_BITS)` (older kernels: `(ntohl(daddr) * 2654435761) & 255`).
 *
 * For a ClusterIP the destination address IS the Service VIP, so every
 * connection a node makes to one Service lands on ONE endpoint — the one at
 * that bucket in the node's list. That is what the kernel does (dh is meant
 * for caches in front of many destination addresses, not for one VIP): a
 * Service under dh gets no balancing within a node at all; across nodes the
 * lists differ (ipvs-common.ts), so different nodes hit different endpoints.
 *
 * Hot path: O(1), no allocation after a node's first pick of a set.
 */
import { IpvsDestLists } from './ipvs-common.js';
import { hash32, IPVS_SH_TAB_BITS } from './ipvs-sh.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

/** The dh bucket of a destination address (host-order u32). */
export function ipvsDhBucket(daddr: number): number {
  return hash32(daddr >>> 0, IPVS_SH_TAB_BITS) & 255;
}

export class IpvsDhPolicy implements Policy {
  readonly name = 'ipvs/dh';
  readonly scope = 'node';
  readonly usesFlow = true;
  readonly lists: IpvsDestLists;

  constructor(ctx: PolicyContext) {
    this.lists = new IpvsDestLists('ipvs dh', ctx);
  }

  pick(node: number, svc: number, set: number, flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    const list = this.lists.get(node, svc, set, ids, off, count, null);
    if (list === null) return -1;
    return list.order[ipvsDhBucket(flow.daddr) % list.count]!;
  }
}
