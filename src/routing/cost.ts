/**
 * `proxy.cost: auto` — the data-plane cost a NEW connection pays on the
 * client's node before its first packet leaves (later packets ride conntrack).
 *
 * Calibrated, coarsely, on the only published measurement (KUBE-FACTS §3.2:
 * first-packet round-trip time, kube-proxy iptables vs nftables at 5k/10k/30k
 * Services):
 * - nftables: flat in the number of Services; its p50 (14 µs) minus its p01
 *   (10 µs, taken as the part that is not the proxy) leaves ~4 µs.
 * - IPVS: the blog calls nftables "about the same as IPVS" — the same 4 µs.
 * - iptables: the same base plus a linear walk of KUBE-SERVICES: at 30k
 *   Services the p50 is 274 µs, i.e. (274 − 14) µs over a median position of
 *   15,000 rules ≈ 17.3 ns per rule passed. The Service's position in
 *   KUBE-SERVICES is not stable in kube-proxy (map order), so each node gets
 *   its own seeded position for each Service.
 * This reproduces the chart's p50 at 5k (47 vs 49 µs) and 30k (264+4 vs 274 µs)
 * but overstates 10k (91 vs 61 µs); the README says so.
 */

export const BASE_COST_NS = 4_000;
export const IPTABLES_NS_PER_RULE = 17.3;

/** Cost in integer ns of a new connection whose Service sits at `position` (0-based) in the node's service dispatch. */
export function autoCostNs(mode: string, position: number): number {
  if (mode === 'iptables') return Math.round(BASE_COST_NS + IPTABLES_NS_PER_RULE * position);
  return BASE_COST_NS;
}
