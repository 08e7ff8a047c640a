/**
 * Policy registry: the kube-proxy mode (and IPVS scheduler) → a Policy.
 */
import type { Rng } from '../../engine/rng.js';
import { IptablesPolicy } from './iptables.js';
import { IpvsRrPolicy } from './ipvs-rr.js';
import { NftablesPolicy } from './nftables.js';
import type { Policy } from './policy.js';

export type { Policy } from './policy.js';
export { IptablesPolicy, probabilityString, kernelThreshold, exactShares, THRESHOLD_TABLE_MAX } from './iptables.js';
export { NftablesPolicy, reciprocalScale } from './nftables.js';
export { IpvsRrPolicy } from './ipvs-rr.js';

export type PolicyMode = 'iptables' | 'nftables' | 'ipvs';

/** Modes createPolicy() knows. */
export const POLICY_MODES: readonly PolicyMode[] = ['iptables', 'nftables', 'ipvs'];
/** IPVS schedulers implemented so far (kube-proxy's default first). */
export const IPVS_SCHEDULERS: readonly string[] = ['rr'];

export interface PolicyOptions {
  /** IPVS scheduler; '' means kube-proxy's default, rr. Ignored by other modes. */
  scheduler: string;
  /** Nodes in the cluster (per-node state is sized by it). */
  nodes: number;
  /** Service ports in the cluster (per-(node, service-port) state is sized by it). */
  servicePorts: number;
  /** The stream the policy draws from (its own named stream). */
  rng: Rng;
}

/** A new policy for `mode`. Throws on an unknown mode or scheduler. */
export function createPolicy(mode: PolicyMode, opts: PolicyOptions): Policy {
  switch (mode) {
    case 'iptables':
      return new IptablesPolicy(opts.rng);
    case 'nftables':
      return new NftablesPolicy(opts.rng);
    case 'ipvs': {
      const scheduler = opts.scheduler === '' ? 'rr' : opts.scheduler;
      if (scheduler === 'rr') return new IpvsRrPolicy(opts.nodes, opts.servicePorts, opts.rng);
      throw new Error(`ipvs scheduler '${opts.scheduler}' is not implemented yet (available: ${IPVS_SCHEDULERS.join(', ')})`);
    }
    default:
      throw new Error(`unknown proxy mode '${String(mode)}' (available: ${POLICY_MODES.join(', ')})`);
  }
}
