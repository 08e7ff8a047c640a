/**
 * How long one kube-proxy sync takes (`controlPlane.kubeProxy.syncCost:
 * auto`): a floor, plus a cost per rule line the mode rewrites — and, for
 * iptables, per rule line in the whole table.
 *
 * - iptables (iptables-restore): a full restore rewrites every chain —
 *   KUBE-SERVICES (one jump per Service port), and per Service port its
 *   KUBE-SVC chain (a header and one line per endpoint) and per endpoint its
 *   KUBE-SEP chain (a header, a DNAT and a masquerade mark); a partial
 *   restore (KEP-3453, the default since 1.28) still rewrites KUBE-SERVICES in
 *   full, but only the changed Services' SVC/SEP chains (KUBE-FACTS §1.4).
 *   Either way the legacy kernel interface reads the whole table out and
 *   swaps it back in on COMMIT, so every sync also pays per line of the
 *   table, written or not: a partial restore of a big table is not cheap.
 * - nftables, IPVS, eBPF: incremental — the changed elements only.
 *
 * Floors: ~20 ms for an iptables-restore of a small ruleset, ~5 ms for the
 * others (KUBE-FACTS §7, model choice). The two iptables per-line costs are
 * fitted to KEP-3453's 5,000-node chart (p50 27 → 13 → 5 s) with
 * scenarios/large/network-programming-5k.yaml (README: "Control plane:
 * kube-proxy's sync cost"): at the load test's 8,250 Services and ~82,000
 * endpoints (346k lines) a full restore takes 19.4 s, a partial one 3.2 s.
 * The incremental cost is not calibrated (no published figure).
 */
import type { ProxyModeName } from '../../routing/modes.js';

export const IPTABLES_FLOOR_NS = 20_000_000;
export const INCREMENTAL_FLOOR_NS = 5_000_000;
/** iptables-restore: per rule line kube-proxy writes (generate, then iptables-restore parses it). */
export const IPTABLES_NS_PER_LINE = 48_000;
/**
 * iptables-restore: per rule line in the whole table, written or not — the
 * legacy kernel interface reads the table out and swaps it back in whole on
 * COMMIT, so even a partial restore pays for every rule.
 */
export const IPTABLES_NS_PER_TABLE_LINE = 8_000;
/** nftables / IPVS / eBPF map updates: per endpoint changed. */
export const INCREMENTAL_NS_PER_ENDPOINT = 20_000;

export interface SyncSize {
  /** Service ports in the tables (the file's and the background ones). */
  readonly servicePorts: number;
  /** Endpoints over all of them. */
  readonly endpoints: number;
  /** Service ports whose endpoints changed since the last sync, and their endpoints. */
  readonly changedPorts: number;
  readonly changedEndpoints: number;
  /** This sync rewrites everything (iptables full restore, or the periodic full resync). */
  readonly full: boolean;
}

/** Rule lines an iptables-restore writes for `ports` Service ports with `endpoints` endpoints (chain headers included). */
export function iptablesLines(ports: number, endpoints: number): number {
  return ports * 2 + endpoints * 4;
}

export function autoSyncCostNs(mode: ProxyModeName, size: SyncSize): number {
  if (mode === 'iptables') {
    const table = iptablesLines(size.servicePorts, size.endpoints);
    const written = size.full ? table : size.servicePorts + iptablesLines(size.changedPorts, size.changedEndpoints);
    return IPTABLES_FLOOR_NS + Math.round(written * IPTABLES_NS_PER_LINE + table * IPTABLES_NS_PER_TABLE_LINE);
  }
  const changed = size.full ? size.endpoints : size.changedEndpoints;
  return INCREMENTAL_FLOOR_NS + Math.round(changed * INCREMENTAL_NS_PER_ENDPOINT);
}
