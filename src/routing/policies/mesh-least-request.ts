/**
 * mesh `least-request`: Envoy's LEAST_REQUEST (Istio's default) in each
 * client's sidecar, per request.
 *
 * Envoy (envoyproxy/envoy: source/extensions/load_balancing_policies/
 * least_request/least_request_lb.cc): with all host weights equal the EDF
 * path is skipped and `unweightedHostPick` runs the default selection method
 * N_CHOICES, `unweightedHostPickNChoices`: for choice_idx in [0,
 * choice_count) (default 2) `rand_idx = random_.random() %
 * hosts_to_use.size()` — draws WITH replacement, the same host may come up
 * twice — and the sampled host replaces the candidate only if
 * `sampled_active_rq < candidate_active_rq` (strict: ties keep the first).
 * `rq_active` is the host's requests in flight from this proxy (onOpen /
 * onClose, per client and Service port — Envoy's cluster;
 * `count_pending_requests` off, Envoy's default).
 * Power of two choices (Mitzenmacher), the supermarket model.
 *
 * Envoy's index is `random() % N` of a 64-bit draw (uniform within N/2^64);
 * here each is ⌊u·N⌋ of a 32-bit stream number u (uniform within N/2^32) —
 * neither reproduces the other's random sequence, only its distribution.
 *
 * Hot path: two draws, no allocation after a client's first pick.
 */
import type { RandomSource } from '../../engine/rng.js';
import { checkMeshContext, MeshActive } from './mesh-common.js';
import { SetTables } from './set-tables.js';
import type { Flow, Policy, PolicyContext } from './policy.js';

/** Envoy's default `choice_count`. */
export const ENVOY_CHOICE_COUNT = 2;

export class MeshLeastRequestPolicy implements Policy {
  readonly name = 'mesh/least-request';
  readonly scope = 'client';
  readonly active: MeshActive;
  readonly #rng: RandomSource;
  /** Per candidate set: the local index (local-index.ts) of each candidate. */
  readonly #setLocal = new SetTables<Int32Array>();

  constructor(ctx: PolicyContext) {
    checkMeshContext('mesh least-request', ctx);
    this.active = new MeshActive(ctx);
    this.#rng = ctx.rng;
  }

  onEndpoints(set: number, svc: number, ids: Int32Array, off: number, count: number): void {
    const local = new Int32Array(count);
    for (let j = 0; j < count; j++) local[j] = this.active.index.of(svc, ids[off + j]!);
    this.#setLocal.put(set, svc, count, local);
  }

  pick(client: number, svc: number, set: number, _flow: Flow, ids: Int32Array, off: number, count: number): number {
    if (!(count >= 1)) return -1;
    let local = this.#setLocal.get(set, svc, count);
    if (local === undefined || local === null || local.length !== count) {
      this.onEndpoints(set, svc, ids, off, count); // a set pick saw first: its locals, once
      local = this.#setLocal.get(set, svc, count)!;
    }
    const row = this.active.row(client, svc); // after the set's locals exist: long enough for them
    if (row === null) return -1;
    const rng = this.#rng;
    let cand = Math.floor(rng.next() * count);
    for (let c = 1; c < ENVOY_CHOICE_COUNT; c++) {
      const s = Math.floor(rng.next() * count);
      if (row[local[s]!]! < row[local[cand]!]!) cand = s;
    }
    return cand;
  }

  onOpen(client: number, svc: number, endpoint: number): void {
    this.active.open(client, svc, endpoint);
  }

  onClose(client: number, svc: number, endpoint: number): void {
    this.active.close(client, svc, endpoint);
  }
}
