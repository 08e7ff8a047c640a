/**
 * Builds the cluster of one sweep point as `kubectl get` would show it at t=0:
 * nodes, every pod running and ready and placed by a spread like the default
 * scheduler's, ClusterIPs allocated as the apiserver does, every Service's
 * endpoints as the EndpointSlice controller publishes them, sorted as
 * kube-proxy sorts them, and the ServiceTable every node's data plane uses.
 *
 * The build depends on the point and the seed, not on the run: every run of a
 * point simulates the same cluster (ClusterIPs, placement, pod IPs), so runs
 * differ only in traffic and data-plane randomness.
 */
import { stream } from '../engine/rng.js';
import { distParams, type DistParams } from '../engine/distributions.js';
import { ServiceTable } from '../routing/service-table.js';
import { ClusterIPAllocator } from './clusterip-allocator.js';
import { MAX_PODS_PER_NODE, Placement } from './placement.js';
import { formatIPv4, parseIPv4 } from '../routing/ipv4.js';
import { ModelError } from './model-error.js';
import { matchesEquality } from './labels.js';
import type { DeploymentSpec, PointModel, ServiceSpec, SourcePos, TrafficSpec } from '../scenario/types.js';

export const PROTO_NUMBER = { TCP: 6, UDP: 17, SCTP: 132 } as const;

export { MAX_PODS_PER_NODE };

export interface BuiltWorkload {
  readonly deployment: string;
  readonly namespace: string;
  readonly dist: DistParams;
  readonly concurrency: number;
}

/** One (Service, port): what a KUBE-SERVICES rule / an nft map element / an IPVS virtual server stands for. */
export interface BuiltServicePort {
  readonly id: number;
  readonly service: string;
  readonly namespace: string;
  readonly portName: string;
  readonly vip: number;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly local: boolean;
  /** sessionAffinity ClientIP timeout, ns (0 = none). */
  readonly affinityTimeout: number;
  /** trafficDistribution PreferClose: each node uses its zone's endpoints while there are any. */
  readonly preferClose: boolean;
  /** Pod ids of the endpoints, in kube-proxy order ("IP:port" sorted). */
  readonly endpoints: Int32Array;
  /** Target port of each endpoint (parallel to `endpoints`). */
  readonly endpointPorts: Int32Array;
  /**
   * Endpoint ids: the j-th endpoint of this port is endpoint `endpointBase + j`.
   * An endpoint id names one (service port, pod) pair, so per-endpoint counts
   * and policy state stay right when two Services share pods.
   */
  readonly endpointBase: number;
}

export interface BuiltCluster {
  readonly nodeNames: readonly string[];
  readonly nodeZones: readonly string[];
  /** Pod → node index. */
  readonly podNode: Int32Array;
  /** Pod → IPv4 (u32). */
  readonly podIP: Uint32Array;
  /** Pod → index into `workloads`, or −1 for a pod nobody sends traffic to. */
  readonly podWorkload: Int32Array;
  readonly podNames: readonly string[];
  readonly workloads: readonly BuiltWorkload[];
  readonly servicePorts: readonly BuiltServicePort[];
  /** ClusterIP of every Service by `ns/name` (headless ones absent). */
  readonly clusterIPs: ReadonlyMap<string, number>;
  /** (ClusterIP, port, proto) → service-port id; background service ports map to ids ≥ servicePorts.length. */
  readonly table: ServiceTable;
  /** Service ports in the tables, background included (rule count for the iptables cost model). */
  readonly tableEntries: number;
  /** Endpoint ids in all: [0, endpointCount) over every service port (BuiltServicePort.endpointBase). */
  readonly endpointCount: number;
  /** Traffic entry → service-port id. */
  readonly trafficTargets: Int32Array;
  /** Traffic entry → sending node indices. */
  readonly trafficNodes: readonly Int32Array[];
}

/** Pod CIDR: node k owns 10.(128 + ⌊k/256⌋).(k mod 256).0/24; pods take .2 upwards (10.128.0.0/9 in all). */
export function podAddress(node: number, index: number): number {
  return ((10 << 24) | ((128 + (node >> 8)) << 16) | ((node & 255) << 8) | (index + 2)) >>> 0;
}

