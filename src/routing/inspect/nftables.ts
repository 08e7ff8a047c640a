/**
 * The nft ruleset kube-proxy's nftables mode programs on one node
 * (kubernetes/kubernetes: pkg/proxy/nftables/proxier.go, setupNFTables,
 * syncProxyRules, writeServiceToEndpointRules), in the transaction notation
 * of its golden test (proxier_test.go: baseRules + TestOverallNFTablesRules):
 * the fixed table, sets, maps and chains; then per Service port its
 * `service-<hash>-ns/svc/proto/port` chain (`local-…` under
 * internalTrafficPolicy Local) with the masquerade rule, the ClientIP affinity
 * rules and one `numgen random mod N vmap { 0 : goto endpoint-…, … }`; its
 * endpoint chains (hairpin masquerade, affinity-set update, DNAT); and its
 * elements of the `cluster-ips` set and the `service-ips` verdict map, or of
 * `no-endpoint-services` (reject, or drop for no local endpoints).
 * Service ports are listed by name, endpoint chains by chain name, as the test
 * dump lists them. Node addresses are not modelled, so the nodeport-ips set
 * has no elements here.
 */
import { formatIPv4 } from '../ipv4.js';
import {
  BACKGROUND_SHOWN,
  nftBase,
  nftEndpointBase,
  nftHashed,
  programmedEndpoints,
  servicePortName,
  type InspectNode,
} from './view.js';

const T = 'ip kube-proxy';

function baseRules(serviceCIDR: string): string[] {
  return [
    `add table ${T} { comment "rules for kube-proxy" ; }`,
    '',
    `add set ${T} cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }`,
    `add set ${T} nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }`,
    '',
    `add map ${T} firewall-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }`,
    `add map ${T} no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }`,
    `add map ${T} no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }`,
    `add map ${T} service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }`,
    `add map ${T} service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }`,
    '',
    `add chain ${T} cluster-ips-check`,
    `add chain ${T} filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }`,
    `add chain ${T} filter-output-pre-dnat { type filter hook output priority -110 ; }`,
    `add chain ${T} filter-forward { type filter hook forward priority 0 ; }`,
    `add chain ${T} filter-input { type filter hook input priority 0 ; }`,
    `add chain ${T} filter-output { type filter hook output priority 0 ; }`,
    `add chain ${T} firewall-check`,
    `add chain ${T} mark-for-masquerade`,
    `add chain ${T} masquerading`,
    `add chain ${T} nat-output { type nat hook output priority -100 ; }`,
    `add chain ${T} nat-postrouting { type nat hook postrouting priority 100 ; }`,
    `add chain ${T} nat-prerouting { type nat hook prerouting priority -100 ; }`,
    `add chain ${T} nodeport-endpoints-check`,
    `add chain ${T} reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }`,
    `add chain ${T} services`,
    `add chain ${T} service-endpoints-check`,
    '',
    `add rule ${T} cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"`,
    `add rule ${T} cluster-ips-check ip daddr { ${serviceCIDR} } drop comment "Drop traffic to unallocated ClusterIPs"`,
    `add rule ${T} filter-prerouting-pre-dnat ct state new jump firewall-check`,
    `add rule ${T} filter-forward ct state new jump service-endpoints-check`,
    `add rule ${T} filter-forward ct state new jump cluster-ips-check`,
    `add rule ${T} filter-input ct state new jump nodeport-endpoints-check`,
    `add rule ${T} filter-input ct state new jump service-endpoints-check`,
    `add rule ${T} filter-output ct state new jump service-endpoints-check`,
    `add rule ${T} filter-output-pre-dnat ct state new jump firewall-check`,
    `add rule ${T} filter-output ct state new jump cluster-ips-check`,
    `add rule ${T} firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips`,
    `add rule ${T} mark-for-masquerade mark set mark or 0x4000`,
    `add rule ${T} masquerading mark and 0x4000 == 0 return`,
    `add rule ${T} masquerading mark set mark xor 0x4000`,
    `add rule ${T} masquerading masquerade fully-random`,
    `add rule ${T} nat-output jump services`,
    `add rule ${T} nat-postrouting jump masquerading`,
    `add rule ${T} nat-prerouting jump services`,
    `add rule ${T} nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports`,
    `add rule ${T} reject-chain reject`,
    `add rule ${T} services ip daddr . meta l4proto . th dport vmap @service-ips`,
    `add rule ${T} services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports`,
    `add rule ${T} service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services`,
  ];
}

