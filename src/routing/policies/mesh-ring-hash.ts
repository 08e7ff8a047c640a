/**
 * mesh `ring-hash`: Envoy's RING_HASH in each client's sidecar, with a
 * `source_ip` hash policy (the usual way to get client affinity from it), per
 * request.
 *
 * Ring (../ring-hash.ts, exact to envoyproxy/envoy: source/extensions/
 * load_balancing_policies/ring_hash/ring_hash_lb.cc): per candidate set,
 * hosts keyed by their address string "10.244.1.5:8080", xxHash64, default
 * minimum ring size 1024. Every client's proxy builds the same ring for the
 * same hosts, so one ring per set serves all clients.
 *
 * Request hash: `source_ip` (envoyproxy/envoy: source/common/http/
 * hash_policy.cc, IpHashMethod): xxHash64 of the client's address string
 * without port, seed 0 — constant per client, so each client sticks to one
 * endpoint while the set is unchanged (mesh-common.ts `SourceIpHash`, once
 * per client). Lookup `Ring::chooseHost`: the first ring entry with hash ≥ h,
 * wrapping.
 *
 * Hot path: a binary search over the ring (~10 steps at 1024 entries) at a
 * client's first pick of a set, then the remembered pick (it depends only on
 * the client's hash and the ring); no allocation after a client's first pick
 * and a set's first build.
 */
import { buildRingHash, ringHashLookup, type HashRing } from '../ring-hash.js';
import { addressKeys, checkMeshContext, SourceIpHash } from './mesh-common.js';
import { SetTables } from './set-tables.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class MeshRingHashPolicy implements Policy {
  readonly name = 'mesh/ring-hash';
  readonly scope = 'client';
  readonly usesFlow = true;
  readonly #ctx: PolicyContext;
  readonly #rings = new SetTables<HashRing>();
  readonly #hash: SourceIpHash;
  /** The last (set, pick) per client: the pick is a function of (client hash, ring), so it is reused until the set changes. */
  readonly #lastSet: Int32Array;
  readonly #lastSvc: Int32Array;
  readonly #lastPick: Int32Array;

  constructor(ctx: PolicyContext) {
    checkMeshContext('mesh ring-hash', ctx);
    this.#ctx = ctx;
    this.#hash = new SourceIpHash(ctx.instances);
    this.#lastSet = new Int32Array(ctx.instances).fill(-1);
    this.#lastSvc = new Int32Array(ctx.instances).fill(-1);
    this.#lastPick = new Int32Array(ctx.instances);
  }

  onEndpoints(set: number, svc: number, ids: Int32Array, off: number, count: number): void {
    let ring: HashRing | null;
    try {
      ring = count > 0 ? buildRingHash(addressKeys(this.#ctx, ids, off, count), null) : null;
    } catch {
      ring = null;
    }
    this.#rings.put(set, svc, count, ring);
  }

  pick(client: number, svc: number, set: number, flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    if (client >= 0 && client < this.#lastSet.length && this.#lastSet[client] === set && this.#lastSvc[client] === svc) {
      return this.#lastPick[client]!;
    }
    let ring = this.#rings.get(set, svc, count);
    if (ring === undefined) {
      this.onEndpoints(set, svc, ids, off, count);
      ring = this.#rings.get(set, svc, count);
    }
    if (ring === undefined || ring === null) return -1;
    if (!this.#hash.ensure(client, flow.saddr)) return -1;
    const p = ringHashLookup(ring, this.#hash.hi[client]!, this.#hash.lo[client]!);
    const pick = p < 0 ? -1 : ring.host[p]!;
    this.#lastSet[client] = set;
    this.#lastSvc[client] = svc;
    this.#lastPick[client] = pick;
    return pick;
  }
}
