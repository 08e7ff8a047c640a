/**
 * IPVS `rr` (kube-proxy's default IPVS scheduler), per node: every node's
 * kernel keeps its own `sched_data` cursor per virtual service, so nodes
 * cycle independently.
 *
 * Kernel (linux: net/netfilter/ipvs/ip_vs_rr.c):
 *   - `ip_vs_rr_init_svc`: the cursor starts at the list head, so the first
 *     pick is the first destination (index 0);
 *   - `ip_vs_rr_schedule`: from the cursor, walk the circular destination
 *     list to the first destination that is not IP_VS_DEST_F_OVERLOAD and has
 *     weight > 0, and move the cursor to it;
 *   - `ip_vs_rr_del_dest`: if the cursor's destination is deleted, the cursor
 *     steps back to the previous entry.
 * kube-proxy gives every real server weight 1 and none is overloaded here, so
 * a pick is simply the index after the last one, wrapping.
 *
 * The cursor is kept as the INDEX of the last pick in an Int32Array
 * (nodes × servicePorts; -1 = list head). Not modelled yet: the step-back on
 * delete (and insertion position) when an endpoint set changes — with an
 * index, a shrink just wraps at the new count.
 *
 * Steady state at t=0: the simulation starts from a cluster that has been
 * running (DESIGN.md), so each node's cursor has long since left the list
 * head. Given a stream (`steadyState`), the first pick of each (node, Service
 * port) starts at a uniformly random index, and from there the kernel rule
 * applies. Without one, every cursor starts at the head as after `ipvsadm
 * -A` — and every node then deals its first connections to the same
 * endpoints in lock step: at 5,000 nodes × 200 endpoints that herd alone
 * overloads a few pods at a time (seen in scenarios/large/), which is an
 * artefact of a synchronized start, not of a running cluster.
 *
 * Hot path: no allocation, never throws.
 */
import type { Rng } from '../../engine/rng.js';
import type { Flow, Policy } from './policy.js';

export class IpvsRrPolicy implements Policy {
  readonly name = 'ipvs/rr';
  readonly scope = 'node';
  readonly nodes: number;
  readonly servicePorts: number;
  /** Last picked index per (node, svc) at node · servicePorts + svc; -1 = list head. */
  readonly cursors: Int32Array;

  readonly #steady: Rng | null;

  constructor(nodes: number, servicePorts: number, steadyState: Rng | null = null) {
    if (!Number.isInteger(nodes) || nodes < 1) throw new RangeError(`ipvs rr: nodes must be an integer ≥ 1, got ${nodes}`);
    if (!Number.isInteger(servicePorts) || servicePorts < 1) {
      throw new RangeError(`ipvs rr: servicePorts must be an integer ≥ 1, got ${servicePorts}`);
    }
    if (nodes * servicePorts > 0x7fffffff / 4) {
      throw new RangeError(`ipvs rr: nodes × servicePorts = ${nodes * servicePorts} is too large`);
    }
    this.nodes = nodes;
    this.servicePorts = servicePorts;
    this.cursors = new Int32Array(nodes * servicePorts).fill(-1);
    this.#steady = steadyState;
  }

  pick(node: number, svc: number, _set: number, _flow: Flow, _ids: Int32Array, _offset: number, count: number): number {
    if (!(count >= 1)) return -1;
    if (!(node >= 0 && node < this.nodes && svc >= 0 && svc < this.servicePorts)) return -1;
    const k = node * this.servicePorts + svc;
    const last = this.cursors[k]!;
    let i: number;
    if (last < 0 && this.#steady !== null) i = Math.floor(this.#steady() * count);
    else {
      i = last + 1;
      if (i >= count) i = 0;
    }
    this.cursors[k] = i;
    return i;
  }
}
