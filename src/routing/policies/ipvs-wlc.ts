/**
 * IPVS `wlc` (weighted least connection), per node.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_wlc.c
 * `ip_vs_wlc_schedule`): `least` = the first destination in list order that
 * is not overloaded and has weight > 0, loh = its overhead; then for each
 * later destination that is not overloaded, with doh its overhead,
 * `if ((__s64)loh * weight(dest) > (__s64)doh * weight(least))` it becomes
 * `least` — minimum overhead/weight, ties kept by the earlier one. Overhead is
 * `ip_vs_dest_conn_overhead`: active·256 + inactive (include/net/ip_vs.h).
 *
 * Weights: kube-proxy gives every real server weight 1
 * (pkg/proxy/ipvs/proxier.go `syncEndpoint`), so the formula runs here with
 * every weight = KUBE_PROXY_WEIGHT and picks exactly what `lc` picks
 * (test/routing-ipvs-wlc-with-equal-weights-is-lc). Counts, list order and
 * TIME_WAIT as in ipvs-lc.ts. O(N) per pick, as the kernel.
 */
import { IpvsCountingPolicy, KUBE_PROXY_WEIGHT } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class IpvsWlcPolicy extends IpvsCountingPolicy implements Policy {
  readonly name = 'ipvs/wlc';

  constructor(ctx: PolicyContext) {
    super('ipvs wlc', ctx);
  }

  pick(node: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    const list = this.counted(node, svc, set, ids, off, count);
    if (list === null) return -1;
    const conn = list.conn; // by local index: [2l] overhead, [2l + 1] active
    const local = list.local;
        const n = list.count;
    // weight > 0 and not overloaded: with weight 1 everywhere, the first in list order
    let least = 0;
    let loh = conn[2 * local[0]!]!;
    // weights as locals: w(dest) for every destination, w(least) of the current least
    const w = KUBE_PROXY_WEIGHT | 0;
    const wLeast = w;
    for (let k = 1; k < n; k++) {
      const doh = conn[2 * local[k]!]!;
      // (s64)loh * w(dest) > (s64)doh * w(least): products stay < 2^53 for any real count
      if (loh * w > doh * wLeast) {
        least = k;
        loh = doh;
      }
    }
    return list.order[least]!;
  }
}