/** The name kube-proxy and `kubectl` would show for a pod of a Deployment: `<deploy>-<rs hash>-<suffix>`. */
function podName(deployment: string, i: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 2166136261;
  for (let k = 0; k < deployment.length; k++) h = Math.imul(h ^ deployment.charCodeAt(k), 16777619);
  let rs = '';
  let x = h >>> 0;
  for (let k = 0; k < 10; k++) {
    rs += alphabet[x % alphabet.length];
    x = Math.floor(x / alphabet.length) + Math.imul(k + 7, 2654435761 >>> 0);
    x >>>= 0;
  }
  let suffix = '';
  let y = (Math.imul(i + 1, 2654435761) ^ h) >>> 0;
  for (let k = 0; k < 5; k++) {
    suffix += alphabet[y % alphabet.length];
    y = Math.floor(y / alphabet.length);
  }
  return `${deployment}-${rs}-${suffix}`;
}

function key(ns: string, name: string): string {
  return `${ns}/${name}`;
}

function err(pos: SourcePos, path: string, expected: string, got: string): ModelError {
  return new ModelError([`${pos.file}:${pos.line}:${pos.col}: ${path}: expected ${expected}, got ${got}`]);
}

/** Resolve a Service targetPort for a pod of `d`: number as is, name via the pod's container ports; null if the pod lacks it. */
function resolveTargetPort(target: number | string, d: DeploymentSpec): number | null {
  if (typeof target === 'number') return target;
  for (const cp of d.containerPorts) if (cp.name === target) return cp.containerPort;
  return null;
}

export function buildCluster(point: PointModel): BuiltCluster {
  const spec = point.spec;
  const nodes = spec.cluster.nodes;
  const nodeCount = nodes.length;
  const nodeIndex = new Map<string, number>();
  nodes.forEach((n, i) => nodeIndex.set(n.name, i));
  const zoneNames = [...new Set(nodes.map((n) => n.zone))];
  const nodeZone = new Int32Array(nodeCount);
  nodes.forEach((n, i) => (nodeZone[i] = zoneNames.indexOf(n.zone)));

  // ---- workloads: one per Deployment that has a workloads entry
  const workloadOf = new Map<string, number>();
  const workloads: BuiltWorkload[] = [];
  for (const w of spec.workloads) {
    workloadOf.set(key(w.namespace, w.deployment), workloads.length);
    workloads.push({
      deployment: w.deployment,
      namespace: w.namespace,
      dist: distParams(w.serviceTime),
      concurrency: w.concurrency,
    });
  }

  // ---- pods, ClusterIPs, and each Service port's endpoints
  const pods = placePods(point, nodeZone, zoneNames.length, workloadOf);
  const { podNode, podIP, podWorkload, podDeployment, podNames } = pods;
  const { alloc, clusterIPs } = allocateClusterIPs(point);
  const { servicePorts, portIds } = servicePortEndpoints(point, clusterIPs, pods);

  // ---- the ServiceTable: every service port of the file plus the background ones
  const bg = spec.cluster.background.services;
  const tableEntries = servicePorts.length + bg;
  const table = ServiceTable.create(Math.max(16, tableEntries));
  for (const sp of servicePorts) table.insert(sp.vip, sp.port, PROTO_NUMBER[sp.protocol], sp.id);
  for (let b = 0; b < bg; b++) table.insert(alloc.allocate(), 80, PROTO_NUMBER.TCP, servicePorts.length + b);

  // ---- traffic: resolve targets and sending nodes
  const trafficTargets = new Int32Array(spec.traffic.length);
  const trafficNodes: Int32Array[] = [];
  spec.traffic.forEach((t, ti) => {
    trafficTargets[ti] = resolveTarget(t, ti, point.services, clusterIPs, portIds, servicePorts, (pod) =>
      podWorkload[pod]! >= 0 ? null : point.deployments[podDeployment[pod]!]!,
    );
    trafficNodes.push(sendingNodes(t, ti, nodes, nodeIndex));
  });

  return {
    nodeNames: nodes.map((n) => n.name),
    nodeZones: nodes.map((n) => n.zone),
    podNode,
    podIP,
    podWorkload,
    podNames,
    workloads,
    servicePorts,
    clusterIPs,
    table,
    tableEntries,
    endpointCount: servicePorts.reduce((n, sp) => n + sp.endpoints.length, 0),
    trafficTargets,
    trafficNodes,
  };
}

