/**
 * The Scenario's `cluster.proxy` section, from the one mode registry
 * (routing/modes.ts): which modes, schedulers and algorithms the schema
 * accepts (a variant the policy registry lacks is "not yet supported"), and
 * the resolved ProxySpec — the variant key the mode reads, with its default;
 * keys a mode does not read are ignored in that mode, as kube-proxy ignores
 * `ipvs.scheduler` in iptables mode, so that a sweep over the mode can keep
 * them.
 */
import { MODES, MODE_NAMES, policyName, type ProxyModeName } from '../routing/modes.js';
import { isPolicyBuilt } from '../routing/policies/index.js';
import { NOT_YET, bad, durationWhere, maybe, oneOf, oneOfPhrase, opt, report, strict } from './issues.js';
import type { Ctx } from './issues.js';
import type { Ns, ProxySpec } from './types.js';

// Proxy modes and their variants follow from the one mode registry
// (routing/modes.ts); a variant the policy registry lacks is "not yet supported".
const builtVariants = (mode: ProxyModeName): string[] => {
  const v = MODES[mode].variant;
  return v === null ? [] : v.values.filter((x) => isPolicyBuilt(policyName(mode, x)));
};
export const PROXY_MODES = MODE_NAMES.filter((m) => isPolicyBuilt(policyName(m, MODES[m].variant?.default ?? '')));
export const PROXY_MODES_NOT_YET = MODE_NAMES.filter((m) => !PROXY_MODES.includes(m));
export const IPVS_SCHEDULERS = builtVariants('ipvs');
export const IPVS_SCHEDULERS_NOT_YET = MODES.ipvs.variant.values.filter((v) => !IPVS_SCHEDULERS.includes(v));
const ALGORITHMS_ALL = [...new Set([...MODES.ebpf.variant.values, ...MODES.mesh.variant.values])];
export const ALGORITHMS = ALGORITHMS_ALL.filter((a) => builtVariants('ebpf').includes(a) || builtVariants('mesh').includes(a));
const ALGORITHMS_NOT_YET = ALGORITHMS_ALL.filter((a) => !ALGORITHMS.includes(a));
export const proxySchema = strict(
  {
    mode: opt(oneOfPhrase(PROXY_MODES), oneOf(PROXY_MODES, PROXY_MODES_NOT_YET), 'iptables'),
    cost: opt<'auto' | Ns>('auto or a duration ≥ 0', (v) => (v === 'auto' ? 'auto' : durationWhere((n) => n >= 0)(v)), 'auto'),
    scheduler: maybe(oneOfPhrase(IPVS_SCHEDULERS), oneOf(IPVS_SCHEDULERS, IPVS_SCHEDULERS_NOT_YET)),
    algorithm: maybe(oneOfPhrase(ALGORITHMS), oneOf(ALGORITHMS, ALGORITHMS_NOT_YET)),
    maglevTableSize: maybe(oneOfPhrase(MODES.ebpf.extra.maglevTableSize.values.map(String)), (v) =>
      typeof v === 'number' && (MODES.ebpf.extra.maglevTableSize.values as readonly number[]).includes(v) ? v : bad(),
    ),
  },
);

/** The ProxySpec of a valid `cluster.proxy`, or undefined after reporting a variant the mode does not have or that is not built. */
export function resolveProxy(p: { mode: ProxyModeName; cost: 'auto' | Ns; scheduler?: string | undefined; algorithm?: string | undefined; maglevTableSize?: number | undefined }, cctx: Ctx): ProxySpec | undefined {
  // The variant key the mode reads (scheduler, algorithm); the others are ignored in this mode.
  const def = MODES[p.mode];
  let variant = '';
  if (def.variant !== null) {
    const key = def.variant.key;
    const given = key === 'scheduler' ? p.scheduler : p.algorithm;
    const values: readonly string[] = def.variant.values;
    if (given !== undefined && !values.includes(given)) {
      report(cctx, ['proxy', key], `${oneOfPhrase(values)} (the ${key}s of mode ${p.mode})`, JSON.stringify(given));
    } else {
      variant = given ?? def.variant.default;
      if (!isPolicyBuilt(policyName(p.mode, variant))) report(cctx, ['proxy', key], NOT_YET, JSON.stringify(variant));
    }
  }
  if (def.variant !== null && variant === '') return undefined;
  return {
    mode: p.mode,
    variant,
    policy: policyName(p.mode, variant),
    scheduler: p.scheduler ?? MODES.ipvs.variant.default,
    algorithm: p.algorithm ?? (def.variant?.key === 'algorithm' ? variant : ''),
    maglevTableSize: p.maglevTableSize ?? MODES.ebpf.extra.maglevTableSize.default,
    cost: p.cost,
  };
}
