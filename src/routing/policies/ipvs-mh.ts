/**
 * IPVS `mh` (Maglev hashing), per node.
 *
 * Kernel (torvalds/linux: net/netfilter/ipvs/ip_vs_mh.c), table built by
 * `maglevTable(keys, weights, M, 'ipvs')` (../maglev.ts: hsiphash offset and
 * skip of each "addr:port", round robin over the destination list, each
 * destination claiming its next free preferred slot `turns` times — 1 with
 * kube-proxy's weight 1). M = 4093: primes[CONFIG_IP_VS_MH_TAB_INDEX − 8]
 * with the default index 12 (KUBE-FACTS §2.2).
 *
 * Lookup (`ip_vs_mh_schedule` → `ip_vs_mh_get`): slot =
 * hsiphash(ntohs(sport) + ntohl(saddr), hash1) % M. kube-proxy sets the
 * mh-port flag (FlagSourceHash; proxier.go: `if proxier.ipvsScheduler == "mh"`)
 * so the source port is in the key: one client's connections spread over the
 * endpoints; it never sets mh-fallback (every destination is available here
 * anyway).
 *
 * The table depends on the list ORDER (who takes turns first wins contested
 * slots), and each node's list is its own (ipvs-common.ts), so each node
 * builds its own table, lazily, when its list changes — as each real node's
 * kernel does. Memory: 4093 Int32 per (sending node, Service port).
 *
 * Hot path: O(1), no allocation after the node's table is built; a table
 * that cannot be built (two endpoints with the same address:port) gives −1.
 */
import { formatIPv4 } from '../ipv4.js';
import { ipvsMhSlot, maglevTable, IPVS_MH_DEFAULT_SIZE } from '../maglev.js';
import { IpvsDestLists, type DestList, type OnListChange } from './ipvs-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class IpvsMhPolicy implements Policy {
  readonly name = 'ipvs/mh';
  readonly scope = 'node';
  readonly usesFlow = true;
  readonly tableSize: number;
  readonly lists: IpvsDestLists;
  readonly #onChange: OnListChange;

  constructor(ctx: PolicyContext) {
    this.lists = new IpvsDestLists('ipvs mh', ctx);
    this.tableSize = IPVS_MH_DEFAULT_SIZE;
    const M = this.tableSize;
    this.#onChange = (list: DestList) => {
      // Keys in this node's list order; the table holds list positions.
      const keys: string[] = [];
      for (let k = 0; k < list.count; k++) {
        const id = list.ids[k]!;
        keys.push(`${formatIPv4(ctx.endpointIP[id] ?? 0)}:${ctx.endpointPort[id] ?? 0}`);
      }
      try {
        list.table = maglevTable(keys, null, M, 'ipvs');
      } catch {
        list.table = null;
      }
    };
  }

  pick(node: number, svc: number, set: number, flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    const list = this.lists.get(node, svc, set, ids, off, count, this.#onChange);
    if (list === null || list.table === null) return -1;
    const pos = list.table[ipvsMhSlot(flow.saddr >>> 0, flow.sport, this.tableSize)]!;
    return pos < 0 ? -1 : list.order[pos]!;
  }
}
