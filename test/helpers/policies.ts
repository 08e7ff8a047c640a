/** Small helpers for the policy tests: a context with a settable clock, and picks by endpoint id. */
import { draws, stream } from '../../src/engine/rng.js';
import { createPolicy } from '../../src/routing/policies/index.js';
import { newFlow, policyContext, type Flow, type Policy } from '../../src/routing/policies/policy.js';

export interface Harness {
  readonly policy: Policy;
  readonly clock: { now: number };
  readonly flow: Flow;
}

/** A policy by registry name with `endpoints` ids (10.0.0.<id+1>:80), a clock at 0 and its own stream. */
export function harness(name: string, o: { instances?: number; servicePorts?: number; endpoints?: number; seed?: number; options?: Record<string, string | number>; stream?: string } = {}): Harness {
  const clock = { now: 0 };
  const policy = createPolicy(
    name,
    policyContext({
      clock,
      instances: o.instances ?? 1,
      servicePorts: o.servicePorts ?? 1,
      endpoints: o.endpoints ?? 16,
      rng: draws(o.seed ?? 1, 0, 'policy-test', o.stream ?? name),
      options: o.options ?? {},
    }),
  );
  return { policy, clock, flow: newFlow() };
}

/** The endpoint id picked by `inst` from candidate ids (set 0, svc 0 unless given). */
export function pickId(h: Harness, inst: number, ids: Int32Array, set = 0, svc = 0): number {
  const i = h.policy.pick(inst, svc, set, h.flow, ids, 0, ids.length);
  return i < 0 ? -1 : ids[i]!;
}

/** The kernel list order of (inst, svc) for an IPVS policy (its `lists`). */
export function kernelList(p: Policy, inst: number, svc = 0): number[] {
  const lists = (p as unknown as { lists: { destinations(i: number, s: number): Int32Array | null } }).lists;
  return Array.from(lists.destinations(inst, svc) ?? []);
}
