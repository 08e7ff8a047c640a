/**
 * Policy registry: the policy name (`routing/modes.ts` `policyName()`:
 * `iptables`, `ipvs/lc`, `mesh/least-request`, …) → its factory. A name that
 * the mode registry lists but this map lacks is a mode variant not built yet
 * (the scenario loader says so, with its position).
 */
import { EbpfMaglevPolicy } from './ebpf-maglev.js';
import { EbpfRandomPolicy } from './ebpf-random.js';
import { IptablesPolicy } from './iptables.js';
import { IpvsDhPolicy } from './ipvs-dh.js';
import { IpvsLcPolicy } from './ipvs-lc.js';
import { IpvsMhPolicy } from './ipvs-mh.js';
import { IpvsNqPolicy } from './ipvs-nq.js';
import { IpvsRrPolicy } from './ipvs-rr.js';
import { IpvsSedPolicy } from './ipvs-sed.js';
import { IpvsShPolicy } from './ipvs-sh.js';
import { IpvsWlcPolicy } from './ipvs-wlc.js';
import { IpvsWrrPolicy } from './ipvs-wrr.js';
import { MeshEwmaPolicy } from './mesh-ewma.js';
import { MeshLeastRequestPolicy } from './mesh-least-request.js';
import { MeshMaglevPolicy } from './mesh-maglev.js';
import { MeshRandomPolicy } from './mesh-random.js';
import { MeshRingHashPolicy } from './mesh-ring-hash.js';
import { MeshRoundRobinPolicy } from './mesh-round-robin.js';
import { NftablesPolicy } from './nftables.js';
import type { Policy, PolicyContext, PolicyFactory } from './policy.js';

export type { Policy, PolicyContext, PolicyFactory, Flow, Clock } from './policy.js';
export { newFlow, policyContext } from './policy.js';
export { IptablesPolicy, probabilityString, kernelThreshold, exactShares, THRESHOLD_TABLE_MAX } from './iptables.js';
export { NftablesPolicy, reciprocalScale } from './nftables.js';
export { IpvsRrPolicy } from './ipvs-rr.js';
export { IpvsWrrPolicy } from './ipvs-wrr.js';
export { IpvsLcPolicy } from './ipvs-lc.js';
export { IpvsWlcPolicy } from './ipvs-wlc.js';
export { IpvsSedPolicy } from './ipvs-sed.js';
export { IpvsNqPolicy } from './ipvs-nq.js';
export { IpvsShPolicy, ipvsShBucket, ipvsShBucketLegacy, hash32 } from './ipvs-sh.js';
export { IpvsDhPolicy, ipvsDhBucket } from './ipvs-dh.js';
export { IpvsMhPolicy } from './ipvs-mh.js';
export { IPVS_TIME_WAIT_NS, KUBE_PROXY_WEIGHT, IpvsDestLists, IpvsConnections } from './ipvs-common.js';
export { EbpfRandomPolicy } from './ebpf-random.js';
export { EbpfMaglevPolicy, ciliumBackendName } from './ebpf-maglev.js';
export { MeshRoundRobinPolicy } from './mesh-round-robin.js';
export { MeshRandomPolicy } from './mesh-random.js';
export { MeshLeastRequestPolicy, ENVOY_CHOICE_COUNT } from './mesh-least-request.js';
export { MeshEwmaPolicy, LINKERD_EWMA_DEFAULT_RTT_NS, LINKERD_EWMA_DECAY_NS } from './mesh-ewma.js';
export { MeshRingHashPolicy } from './mesh-ring-hash.js';
export { MeshMaglevPolicy } from './mesh-maglev.js';

export const POLICY_FACTORIES: Readonly<Record<string, PolicyFactory>> = {
  iptables: (ctx) => new IptablesPolicy(ctx.rng),
  nftables: (ctx) => new NftablesPolicy(ctx.rng),
  'ipvs/rr': (ctx) => new IpvsRrPolicy(ctx),
  'ipvs/wrr': (ctx) => new IpvsWrrPolicy(ctx),
  'ipvs/lc': (ctx) => new IpvsLcPolicy(ctx),
  'ipvs/wlc': (ctx) => new IpvsWlcPolicy(ctx),
  'ipvs/sed': (ctx) => new IpvsSedPolicy(ctx),
  'ipvs/nq': (ctx) => new IpvsNqPolicy(ctx),
  'ipvs/sh': (ctx) => new IpvsShPolicy(ctx),
  'ipvs/dh': (ctx) => new IpvsDhPolicy(ctx),
  'ipvs/mh': (ctx) => new IpvsMhPolicy(ctx),
  'ebpf/random': (ctx) => new EbpfRandomPolicy(ctx),
  'ebpf/maglev': (ctx) => new EbpfMaglevPolicy(ctx),
  'mesh/least-request': (ctx) => new MeshLeastRequestPolicy(ctx),
  'mesh/round-robin': (ctx) => new MeshRoundRobinPolicy(ctx),
  'mesh/random': (ctx) => new MeshRandomPolicy(ctx),
  'mesh/ewma': (ctx) => new MeshEwmaPolicy(ctx),
  'mesh/ring-hash': (ctx) => new MeshRingHashPolicy(ctx),
  'mesh/maglev': (ctx) => new MeshMaglevPolicy(ctx),
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
