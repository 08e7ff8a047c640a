/**
 * The one list of data-plane modes. Everything else follows from it: the
 * scenario schema (which `cluster.proxy` keys a mode reads, their values and
 * defaults), the ProxySpec type, the policy a (mode, variant) runs
 * (policies/index.ts maps `policyName()` to a factory) and its cost
 * (cost.ts).
 *
 * A mode has at most one variant key (`scheduler` for IPVS, `algorithm` for
 * eBPF and mesh) and may read extra numeric keys (`maglevTableSize`). Keys a
 * mode does not read are ignored in that mode, as kube-proxy ignores
 * `ipvs.scheduler` in iptables mode — so a sweep over the mode can keep them.
 */

export interface ModeDef {
  /** `node`: kube-proxy / the kernel / Cilium decide per node and per connection; `client`: a proxy per client pod decides per request. */
  readonly scope: 'node' | 'client';
  /** Balancing unit: L4 modes balance connections (conntrack pins them), the mesh balances requests. */
  readonly per: 'connection' | 'request';
  /** The key naming the variant, with its values (default first) — or null. */
  readonly variant: { readonly key: 'scheduler' | 'algorithm'; readonly values: readonly string[]; readonly default: string } | null;
  /** Extra numeric keys: allowed values (or a predicate phrase) and default, used only with the listed variants. */
  readonly extra: Readonly<Record<string, { readonly values: readonly number[]; readonly default: number; readonly variants: readonly string[] }>>;
  /** Where the rules come from (README and `inspect`). */
  readonly source: string;
}

/** Cilium's allowed Maglev table sizes (cilium/cilium: pkg/maglev/maglev.go; KUBE-FACTS §5.2). */
export const CILIUM_MAGLEV_SIZES = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071] as const;

export const MODES = {
  iptables: {
    scope: 'node',
    per: 'connection',
    variant: null,
    extra: {},
    source: 'kubernetes/kubernetes: pkg/proxy/iptables/proxier.go; linux net/netfilter/xt_statistic.c',
  },
  nftables: {
    scope: 'node',
    per: 'connection',
    variant: null,
    extra: {},
    source: 'kubernetes/kubernetes: pkg/proxy/nftables/proxier.go; linux net/netfilter/nft_numgen.c',
  },
  ipvs: {
    scope: 'node',
    per: 'connection',
    variant: { key: 'scheduler', values: ['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'sh', 'dh', 'mh'], default: 'rr' },
    extra: {},
    source: 'kubernetes/kubernetes: pkg/proxy/ipvs/proxier.go; linux net/netfilter/ipvs/ip_vs_<scheduler>.c',
  },
  ebpf: {
    scope: 'node',
    per: 'connection',
    variant: { key: 'algorithm', values: ['random', 'maglev'], default: 'random' },
    extra: { maglevTableSize: { values: CILIUM_MAGLEV_SIZES, default: 16381, variants: ['maglev'] } },
    source: 'cilium/cilium: bpf/lib/lb.h (socket LB), pkg/maglev/maglev.go',
  },
  mesh: {
    scope: 'client',
    per: 'request',
    // Istio's default (LEAST_REQUEST) first; Envoy's own default is round robin, Linkerd's peak EWMA.
    variant: { key: 'algorithm', values: ['least-request', 'round-robin', 'random', 'ewma', 'ring-hash', 'maglev'], default: 'least-request' },
    extra: {},
    source: 'envoyproxy/envoy: source/extensions/load_balancing_policies/; linkerd2-proxy / tower peak_ewma',
  },
} as const satisfies Record<string, ModeDef>;

export type ProxyModeName = keyof typeof MODES;
export const MODE_NAMES = Object.keys(MODES) as ProxyModeName[];

export function isModeName(s: string): s is ProxyModeName {
  return Object.hasOwn(MODES, s);
}

export function modeDef(mode: ProxyModeName): ModeDef {
  return MODES[mode];
}

/** The registry name of the policy a resolved proxy spec runs: `iptables`, `ipvs/lc`, `mesh/ewma`, … */
export function policyName(mode: ProxyModeName, variant: string): string {
  return MODES[mode].variant === null ? mode : `${mode}/${variant}`;
}
