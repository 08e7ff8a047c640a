/**
 * eBPF `random`: Cilium's kube-proxy replacement, east-west (ClusterIP)
 * traffic, its default `loadBalancer.algorithm=random`.
 *
 * Cilium balances in-cluster connections at the socket: the cgroup
 * `connect4` hook (cilium/cilium: bpf/bpf_sock.c `__sock4_xlate_fwd`) picks a
 * backend once per connect() and rewrites the socket's destination — no
 * per-packet NAT, no conntrack walk:
 *   `key.backend_slot = (sock_select_slot(ctx_full) % svc->count) + 1;`
 *   `sock_select_slot()` = `ctx->protocol == IPPROTO_TCP ? get_prandom_u32()
 *   : sock_local_cookie(ctx)` (slot 0 is the service frontend).
 * The tc-level datapath does the same for packets that missed the socket hook
 * (bpf/lib/lb.h `lb4_select_backend_id_random`: `(get_prandom_u32() %
 * svc->count) + 1`). So: one 32-bit draw per TCP connection, modulo the
 * backend count — a modulo bias below count / 2^32, kept.
 *
 * Backend slots follow Cilium's sorted backend order; with a uniform draw the
 * order does not matter, so the candidate order is used. UDP's per-socket
 * cookie (every datagram of one socket to one backend) is a connection in
 * this model.
 *
 * Hot path: one draw, no allocation, never throws.
 */
import type { RandomSource } from '../../engine/rng.js';
import type { Flow, Policy, PolicyContext } from './policy.js';
import { u32Mod } from './u32.js';

export class EbpfRandomPolicy implements Policy {
  readonly name = 'ebpf/random';
  readonly scope = 'node';
  readonly #rng: RandomSource;

  constructor(ctx: PolicyContext) {
    this.#rng = ctx.rng;
  }

  pick(_node: number, _svc: number, _set: number, _flow: Flow, _ids: Int32Array, _off: number, count: number): number {
    if (!(count >= 1)) return -1;
    return u32Mod(this.#rng.int32(), count);
  }
}
