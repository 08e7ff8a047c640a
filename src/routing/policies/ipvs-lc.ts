/**
 * IPVS `lc` (least connection), per node.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_lc.c `ip_vs_lc_schedule`):
 * scan `svc->destinations` in list order, skip overloaded or weight-0
 * destinations, and keep the one with the smallest overhead, replacing only
 * on a strictly smaller value (`doh < loh`) — ties go to the first in list
 * order. Overhead is `ip_vs_dest_conn_overhead` (include/net/ip_vs.h):
 * `(activeconns << 8) + inactconns`, i.e. active·256 + inactive (the comment
 * in ip_vs_lc.c still says `<<5`; the code calls the `<<8` helper).
 *
 * Counts are this node's own (ipvs-common.ts `IpvsConnections`): onOpen =
 * established, onClose = inactive for TIME_WAIT (120 s, ended by the timer
 * wheel's 2.048 s bucket: up to 122.048 s). The list order is
 * this node's kernel order (ipvs-common.ts `IpvsDestLists`): a per-node
 * random permutation, so an idle cluster's nodes do not all pick the same
 * first endpoint. kube-proxy's weights are all 1 and nothing is overloaded,
 * so no destination is skipped. Every pick scans every candidate, as the
 * kernel does (O(N)).
 *
 * Hot path: no allocation after a node's first pick of a set, never throws.
 */
import { IpvsCountingPolicy } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class IpvsLcPolicy extends IpvsCountingPolicy implements Policy {
  readonly name = 'ipvs/lc';

  constructor(ctx: PolicyContext) {
    super('ipvs lc', ctx);
  }

  pick(node: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    const list = this.counted(node, svc, set, ids, off, count);
    if (list === null) return -1;
    const conn = list.conn; // by local index: [2l] overhead, [2l + 1] active
    const local = list.local;
    const n = list.count;
    // `if (!least || doh < loh)`: every destination is usable (weight 1, not
    // overloaded), so the first one starts as least
    let least = 0;
    let loh = conn[2 * local[0]!]!;
    for (let k = 1; k < n; k++) {
      const doh = conn[2 * local[k]!]!;
      if (doh < loh) {
        least = k;
        loh = doh;
      }
    }
    return list.order[least]!;
  }
}
