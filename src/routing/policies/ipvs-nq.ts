/**
 * IPVS `nq` (never queue), per node.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_nq.c `ip_vs_nq_schedule`):
 * scan the list in order, skipping overloaded and weight-0 destinations; the
 * first one with `activeconns == 0` is returned at once (an idle server);
 * otherwise the `sed` rule: overhead = activeconns + 1, `least` replaced when
 * `loh * weight(dest) > doh * weight(least)` (first in list order on ties).
 * Inactive connections never count.
 *
 * Weights all 1 under kube-proxy (KUBE_PROXY_WEIGHT). Counts and list order
 * as in ipvs-lc.ts. O(N) per pick at worst, as the kernel (it stops at the
 * first idle destination).
 */
import { IpvsCountingPolicy, KUBE_PROXY_WEIGHT } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class IpvsNqPolicy extends IpvsCountingPolicy implements Policy {
  readonly name = 'ipvs/nq';

  constructor(ctx: PolicyContext) {
    super('ipvs nq', ctx);
  }

  pick(node: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    const list = this.counted(node, svc, set, ids, off, count);
    if (list === null) return -1;
    const conn = list.conn; // by local index: [2l] overhead, [2l + 1] active
    const local = list.local;
        const n = list.count;
    const w = KUBE_PROXY_WEIGHT | 0; // w(dest) for every destination
    let least = -1;
    let loh = 0;
    let wLeast = 0;
    for (let k = 0; k < n; k++) {
      const active = conn[2 * local[k]! + 1]!;
      if (active === 0) return list.order[k]!; // the first idle server, at once
      const doh = active + 1; // ip_vs_nq_dest_overhead
      if (least < 0 || loh * w > doh * wLeast) {
        least = k;
        loh = doh;
        wLeast = w;
      }
    }
    return list.order[least]!;
  }
}