/** The pods of every Deployment, in Deployment then replica order. */
interface PlacedPods {
  readonly podNode: Int32Array;
  readonly podIP: Uint32Array;
  readonly podWorkload: Int32Array;
  readonly podDeployment: Int32Array;
  readonly podNames: string[];
  /** Deployment di's pods are ids firstPod[di] .. firstPod[di + 1] − 1. */
  readonly firstPod: Int32Array;
}

/** Pods spread like the default scheduler (placement.ts); node k's pods get IPs from its /24. */
function placePods(point: PointModel, nodeZone: Int32Array, zones: number, workloadOf: ReadonlyMap<string, number>): PlacedPods {
  const nodeCount = nodeZone.length;
  let totalPods = 0;
  for (const d of point.deployments) totalPods += d.replicas;
  if (totalPods > nodeCount * MAX_PODS_PER_NODE) {
    const d0 = point.deployments[0]!;
    throw err(d0.pos, 'spec.replicas', `at most ${MAX_PODS_PER_NODE} pods per node (${nodeCount * MAX_PODS_PER_NODE} on ${nodeCount} nodes)`, `${totalPods} pods`);
  }
  const podNode = new Int32Array(totalPods);
  const podIP = new Uint32Array(totalPods);
  const podWorkload = new Int32Array(totalPods);
  const podDeployment = new Int32Array(totalPods);
  const podNames: string[] = [];
  const placement = new Placement(nodeZone, zones);
  const firstPod = new Int32Array(point.deployments.length + 1);
  let pod = 0;
  point.deployments.forEach((d, di) => {
    firstPod[di] = pod;
    const wl = workloadOf.get(key(d.namespace, d.name)) ?? -1;
    const before = Int32Array.from(placement.onNode);
    const nodesOf = placement.place(d.replicas, stream(point.spec.seed, 0, 'scheduler', key(d.namespace, d.name)));
    for (let r = 0; r < d.replicas; r++) {
      const n = nodesOf[r]!;
      podNode[pod] = n;
      podIP[pod] = podAddress(n, before[n]!++);
      podWorkload[pod] = wl;
      podDeployment[pod] = di;
      podNames.push(podName(d.name, r));
      pod++;
    }
  });
  firstPod[point.deployments.length] = pod;
  return { podNode, podIP, podWorkload, podDeployment, podNames, firstPod };
}

/**
 * ClusterIPs as the apiserver hands them out: explicit ones first, then
 * kubernetes.default (.1) and kube-dns (.10) unless the file claims them, then
 * the rest in file order. The allocator is returned for the background Services.
 */
function allocateClusterIPs(point: PointModel): { alloc: ClusterIPAllocator; clusterIPs: Map<string, number> } {
  const alloc = new ClusterIPAllocator(stream(point.spec.seed, 0, 'clusterip-allocator'));
  const clusterIPs = new Map<string, number>();
  for (const s of point.services) {
    if (s.headless || s.clusterIP === null) continue;
    try {
      alloc.reserve(s.clusterIP);
    } catch (e) {
      throw err(s.pos, 'spec.clusterIP', 'a free address in 10.96.0.0/12', `${formatIPv4(s.clusterIP)} (${(e as Error).message})`);
    }
    clusterIPs.set(key(s.namespace, s.name), s.clusterIP);
  }
  for (const wellKnown of ['10.96.0.1', '10.96.0.10']) {
    const ip = parseIPv4(wellKnown)!;
    if (!alloc.has(ip)) alloc.reserve(ip);
  }
  for (const s of point.services) {
    if (s.headless || s.clusterIP !== null) continue;
    clusterIPs.set(key(s.namespace, s.name), alloc.allocate());
  }
  return { alloc, clusterIPs };
}

/**
 * Every Service port with its endpoints as the EndpointSlice controller
 * publishes them (selected pods that have the target port) and kube-proxy
 * orders them ("IP:port" strings, sorted — endpointslicecache.go).
 */
