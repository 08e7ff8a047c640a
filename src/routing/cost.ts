/**
 * `proxy.cost: auto` — what the data plane adds on the client's node.
 * L4 modes (iptables, nftables, IPVS, eBPF) pay it once per NEW connection,
 * before its first packet leaves (later packets ride conntrack / the socket);
 * the mesh pays its own per REQUEST (the sidecar handles each one).
 *
 * Calibrated on the one published measurement (KUBE-FACTS §3.2, the KEP-3866
 * chart: first-packet round-trip time, kube-proxy iptables vs nftables at
 * 5k / 10k / 30k Services, p50 = 49 / 61 / 274 µs for iptables and 14 µs flat
 * for nftables; its p01, 10 µs, is taken as the part that is not the proxy:
 * the round trip itself).
 *
 * - nftables: one verdict-map lookup, flat: 14 − 10 = 4 µs.
 * - IPVS: the blog calls nftables "about the same as IPVS": 4 µs.
 * - eBPF (Cilium socket LB): a hash lookup at connect(); no source measures
 *   it against nftables, so the same 4 µs (a model choice).
 * - iptables: the base plus the walk of KUBE-SERVICES down to the Service's
 *   rule. Its position is drawn per node (kube-proxy writes KUBE-SERVICES in
 *   Go map order), uniform over the rules, so over many nodes the median
 *   request sees the median position n/2 — and, the cost being monotone in
 *   the position, the p50 of the cost is the cost at n/2. The chart pins that
 *   cost at three positions: 2,500 → 39 µs, 5,000 → 51 µs, 15,000 → 264 µs
 *   (p50 − the 10 µs round trip). The cost is the piecewise-linear curve
 *   through (0, 4 µs) and those three points, extended past 15,000 with its
 *   last slope. It is not a straight line because the published curve is
 *   not one: +25 % from 5k to 10k Services, ×4.5 from 10k to 30k, as the
 *   rule set outgrows the CPU caches (a 30k-Service KUBE-SERVICES is ~30k
 *   rules of ~200 bytes, far past L2). A straight line through the base
 *   cannot meet both the 5k → 30k ratio (5.6) and the 10k ratio to nftables
 *   (4.4); this curve meets both by construction.
 *   The per-endpoint rule walk inside `KUBE-SVC-*` is not costed (a few rules).
 * - mesh: no kube-proxy on the path (the sidecar dials pod IPs); the sidecar
 *   itself costs ~90 µs per request on the client side — a model choice from
 *   Istio's published data-plane latency (≈ 0.18 ms p50 added for the two
 *   sidecars of a hop, halved for the client's one) [recalled, not in
 *   KUBE-FACTS]; set `cost` to your own figure. What istio.io's
 *   "Performance and Scalability" does publish is at the p90: ~1.7 ms (p99
 *   ~2.7 ms) for a hop's two proxies, Istio 1.12.3 with telemetry v2 and
 *   mTLS at 1,000 requests/s — a heavier sidecar than this default.
 */

export const BASE_COST_NS = 4_000;
export const MESH_COST_NS = 90_000;

/** (KUBE-SERVICES position, ns) through which the iptables cost runs, from the KEP-3866 chart's medians. */
export const IPTABLES_COST_POINTS: readonly (readonly [number, number])[] = [
  [0, BASE_COST_NS],
  [2_500, 39_000],
  [5_000, 51_000],
  [15_000, 264_000],
];

/** The iptables cost at `position` rules into KUBE-SERVICES: piecewise linear through IPTABLES_COST_POINTS. */
export function iptablesCostNs(position: number): number {
  const pts = IPTABLES_COST_POINTS;
  let k = 1;
  while (k < pts.length - 1 && position > pts[k]![0]) k++;
  const [x0, y0] = pts[k - 1]!;
  const [x1, y1] = pts[k]!;
  return Math.round(y0 + ((y1 - y0) * (position - x0)) / (x1 - x0));
}

/**
 * Cost in integer ns the mode adds: per new connection whose Service sits at
 * `position` (0-based) in the node's service dispatch (L4 modes), or per
 * request (mesh).
 */
export function autoCostNs(mode: string, position: number): number {
  if (mode === 'iptables') return iptablesCostNs(position);
  if (mode === 'mesh') return MESH_COST_NS;
  return BASE_COST_NS;
}
