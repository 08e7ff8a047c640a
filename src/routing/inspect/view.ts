/**
 * What `clusterip-sim inspect` shows, as plain data: one node's view of every
 * Service port at t=0 (ClusterIP, port, the endpoints kube-proxy would program
 * there, in kube-proxy's order), and the names kube-proxy derives from them.
 * The formatters beside this file turn it into each data plane's notation;
 * the CLI (src/cli/inspect.ts) fills it from the built cluster.
 */
import { createHash } from 'node:crypto';
import { formatIPv4 } from '../ipv4.js';

export interface InspectEndpoint {
  readonly ip: number;
  readonly port: number;
  /** Pod name (or the endpoint's address for an endpoint that is not a pod). */
  readonly pod: string;
  readonly node: string;
  readonly zone: string;
  /** The endpoint runs on the inspected node. */
  readonly local: boolean;
}

export interface InspectServicePort {
  readonly namespace: string;
  readonly name: string;
  /** '' for an unnamed port. */
  readonly portName: string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly clusterIP: number;
  readonly port: number;
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  /** sessionAffinity ClientIP timeoutSeconds, or null for None. */
  readonly affinityTimeout: number | null;
  /** Every endpoint kube-proxy knows, in kube-proxy order ("IP:port" sorted). */
  readonly endpoints: readonly InspectEndpoint[];
}

/** Background Services: counted, a few shown (they take no traffic and have no pods). */
export interface InspectBackground {
  readonly count: number;
  readonly endpointsPerService: number;
  /** The first few, as (ClusterIP, port 80, TCP). */
  readonly shown: readonly { readonly name: string; readonly clusterIP: number; readonly port: number }[];
}

export interface InspectNode {
  readonly node: string;
  /** The cluster's pod CIDR (kube-proxy's local-traffic detector, `--cluster-cidr`). */
  readonly clusterCIDR: string;
  readonly serviceCIDR: string;
  readonly servicePorts: readonly InspectServicePort[];
  readonly background: InspectBackground;
}

/** How many background Services each formatter writes out in full before summarising. */
export const BACKGROUND_SHOWN = 10;

/** `ns/name:port`, or `ns/name` for an unnamed port: kube-proxy's ServicePortName.String(). */
export function servicePortName(sp: InspectServicePort): string {
  return sp.portName === '' ? `${sp.namespace}/${sp.name}` : `${sp.namespace}/${sp.name}:${sp.portName}`;
}

/** The endpoints this node's kube-proxy programs: all of them, or only the local ones under internalTrafficPolicy Local. */
export function programmedEndpoints(sp: InspectServicePort): readonly InspectEndpoint[] {
  return sp.internalTrafficPolicy === 'Local' ? sp.endpoints.filter((e) => e.local) : sp.endpoints;
}

export function endpointString(e: InspectEndpoint): string {
  return `${formatIPv4(e.ip)}:${e.port}`;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (Go's base32.StdEncoding), padding left off. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let val = 0;
  for (const b of bytes) {
    val = ((val << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(val >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(val << (5 - bits)) & 31];
  return out;
}

function sha256b32(s: string): string {
  return base32(createHash('sha256').update(s).digest());
}

/**
 * kube-proxy iptables chain names (pkg/proxy/iptables/proxier.go,
 * servicePortChainName / servicePortEndpointChainName / portProtoHash):
 * prefix + the first 16 characters of base32(sha256(servicePortName +
 * lower-case protocol [+ "IP:port"])). Prefixes: KUBE-SVC- (cluster policy),
 * KUBE-SVL- (local policy), KUBE-EXT-, KUBE-FW-, KUBE-SEP- (endpoint).
 */
export function iptablesChain(prefix: 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-', sp: InspectServicePort): string {
  return prefix + sha256b32(servicePortName(sp) + sp.protocol.toLowerCase()).slice(0, 16);
}

export function iptablesEndpointChain(sp: InspectServicePort, e: InspectEndpoint): string {
  return 'KUBE-SEP-' + sha256b32(servicePortName(sp) + sp.protocol.toLowerCase() + endpointString(e)).slice(0, 16);
}

/**
 * kube-proxy nftables names (pkg/proxy/nftables/proxier.go): the base
 * `ns/svc/proto/port` (port name) and, for an endpoint, `base__IP/port`; a chain
 * is `<prefix>-` + base32(sha256(base))[:8] + `-` + base.
 */
export function nftBase(sp: InspectServicePort): string {
  return `${sp.namespace}/${sp.name}/${sp.protocol.toLowerCase()}/${sp.portName}`;
}

export function nftEndpointBase(sp: InspectServicePort, e: InspectEndpoint): string {
  return `${nftBase(sp)}__${formatIPv4(e.ip)}/${e.port}`;
}

export function nftHashed(prefix: string, base: string): string {
  return `${prefix}-${sha256b32(base).slice(0, 8)}-${base}`;
}
