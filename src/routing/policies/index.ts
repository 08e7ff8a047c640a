/**
 * Policy registry: the policy name (`routing/modes.ts` `policyName()`:
 * `iptables`, `ipvs/lc`, `mesh/least-request`, …) → its factory. A name that
 * the mode registry lists but this map lacks is a mode variant not built yet
 * (the scenario loader says so, with its position).
 */
import { IptablesPolicy } from './iptables.js';
import { IpvsRrPolicy } from './ipvs-rr.js';
import { NftablesPolicy } from './nftables.js';
import type { Policy, PolicyContext, PolicyFactory } from './policy.js';

export type { Policy, PolicyContext, PolicyFactory, Flow, Clock } from './policy.js';
export { newFlow, policyContext } from './policy.js';
export { IptablesPolicy, probabilityString, kernelThreshold, exactShares, THRESHOLD_TABLE_MAX } from './iptables.js';
export { NftablesPolicy, reciprocalScale } from './nftables.js';
export { IpvsRrPolicy } from './ipvs-rr.js';

export const POLICY_FACTORIES: Readonly<Record<string, PolicyFactory>> = {
  iptables: (ctx) => new IptablesPolicy(ctx.rng),
  nftables: (ctx) => new NftablesPolicy(ctx.rng),
  'ipvs/rr': (ctx) => new IpvsRrPolicy(ctx.instances, Math.max(1, ctx.servicePorts), ctx.rng),
};

export function isPolicyBuilt(name: string): boolean {
  return Object.hasOwn(POLICY_FACTORIES, name);
}

/** A new policy by registry name. Throws on a name that is not built. */
export function createPolicy(name: string, ctx: PolicyContext): Policy {
  const f = POLICY_FACTORIES[name];
  if (f === undefined) throw new Error(`policy '${name}' is not built (available: ${Object.keys(POLICY_FACTORIES).join(', ')})`);
  return f(ctx);
}
