/**
 * mesh `round-robin`: Envoy's ROUND_ROBIN in each client's sidecar, per
 * request.
 *
 * Envoy (envoyproxy/envoy: source/extensions/load_balancing_policies/
 * round_robin/, on EdfLoadBalancerBase in load_balancing_policies/common/
 * load_balancer_impl.cc): when all host weights are equal (they are: one
 * weight per endpoint, all 1) no EDF schedule is built and
 * `unweightedHostPick` returns `hosts_to_use[rr_indexes_[source]++ %
 * hosts_to_use.size()]`. The index is inserted once per host source with
 * `rr_indexes_.insert({source, seed_})` — `seed_ = random_.random()`, a random
 * u64 drawn when the load balancer is created — and is NOT reset when the
 * host set changes (insert keeps the existing index); the modulo then simply
 * applies to the new size.
 *
 * Here: one index per (client, Service port), started at a random u32 on the
 * client's first request (a random u64 mod N is uniform; so is a u32, within
 * N/2^32), incremented per pick, taken mod the current count. One worker
 * thread per sidecar (mesh-common.ts).
 *
 * Hot path: no allocation after a client's first pick, never throws.
 */
import type { RandomSource } from '../../engine/rng.js';
import { checkMeshContext } from './mesh-common.js';
import type { Flow, Policy, PolicyContext } from './policy.js';
import { u32Mod } from './u32.js';

export class MeshRoundRobinPolicy implements Policy {
  readonly name = 'mesh/round-robin';
  readonly scope = 'client';
  readonly instances: number;
  readonly servicePorts: number;
  readonly #rng: RandomSource;
  /** rr[client][svc]: the u32 index. */
  readonly #rr: (Uint32Array | undefined)[];

  constructor(ctx: PolicyContext) {
    checkMeshContext('mesh round-robin', ctx);
    this.instances = ctx.instances;
    this.servicePorts = Math.max(1, ctx.servicePorts);
    this.#rng = ctx.rng;
    this.#rr = new Array<Uint32Array>(ctx.instances);
  }

  pick(client: number, svc: number, _set: number, _flow: Flow, _ids: Int32Array, _off: number, count: number): number {
    if (!(count >= 1)) return -1;
    if (!(client >= 0 && client < this.instances && svc >= 0 && svc < this.servicePorts)) return -1;
    let rr = this.#rr[client];
    if (rr === undefined) {
      rr = new Uint32Array(this.servicePorts);
      for (let s = 0; s < rr.length; s++) rr[s] = this.#rng.int32() >>> 0; // seed_
      this.#rr[client] = rr;
    }
    const i = rr[svc]!;
    rr[svc] = (i + 1) >>> 0;
    return u32Mod(i, count);
  }
}