export function formatNftables(view: InspectNode): string {
  const out = baseRules(view.serviceCIDR);
  const sorted = [...view.servicePorts].sort((a, b) => (servicePortName(a) < servicePortName(b) ? -1 : servicePortName(a) > servicePortName(b) ? 1 : a.protocol < b.protocol ? -1 : 1));
  for (const sp of sorted) {
    const name = servicePortName(sp);
    const proto = sp.protocol.toLowerCase();
    const ip = formatIPv4(sp.clusterIP);
    const eps = programmedEndpoints(sp);
    out.push('', `# ${name}`);
    if (eps.length === 0) {
      const verdict = sp.endpoints.length === 0 ? 'goto reject-chain' : 'drop';
      out.push(`add element ${T} cluster-ips { ${ip} }`);
      out.push(`add element ${T} no-endpoint-services { ${ip} . ${proto} . ${sp.port} comment "${name}" : ${verdict} }`);
      continue;
    }
    const svc = nftHashed(sp.internalTrafficPolicy === 'Local' ? 'local' : 'service', nftBase(sp));
    const epChains = eps.map((e) => nftHashed('endpoint', nftEndpointBase(sp, e)));
    const affinity = eps.map((e) => nftHashed('affinity', nftEndpointBase(sp, e)));
    if (sp.affinityTimeout !== null) {
      for (const a of affinity) out.push(`add set ${T} ${a} { type ipv4_addr ; flags dynamic,timeout ; timeout ${sp.affinityTimeout}s ; }`);
    }
    out.push(`add chain ${T} ${svc}`);
    out.push(`add rule ${T} ${svc} ip daddr ${ip} ip saddr != ${view.clusterCIDR} jump mark-for-masquerade`);
    if (sp.affinityTimeout !== null) eps.forEach((_, i) => out.push(`add rule ${T} ${svc} ip saddr @${affinity[i]} goto ${epChains[i]}`));
    out.push(`add rule ${T} ${svc} numgen random mod ${eps.length} vmap { ${epChains.map((c, i) => `${i} : goto ${c}`).join(' , ')} }`);
    const order = eps.map((_, i) => i).sort((a, b) => (epChains[a]! < epChains[b]! ? -1 : 1));
    for (const i of order) {
      const e = eps[i]!;
      const c = epChains[i]!;
      out.push(`add chain ${T} ${c}`);
      out.push(`add rule ${T} ${c} ip saddr ${formatIPv4(e.ip)} jump mark-for-masquerade`);
      if (sp.affinityTimeout !== null) out.push(`add rule ${T} ${c} update @${affinity[i]} { ip saddr }`);
      out.push(`add rule ${T} ${c} meta l4proto ${proto} dnat to ${formatIPv4(e.ip)}:${e.port}`);
    }
    out.push(`add element ${T} cluster-ips { ${ip} }`);
    out.push(`add element ${T} service-ips { ${ip} . ${proto} . ${sp.port} : goto ${svc} }`);
  }
  const bg = view.background;
  if (bg.count > 0) {
    out.push(
      '',
      `# ${bg.count} background Services (cluster.background.services), ${bg.endpointsPerService} endpoints each: per Service one service-ips element (one lookup in the verdict map, whatever the count), one service chain, ${bg.endpointsPerService} endpoint chains. The first ${Math.min(bg.count, BACKGROUND_SHOWN)} elements follow; their endpoints are not modelled as pods.`,
    );
    for (const b of bg.shown) {
      const base = `background/${b.name}/tcp/`;
      out.push(`add element ${T} cluster-ips { ${formatIPv4(b.clusterIP)} }`);
      out.push(`add element ${T} service-ips { ${formatIPv4(b.clusterIP)} . tcp . ${b.port} : goto ${nftHashed('service', base)} }`);
    }
    if (bg.count > bg.shown.length) out.push(`# … ${bg.count - bg.shown.length} more service-ips elements of background Services`);
  }
  return `${out.join('\n')}\n`;
}