function servicePortEndpoints(
  point: PointModel,
  clusterIPs: ReadonlyMap<string, number>,
  pods: PlacedPods,
): { servicePorts: BuiltServicePort[]; portIds: Map<string, number> } {
  const servicePorts: BuiltServicePort[] = [];
  const portIds = new Map<string, number>(); // ns/name/portName and ns/name/#port → id
  let endpointBase = 0;
  for (const s of point.services) {
    if (s.headless) continue;
    const vip = clusterIPs.get(key(s.namespace, s.name))!;
    for (const p of s.ports) {
      const eps: { pod: number; port: number; text: string }[] = [];
      if (s.selector !== null) {
        // a Deployment's pods share its template labels and ports: match once per Deployment
        point.deployments.forEach((d, di) => {
          if (d.namespace !== s.namespace || !matchesEquality(s.selector!, d.podLabels)) return;
          const tp = resolveTargetPort(p.targetPort, d);
          if (tp === null) return;
          for (let i = pods.firstPod[di]!; i < pods.firstPod[di + 1]!; i++) eps.push({ pod: i, port: tp, text: `${formatIPv4(pods.podIP[i]!)}:${tp}` });
        });
      }
      eps.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
      const id = servicePorts.length;
      portIds.set(`${key(s.namespace, s.name)}/${p.name}`, id);
      portIds.set(`${key(s.namespace, s.name)}/#${p.port}`, id);
      servicePorts.push({
        id,
        service: s.name,
        namespace: s.namespace,
        portName: p.name,
        vip,
        port: p.port,
        protocol: p.protocol,
        local: s.internalTrafficPolicy === 'Local',
        affinityTimeout: s.affinityTimeoutSeconds * 1e9,
        preferClose: s.preferClose,
        endpoints: Int32Array.from(eps, (e) => e.pod),
        endpointPorts: Int32Array.from(eps, (e) => e.port),
        endpointBase,
      });
      endpointBase += eps.length;
    }
  }
  return { servicePorts, portIds };
}

function resolveTarget(
  t: TrafficSpec,
  ti: number,
  services: readonly ServiceSpec[],
  clusterIPs: ReadonlyMap<string, number>,
  portIds: ReadonlyMap<string, number>,
  servicePorts: readonly BuiltServicePort[],
  /** The Deployment of a pod that has no workloads entry, or null. */
  missingWorkload: (pod: number) => DeploymentSpec | null,
): number {
  const path = `spec.traffic[${ti}].target`;
  let svc: ServiceSpec | undefined;
  if (t.target.kind === 'name') {
    const tg = t.target;
    svc = services.find((s) => s.name === tg.service && s.namespace === tg.namespace);
  } else {
    const ip = t.target.ip;
    svc = services.find((s) => !s.headless && clusterIPs.get(key(s.namespace, s.name)) === ip);
  }
  if (svc === undefined || svc.headless) throw err(t.pos, path, 'a Service with a ClusterIP in this file', JSON.stringify(t.targetText));
  const port = t.target.port;
  const id =
    typeof port === 'number'
      ? portIds.get(`${key(svc.namespace, svc.name)}/#${port}`)
      : portIds.get(`${key(svc.namespace, svc.name)}/${port}`);
  if (id === undefined) {
    throw err(t.pos, path, `a port of Service ${svc.name} (${svc.ports.map((p) => p.port).join(', ')})`, JSON.stringify(t.targetText));
  }
  if (svc.selector === null) {
    throw err(t.pos, path, 'a Service with a selector (traffic to EndpointSlice-only Services is not yet supported)', JSON.stringify(t.targetText));
  }
  const sp = servicePorts[id]!;
  for (let i = 0; i < sp.endpoints.length; i++) {
    const d = missingWorkload(sp.endpoints[i]!);
    if (d !== null) {
      throw err(
        t.pos,
        path,
        `a spec.workloads entry for every Deployment behind Service ${svc.name}`,
        `none for Deployment ${d.namespace === 'default' ? '' : `${d.namespace}/`}${d.name} (how long do its pods take to serve a request?)`,
      );
    }
  }
  return id;
}

function sendingNodes(t: TrafficSpec, ti: number, nodes: PointModel['spec']['cluster']['nodes'], nodeIndex: ReadonlyMap<string, number>): Int32Array {
  const f = t.from;
  if (f.kind === 'all') return Int32Array.from(nodes, (_, i) => i);
  if (f.kind === 'zone') {
    const out = nodes.flatMap((n, i) => (n.zone === f.zone ? [i] : []));
    if (out.length === 0) throw err(t.pos, `spec.traffic[${ti}].from.zone`, 'a zone with nodes', JSON.stringify(f.zone));
    return Int32Array.from(out);
  }
  return Int32Array.from(f.nodes, (n) => {
    const i = nodeIndex.get(n);
    if (i === undefined) throw err(t.pos, `spec.traffic[${ti}].from.nodes`, 'a node name', JSON.stringify(n));
    return i;
  });
}

