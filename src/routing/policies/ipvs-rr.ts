/**
 * IPVS `rr` (kube-proxy's default IPVS scheduler), per node: every node's
 * kernel keeps its own destination list and `sched_data` cursor per virtual
 * service.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_rr.c):
 *   - `ip_vs_rr_init_svc`: the cursor starts at the list head, so the first
 *     pick is the first destination in list order;
 *   - `ip_vs_rr_schedule`: from the cursor, walk the circular list to the
 *     first destination that is not IP_VS_DEST_F_OVERLOAD and has weight > 0,
 *     and move the cursor to it (kube-proxy: weight 1, never overloaded — so
 *     simply the next one, wrapping past the head);
 *   - `ip_vs_rr_del_dest`: if the cursor's destination is deleted, the cursor
 *     steps back to the previous entry (`p->next->prev` after the unlink).
 * The cursor is a destination, not an index: when the endpoint set changes
 * it stays on its endpoint (now maybe at another position); if that endpoint
 * left, it steps back to the nearest surviving predecessor, so the next pick
 * is the deleted one's successor. New endpoints join at the list head
 * (ipvs-common.ts), i.e. before the cursor, so a running cycle meets them on
 * its next wrap.
 *
 * List order: each node's own (ipvs-common.ts: kube-proxy adds real servers
 * in Go map order, the kernel links each at the head) — a random permutation
 * per (node, Service port) from this policy's stream. So nodes do not cycle
 * in lock step, as they do not in a real cluster: no artificial herd from a
 * synchronized start at 5,000 nodes.
 *
 * Hot path: no allocation after a node's first pick of a set, never throws.
 */
import { IpvsDestLists, type DestList } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class IpvsRrPolicy implements Policy {
  readonly name = 'ipvs/rr';
  readonly scope = 'node';
  readonly lists: IpvsDestLists;

  constructor(ctx: PolicyContext) {
    this.lists = new IpvsDestLists('ipvs rr', ctx);
  }

  pick(node: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    const list: DestList | null = this.lists.get(node, svc, set, ids, off, count, null);
    if (list === null) return -1;
    let k = list.cursor + 1;
    if (k >= list.count) k = 0;
    list.cursor = k;
    return list.order[k]!;
  }
}
