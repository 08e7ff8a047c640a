/**
 * IPVS `sed` (shortest expected delay), per node.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_sed.c
 * `ip_vs_sed_schedule`): overhead `ip_vs_sed_dest_overhead` = activeconns + 1
 * (inactive connections are ignored); `least` = the first destination in list
 * order that is not overloaded and has weight > 0; then each later
 * non-overloaded destination replaces it when
 * `(__s64)loh * weight(dest) > (__s64)doh * weight(least)` — minimum
 * (C + 1)/U, ties kept by the earlier one.
 *
 * Weights are all 1 under kube-proxy (KUBE_PROXY_WEIGHT), so this picks the
 * first destination with the fewest active connections. Counts and list order
 * as in ipvs-lc.ts (inactive ones are tracked but unused here). O(N) per
 * pick, as the kernel.
 */
import { IpvsCountingPolicy } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class IpvsSedPolicy extends IpvsCountingPolicy implements Policy {
  readonly name = 'ipvs/sed';

  constructor(ctx: PolicyContext) {
    super('ipvs sed', ctx);
  }

  pick(node: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    const list = this.counted(node, svc, set, ids, off, count);
    if (list === null) return -1;
    const conn = list.conn; // by local index: [2l] overhead, [2l + 1] active
    const local = list.local;
    const n = list.count;
    // `(s64)loh * weight(dest) > (s64)doh * weight(least)` with overhead
    // activeconns + 1 (ip_vs_sed_dest_overhead). Every weight is the same
    // w = KUBE_PROXY_WEIGHT > 0, so it is `loh > doh`, i.e. a strictly
    // smaller activeconns: compared as such (no multiplies or +1 in the scan).
    let least = 0;
    let lact = conn[2 * local[0]! + 1]!;
    for (let k = 1; k < n; k++) {
      const act = conn[2 * local[k]! + 1]!;
      if (lact > act) {
        least = k;
        lact = act;
      }
    }
    return list.order[least]!;
  }
}
