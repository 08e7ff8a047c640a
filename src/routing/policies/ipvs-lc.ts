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
 * established, onClose = inactive for TIME_WAIT (120 s). The list order is
 * this node's kernel order (ipvs-common.ts `IpvsDestLists`): a per-node
 * random permutation, so an idle cluster's nodes do not all pick the same
 * first endpoint. kube-proxy's weights are all 1 and nothing is overloaded,
 * so no destination is skipped. Every pick scans every candidate, as the
 * kernel does (O(N)).
 *
 * Hot path: no allocation after a node's first pick of a set, never throws.
 */
import { IpvsConnections, IpvsDestLists, maxEndpointId, type DestList, type OnListChange } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class IpvsLcPolicy implements Policy {
  readonly name = 'ipvs/lc';
  readonly scope = 'node';
  readonly lists: IpvsDestLists;
  readonly conns: IpvsConnections;
  readonly #onChange: OnListChange;

  constructor(ctx: PolicyContext) {
    this.lists = new IpvsDestLists('ipvs lc', ctx);
    this.conns = new IpvsConnections(ctx);
    this.#onChange = (list: DestList) => this.conns.grow(maxEndpointId(list.ids, 0, list.count));
  }

  onEndpoints(_set: number, _svc: number, ids: Int32Array, off: number, count: number): void {
    this.conns.grow(maxEndpointId(ids, off, count));
  }

  pick(node: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    const list = this.lists.get(node, svc, set, ids, off, count, this.#onChange);
    if (list === null) return -1;
    const row = this.conns.row(node)!;
    // list.ids = the endpoint ids in list order (ids[off + order[k]])
    const dest = list.ids;
    const n = list.count;
    // `if (!least || doh < loh)`: every destination is usable (weight 1, not
    // overloaded), so the first one starts as least
    // row[2·id] = ip_vs_dest_conn_overhead = active·256 + inactive (ipvs-common.ts)
    let least = 0;
    let loh = row[2 * dest[0]!]!;
    for (let k = 1; k < n; k++) {
      const doh = row[2 * dest[k]!]!;
      if (doh < loh) {
        least = k;
        loh = doh;
      }
    }
    return list.order[least]!;
  }

  onOpen(node: number, _svc: number, endpoint: number): void {
    this.conns.open(node, endpoint);
  }

  onClose(node: number, _svc: number, endpoint: number): void {
    this.conns.close(node, endpoint);
  }
}
