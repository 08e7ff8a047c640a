/**
 * mesh `random`: Envoy's RANDOM in each client's sidecar, per request.
 *
 * Envoy (envoyproxy/envoy: source/extensions/load_balancing_policies/random/
 * random_lb.cc, `RandomLoadBalancer::peekOrChoose`): `hosts_to_use[
 * random_hash % hosts_to_use.size()]` with random_hash = random_.random() (a
 * u64, uniform within N/2^64). Here ⌊u·N⌋ of one 32-bit stream number u
 * (uniform within N/2^32): the same distribution, not Envoy's sequence.
 *
 * Hot path: one draw, no allocation, never throws.
 */
import type { RandomSource } from '../../engine/rng.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

export class MeshRandomPolicy implements Policy {
  readonly name = 'mesh/random';
  readonly scope = 'client';
  readonly #rng: RandomSource;

  constructor(ctx: PolicyContext) {
    this.#rng = ctx.rng;
  }

  pick(_client: number, _svc: number, _set: number, _flow: Flow, _ids: Int32Array, _off: number, count: number): number {
    if (!(count >= 1)) return -1;
    return Math.floor(this.#rng.next() * count);
  }
}
