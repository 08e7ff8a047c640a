/**
 * mesh `maglev`: Envoy's MAGLEV in each client's sidecar, with a `source_ip`
 * hash policy, per request.
 *
 * Table (../maglev.ts `maglevTable(…, 'envoy')`, exact to envoyproxy/envoy:
 * source/extensions/load_balancing_policies/maglev/maglev_lb.cc): hosts keyed
 * by the address string "10.244.1.5:8080", sorted, xxHash64 offset/skip,
 * default table_size 65537; one table per candidate set, shared by all
 * clients (each proxy would build the same one).
 *
 * Request hash: `source_ip` — xxHash64 of the client address string, seed 0
 * (mesh-common.ts `SourceIpHash`); lookup `table[hash % M]` (first attempt).
 * The slot is constant per client, so it is computed once per client and each
 * client sticks to one endpoint while the set is unchanged.
 *
 * Hot path: O(1), no allocation after a client's first pick and a set's build.
 */
import { ENVOY_MAGLEV_DEFAULT_SIZE, maglevTable } from '../maglev.js';
import { addressKeys, checkMeshContext, mod64, SourceIpHash } from './mesh-common.js';
import { SetTables } from './set-tables.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class MeshMaglevPolicy implements Policy {
  readonly name = 'mesh/maglev';
  readonly scope = 'client';
  readonly usesFlow = true;
  readonly tableSize = ENVOY_MAGLEV_DEFAULT_SIZE;
  readonly #ctx: PolicyContext;
  readonly #tables = new SetTables<Int32Array>();
  readonly #hash: SourceIpHash;
  /** slot[client] = hash % M, −1 until computed. */
  readonly #slot: Int32Array;

  constructor(ctx: PolicyContext) {
    checkMeshContext('mesh maglev', ctx);
    this.#ctx = ctx;
    this.#hash = new SourceIpHash(ctx.instances);
    this.#slot = new Int32Array(ctx.instances).fill(-1);
  }

  onEndpoints(set: number, svc: number, ids: Int32Array, off: number, count: number): void {
    let table: Int32Array | null;
    try {
      table = count > 0 ? maglevTable(addressKeys(this.#ctx, ids, off, count), null, this.tableSize, 'envoy') : null;
    } catch {
      table = null;
    }
    this.#tables.put(set, svc, count, table);
  }

  pick(client: number, svc: number, set: number, flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    let table = this.#tables.get(set, svc, count);
    if (table === undefined) {
      this.onEndpoints(set, svc, ids, off, count);
      table = this.#tables.get(set, svc, count);
    }
    if (table === undefined || table === null) return -1;
    if (!(client >= 0 && client < this.#slot.length)) return -1;
    let slot = this.#slot[client]!;
    if (slot < 0) {
      this.#hash.ensure(client, flow.saddr);
      slot = mod64(this.#hash.hi[client]!, this.#hash.lo[client]!, this.tableSize);
      this.#slot[client] = slot;
    }
    return table[slot]!;
  }
}
