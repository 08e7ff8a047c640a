/**
 * The one interface every endpoint-selection policy implements. A policy
 * holds whatever per-node state the real data plane holds (the IPVS rr cursor
 * per (node, Service), …) and nothing else; it never sees endpoint health —
 * the candidates it is given are already the ones kube-proxy programmed.
 */

export interface Policy {
  /** Registry name, as in the scenario (`iptables`, `nftables`, `ipvs/rr`, …). */
  readonly name: string;
  /**
   * Choose the endpoint for a NEW connection from `node` to service-port `svc`.
   * The candidate endpoints are ids[offset .. offset+count) in kube-proxy
   * order (sorted). Returns the chosen INDEX in [0, count), or -1 if
   * count == 0 (or node/svc is outside what the policy was built for).
   * Hot path: no allocation, no strings, never throws.
   */
  pick(node: number, svc: number, ids: Int32Array, offset: number, count: number): number;
}
