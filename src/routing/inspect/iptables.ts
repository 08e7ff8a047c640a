/**
 * The `iptables-restore` input kube-proxy's iptables mode writes for one node
 * (kubernetes/kubernetes: pkg/proxy/iptables/proxier.go, syncProxyRules and
 * writeServiceToEndpointRules), for ClusterIP Services:
 *
 * - filter: the fixed KUBE-FIREWALL / KUBE-FORWARD rules, and a REJECT ("has no
 *   endpoints") or DROP ("has no local endpoints") rule in KUBE-SERVICES for a
 *   Service port this node cannot serve;
 * - nat: per Service port a KUBE-SERVICES jump ("<ns/svc:port> cluster IP") to
 *   KUBE-SVC-… (KUBE-SVL-… under internalTrafficPolicy Local), whose first rule
 *   marks off-cluster sources for masquerade (`! -s <cluster CIDR>`), then the
 *   ClientIP-affinity `recent --rcheck` rules, then one rule per endpoint with
 *   `-m statistic --mode random --probability <10 decimals>` (the last
 *   unconditional); per endpoint a KUBE-SEP-… chain with the hairpin rule
 *   (`-s <podIP> -j KUBE-MARK-MASQ`) and the DNAT; KUBE-NODEPORTS last.
 *
 * Chains and rules are printed in the canonical order of kube-proxy's own
 * golden tests (proxier_test.go, TestOverallIPTablesRules: KUBE-NODEPORTS and
 * KUBE-SERVICES first, the other chains alphabetically, KUBE-SERVICES rules by
 * Service name). The real proxier writes KUBE-SERVICES in Go map order, which
 * differs per node and per sync; the simulator's cost model draws that
 * position per node, this listing does not show it.
 */
import { formatIPv4 } from '../ipv4.js';
import { probabilityString } from '../policies/iptables.js';
import {
  BACKGROUND_SHOWN,
  endpointString,
  iptablesChain,
  iptablesEndpointChain,
  programmedEndpoints,
  servicePortName,
  type InspectNode,
  type InspectServicePort,
} from './view.js';

/** A comment argument as kube-proxy writes it: quoted only when it contains a space. */
function comment(text: string): string {
  return /\s/.test(text) ? `"${text}"` : text;
}

function proto(sp: { protocol: string }): string {
  const p = sp.protocol.toLowerCase();
  return `-m ${p} -p ${p}`;
}

export function formatIptables(view: InspectNode): string {
  const filterServices: string[] = [];
  const natServices: string[] = [];
  const chains = new Map<string, string[]>(); // other nat chains → their rules
  const chain = (name: string): string[] => {
    let r = chains.get(name);
    if (r === undefined) chains.set(name, (r = []));
    return r;
  };
  const sorted = [...view.servicePorts].sort((a, b) => (servicePortName(a) < servicePortName(b) ? -1 : servicePortName(a) > servicePortName(b) ? 1 : a.protocol < b.protocol ? -1 : 1));

  for (const sp of sorted) {
    const name = servicePortName(sp);
    const dst = `${proto(sp)} -d ${formatIPv4(sp.clusterIP)} --dport ${sp.port}`;
    const eps = programmedEndpoints(sp);
    if (eps.length === 0) {
      const none = sp.endpoints.length === 0;
      filterServices.push(
        `-A KUBE-SERVICES -m comment --comment ${comment(`${name} has ${none ? 'no' : 'no local'} endpoints`)} ${dst} -j ${none ? 'REJECT' : 'DROP'}`,
      );
      continue;
    }
    const svc = iptablesChain(sp.internalTrafficPolicy === 'Local' ? 'KUBE-SVL-' : 'KUBE-SVC-', sp);
    const clusterIP = `-m comment --comment ${comment(`${name} cluster IP`)} ${dst}`;
    natServices.push(`-A KUBE-SERVICES ${clusterIP} -j ${svc}`);
    const rules = chain(svc);
    rules.push(`-A ${svc} ${clusterIP} ! -s ${view.clusterCIDR} -j KUBE-MARK-MASQ`);
    const seps = eps.map((e) => iptablesEndpointChain(sp, e));
    if (sp.affinityTimeout !== null) {
      eps.forEach((e, i) => {
        rules.push(
          `-A ${svc} -m comment --comment ${comment(`${name} -> ${endpointString(e)}`)} -m recent --name ${seps[i]} --rcheck --seconds ${sp.affinityTimeout} --reap -j ${seps[i]}`,
        );
      });
    }
    eps.forEach((e, i) => {
      const stat = i < eps.length - 1 ? ` -m statistic --mode random --probability ${probabilityString(eps.length - i)}` : '';
      rules.push(`-A ${svc} -m comment --comment ${comment(`${name} -> ${endpointString(e)}`)}${stat} -j ${seps[i]}`);
      const sep = chain(seps[i]!);
      sep.push(`-A ${seps[i]} -m comment --comment ${comment(name)} -s ${formatIPv4(e.ip)} -j KUBE-MARK-MASQ`);
      const recent = sp.affinityTimeout !== null ? ` -m recent --name ${seps[i]} --set` : '';
      sep.push(`-A ${seps[i]} -m comment --comment ${comment(name)}${recent} ${proto(sp)} -j DNAT --to-destination ${endpointString(e)}`);
    });
  }

  // Background Services: their KUBE-SERVICES rules (the ones that lengthen every
  // new connection's walk), the first few written out, the rest counted.
  const bg = view.background;
  const bgLines: string[] = [];
  if (bg.count > 0) {
    bgLines.push(
      `# ${bg.count} background Services (cluster.background.services), ${bg.endpointsPerService} endpoints each: per Service 1 KUBE-SERVICES rule, 1 KUBE-SVC chain of ${bg.endpointsPerService + 1} rules, ${bg.endpointsPerService} KUBE-SEP chains of 2 rules. The first ${Math.min(bg.count, BACKGROUND_SHOWN)} KUBE-SERVICES rules follow; their endpoints are not modelled as pods, so their chains are left empty here.`,
    );
    for (const b of bg.shown) {
      const sp: InspectServicePort = {
        namespace: 'background',
        name: b.name,
        portName: '',
        protocol: 'TCP',
        clusterIP: b.clusterIP,
        port: b.port,
        internalTrafficPolicy: 'Cluster',
        affinityTimeout: null,
        endpoints: [],
      };
      const svc = iptablesChain('KUBE-SVC-', sp);
      bgLines.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${servicePortName(sp)} cluster IP`)} ${proto(sp)} -d ${formatIPv4(b.clusterIP)} --dport ${b.port} -j ${svc}`);
      chain(svc);
    }
    if (bg.count > bg.shown.length) bgLines.push(`# … ${bg.count - bg.shown.length} more KUBE-SERVICES rules of background Services`);
  }

  chain('KUBE-MARK-MASQ').push('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000');
  chain('KUBE-POSTROUTING').push(
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
  );
  const names = [...chains.keys()].sort();

  const out: string[] = [];
  out.push('*filter');
  for (const c of ['KUBE-NODEPORTS', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-PROXY-FIREWALL']) out.push(`:${c} - [0:0]`);
  out.push(...filterServices);
  out.push(
    '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    'COMMIT',
    '*nat',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-SERVICES - [0:0]',
  );
  for (const c of names) out.push(`:${c} - [0:0]`);
  out.push(...natServices, ...bgLines);
  out.push('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  for (const c of names) out.push(...chains.get(c)!);
  out.push('COMMIT');
  return `${out.join('\n')}\n`;
}
