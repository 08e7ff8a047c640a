/**
 * Hand-built node views that mirror the ClusterIP parts of kube-proxy's golden
 * tests (TestOverallIPTablesRules / TestOverallNFTablesRules in
 * pkg/proxy/{iptables,nftables}/proxier_test.go): svc1 with one endpoint, svc4
 * with two, svc5 with ClientIP affinity (10800 s), svc6 with none; the
 * local-traffic detector's cluster CIDR 10.0.0.0/8, service CIDR 172.30.0.0/16.
 */
import { parseIPv4 } from '../../src/routing/ipv4.js';
import type { InspectEndpoint, InspectNode, InspectServicePort } from '../../src/routing/inspect/view.js';

function ep(ip: string, port: number, node = 'node2', local = false, zone = 'a'): InspectEndpoint {
  return { ip: parseIPv4(ip)!, port, pod: ip, node, zone, local };
}

function svc(ns: string, name: string, ip: string, endpoints: InspectEndpoint[], extra: Partial<InspectServicePort> = {}): InspectServicePort {
  return {
    namespace: ns,
    name,
    portName: 'p80',
    protocol: 'TCP',
    clusterIP: parseIPv4(ip)!,
    port: 80,
    internalTrafficPolicy: 'Cluster',
    affinityTimeout: null,
    endpoints,
    ...extra,
  };
}

export function goldenView(): InspectNode {
  return {
    node: 'node1',
    clusterCIDR: '10.0.0.0/8',
    serviceCIDR: '172.30.0.0/16',
    servicePorts: [
      svc('ns6', 'svc6', '172.30.0.46', []),
      svc('ns5', 'svc5', '172.30.0.45', [ep('10.180.0.3', 80)], { affinityTimeout: 10800 }),
      svc('ns4', 'svc4', '172.30.0.44', [ep('10.180.0.4', 80), ep('10.180.0.5', 80, 'node1', true)]),
      svc('ns1', 'svc1', '172.30.0.41', [ep('10.180.0.1', 80)]),
    ],
    background: { count: 0, endpointsPerService: 0, shown: [] },
  };
}

export { ep, svc };
