/**
 * eBPF `maglev`: Cilium's Maglev consistent hashing
 * (`loadBalancer.algorithm=maglev`), applied here to ClusterIP traffic as a
 * WHAT-IF: real Cilium uses Maglev only for traffic entering the cluster
 * (north-south); in-cluster connections are balanced at the socket, at random
 * (ebpf-random.ts; KUBE-FACTS §5.1). This mode shows what Maglev's
 * per-flow hashing would do to a ClusterIP's load.
 *
 * Table (cilium/cilium: pkg/maglev/maglev.go, `maglevTable(…, 'cilium')` in
 * ../maglev.ts): one per candidate set, the same on every node (names
 * sorted). The backend name Cilium hashes is `BackendInfo.setHashString()`:
 * `"[" + addr + ":" + port + "/" + protocol + ",State:active]"`, e.g.
 * "[10.244.1.5:8080/TCP,State:active]" (kept stable for upgrades). Weights:
 * Cilium's default backend weight is 100 for all, which makes
 * `weightsUsed` (weightSum/N > 1) true, but with equal weights the turn
 * order is unchanged ((n+1)·w ≥ weightCntr always), so the table equals the
 * unweighted one built here. M = `maglevTableSize` (Cilium's allowed primes,
 * default 16381).
 *
 * Lookup (bpf/lib/lb.h `lb4_select_backend_id_maglev`): `index =
 * __hash_from_tuple_v4(tuple, sport, dport) % LB_MAGLEV_LUT_SIZE`, jhash of
 * (saddr, dport<<16 | sport, proto) with HASH_INIT4_SEED = SeedJhash0
 * (pkg/datapath/linux/config/config.go: `cDefinesMap["HASH_INIT4_SEED"] =
 * maglev.SeedJhash0`) — `ciliumMaglevSlot` in ../maglev.ts. TCP (6).
 *
 * Hot path: O(1), no allocation; a set whose table could not be built
 * (duplicate backend addresses) gives −1. A set first seen by pick (no
 * onEndpoints) has its table built then, once.
 */
import { formatIPv4 } from '../ipv4.js';
import { ciliumFlowHash, maglevTable, CILIUM_MAGLEV_DEFAULT_SIZE } from '../maglev.js';
import { CILIUM_MAGLEV_SIZES } from '../modes.js';
import type { Flow, Policy, PolicyContext } from './policy.js';
import { SetTables } from './set-tables.js';
import { u32Mod } from './u32.js';

const IPPROTO_TCP = 6;

/** Cilium's Maglev name of a backend: BackendInfo.setHashString() for IPv4, scope external. */
export function ciliumBackendName(ip: number, port: number, protocol = 'TCP'): string {
  return `[${formatIPv4(ip)}:${port}/${protocol},State:active]`;
}

export class EbpfMaglevPolicy implements Policy {
  readonly name = 'ebpf/maglev';
  readonly scope = 'node';
  readonly usesFlow = true;
  readonly tableSize: number;
  readonly #ctx: PolicyContext;
  /** Per set: entry = index into that set's candidate list. */
  readonly #tables = new SetTables<Int32Array>();

  constructor(ctx: PolicyContext) {
    const m = ctx.options['maglevTableSize'] ?? CILIUM_MAGLEV_DEFAULT_SIZE;
    if (typeof m !== 'number' || !(CILIUM_MAGLEV_SIZES as readonly number[]).includes(m)) {
      throw new RangeError(`ebpf maglev: maglevTableSize must be one of ${CILIUM_MAGLEV_SIZES.join(', ')}, got ${String(m)}`);
    }
    this.tableSize = m;
    this.#ctx = ctx;
  }

  onEndpoints(set: number, svc: number, ids: Int32Array, off: number, count: number): void {
    const ip = this.#ctx.endpointIP;
    const port = this.#ctx.endpointPort;
    const keys: string[] = [];
    for (let j = 0; j < count; j++) {
      const id = ids[off + j]!;
      keys.push(ciliumBackendName(ip[id] ?? 0, port[id] ?? 0));
    }
    let table: Int32Array | null;
    try {
      table = count > 0 ? maglevTable(keys, null, this.tableSize, 'cilium') : null;
    } catch {
      table = null;
    }
    this.#tables.put(set, svc, count, table);
  }

  pick(_node: number, svc: number, set: number, flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    let table = this.#tables.get(set, svc, count);
    if (table === undefined) {
      // onEndpoints not called for this set (a data plane that skips it): build now, once.
      this.onEndpoints(set, svc, ids, off, count);
      table = this.#tables.get(set, svc, count);
    }
    if (table === undefined || table === null) return -1;
    // ciliumMaglevSlot (../maglev.ts), with the u32 modulo done in integers
    return table[u32Mod(ciliumFlowHash(flow.saddr >>> 0, flow.sport, flow.dport, IPPROTO_TCP), this.tableSize)]!;
  }
}
