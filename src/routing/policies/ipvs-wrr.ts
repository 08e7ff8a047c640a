/**
 * IPVS `wrr` (weighted round robin), per node — the kernel's state machine,
 * run with the weights kube-proxy sets: all 1.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_wrr.c):
 *   - state `mark`: `cl` (current destination, or the list head), `cw`
 *     (current weight), `mw` = max weight − (di − 1), `di` = gcd of the
 *     positive weights (1 if none);
 *   - `ip_vs_wrr_init_svc`: cl = head, cw = mw;
 *   - `ip_vs_wrr_dest_changed` (add, delete, update): cl = head, di and mw
 *     recomputed, `if (cw > mw || !cw) cw = mw; else if (di > 1) cw =
 *     (cw / di) * di + 1`;
 *   - `ip_vs_wrr_schedule`: from cl, take the next destination that is not
 *     overloaded with weight ≥ cw; at the end of the list cw −= di, and when
 *     cw ≤ 0 it wraps to mw (with the `last_pass` / `restarted` / `stop`
 *     bookkeeping that ends a fruitless search with "no destination").
 * All ported below with weight(dest) = KUBE_PROXY_WEIGHT for every
 * destination (kube-proxy: `Weight: 1`). With equal weights di = 1, mw = 1,
 * cw stays 1 and the machine deals destinations out in list order — rr —
 * except that a set change sends the cursor back to the list head (rr steps
 * back only if its destination left). List order per node as in
 * ipvs-common.ts.
 *
 * Hot path: no allocation after a node's first pick of a set, never throws.
 */
import { IpvsDestLists, KUBE_PROXY_WEIGHT, type DestList, type OnListChange } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export class IpvsWrrPolicy implements Policy {
  readonly name = 'ipvs/wrr';
  readonly scope = 'node';
  readonly lists: IpvsDestLists;
  readonly #onChange: OnListChange;

  constructor(ctx: PolicyContext) {
    this.lists = new IpvsDestLists('ipvs wrr', ctx);
    this.#onChange = (list: DestList) => {
      // ip_vs_wrr_init_svc / ip_vs_wrr_dest_changed
      const di = IpvsWrrPolicy.di(list);
      const mw = IpvsWrrPolicy.maxWeight(list) - (di - 1);
      list.cursor = -1;
      if (list.cw > mw || list.cw === 0) list.cw = mw;
      else if (di > 1) list.cw = Math.floor(list.cw / di) * di + 1;
    };
  }

  /** ip_vs_wrr_gcd_weight over the list (every weight KUBE_PROXY_WEIGHT). */
  static di(list: DestList): number {
    let g = 0;
    for (let k = 0; k < list.count; k++) {
      const w = KUBE_PROXY_WEIGHT;
      if (w > 0) g = g > 0 ? gcd(w, g) : w;
    }
    return g > 0 ? g : 1;
  }

  /** ip_vs_wrr_max_weight. */
  static maxWeight(list: DestList): number {
    let m = 0;
    for (let k = 0; k < list.count; k++) if (KUBE_PROXY_WEIGHT > m) m = KUBE_PROXY_WEIGHT;
    return m;
  }

  pick(node: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    const list = this.lists.get(node, svc, set, ids, off, count, this.#onChange);
    if (list === null) return -1;
    const n = list.count;
    // di and mw only change with the list; with weights all 1 they are 1 and 1.
    const di = 1;
    const mw = KUBE_PROXY_WEIGHT - (di - 1);
    if (mw === 0) return -1; // err_noavail
    let dest = list.cursor;
    const last = dest;
    let stop = -2;
    let lastPass = false;
    let restarted = false;
    for (;;) {
      for (let p = dest + 1; p < n; p++) {
        if (KUBE_PROXY_WEIGHT >= list.cw) {
          list.cursor = p; // found
          return list.order[p]!;
        }
        if (p === stop) {
          list.cursor = p; // err_over
          return -1;
        }
      }
      dest = -1; // the walk ended on the list head
      list.cw -= di;
      if (list.cw <= 0) {
        list.cw = mw;
        if (lastPass || last === -1) {
          list.cursor = dest; // err_over
          return -1;
        }
        restarted = true;
      }
      lastPass = list.cw <= di;
      if (lastPass && restarted && last !== -1) stop = last;
    }
  }
}
