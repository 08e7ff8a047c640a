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
import { formatIPv4 } from '../routing/ipv4.js';
import { ModelError } from './model-error.js';
import { checkEventPods, relabelled, sparePods } from './event-pods.js';
import { matchesEquality } from './labels.js';
import type { DeploymentSpec, LabelSelector, PodLifecycleSpec, PointModel, ServiceSpec, SourcePos, TrafficSpec } from '../scenario/types.js';

export const PROTO_NUMBER = { TCP: 6, UDP: 17, SCTP: 132 } as const;

export { MAX_PODS_PER_NODE };

export interface BuiltWorkload {
  /** The Deployment whose pods serve with this workload; '' for an EndpointSlice's endpoints. */
  readonly deployment: string;
  /** The EndpointSlice whose endpoints serve with this workload (selector-less Services), else null. */
  readonly endpointSlice: string | null;
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
  /**
   * 1 where the endpoint exists at t=0; 0 for one that only a scenario event
   * can bring: a spare pod's, or a pod's whose labels a relabel-pod event
   * makes match the selector.
   */
  readonly endpointInitial: Uint8Array;
  /** The Service's equality selector (null: selector-less), for relabel-pod. */
  readonly selector: Readonly<Record<string, string>> | null;
}

export interface BuiltDeployment {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly lifecycle: PodLifecycleSpec | undefined;
  /** The pod template's labels, and the ReplicaSet's selector (a relabelled pod that leaves it is replaced). */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly selector: LabelSelector;
}

export interface BuiltCluster {
  readonly nodeNames: readonly string[];
  readonly nodeZones: readonly string[];
  /**
   * Pod → node index. "Pods" are also the servers behind selector-less
   * Services (EndpointSlice endpoints that are no pod of a Deployment): on
   * the node whose pod range holds their address, or −1 (`external`: on no
   * node, in no zone, reached with network.externalLatency).
   */
  readonly podNode: Int32Array;
  /** Pod → IPv4 (u32). */
  readonly podIP: Uint32Array;
  /** Pod → index into `workloads`, or −1 for a pod nobody sends traffic to. */
  readonly podWorkload: Int32Array;
  readonly podNames: readonly string[];
  /** Pod → Deployment index (PointModel.deployments), or −1 for an EndpointSlice server. */
  readonly podDeployment: Int32Array;
  /**
   * 1 for a pod that does not exist at t=0: one a scenario event may create
   * (scale-up, rollout, a replacement after eviction). Such pods are placed,
   * named and given endpoint ids up front (sparePods says how many), so that
   * every id space stays fixed for the run; the control plane brings one to
   * life when an event needs it.
   */
  readonly podSpare: Uint8Array;
  /** The file's Deployments (PointModel.deployments order): what scale, rollout and eviction act on. */
  readonly deployments: readonly BuiltDeployment[];
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

/** The node whose pod range (podAddress) holds `ip`, or −1 (an address on no node of `nodes`). */
export function nodeOfPodAddress(ip: number, nodes: number): number {
  const u = ip >>> 0;
  if (u >>> 24 !== 10 || ((u >>> 16) & 255) < 128) return -1;
  const k = ((((u >>> 16) & 255) - 128) << 8) | ((u >>> 8) & 255);
  return k < nodes ? k : -1;
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
    workloadOf.set(w.endpointSlice === null ? key(w.namespace, w.deployment) : `slice:${key(w.namespace, w.endpointSlice)}`, workloads.length);
    workloads.push({
      deployment: w.deployment,
      endpointSlice: w.endpointSlice,
      namespace: w.namespace,
      dist: distParams(w.serviceTime),
      concurrency: w.concurrency,
    });
  }

  // ---- pods, ClusterIPs, and each Service port's endpoints
  const pods = sliceServers(point, placePods(point, nodeZone, zoneNames.length, workloadOf), workloadOf);
  const { podNode, podIP, podWorkload, podDeployment, podNames, podSpare } = pods;
  checkEventPods(point, podNames, pods.podSpare);
  const { alloc, clusterIPs } = allocateClusterIPs(point);
  const { servicePorts, portIds } = servicePortEndpoints(point, clusterIPs, pods);

  // ---- the ServiceTable: every service port of the file plus the background ones
  const bg = spec.cluster.background.services;
  const tableEntries = servicePorts.length + bg;
  const table = ServiceTable.create(Math.max(16, tableEntries), alloc.cidr);
  for (const sp of servicePorts) table.insert(sp.vip, sp.port, PROTO_NUMBER[sp.protocol], sp.id);
  for (let b = 0; b < bg; b++) table.insert(alloc.allocate(), 80, PROTO_NUMBER.TCP, servicePorts.length + b);

  // ---- traffic: resolve targets and sending nodes
  const trafficTargets = new Int32Array(spec.traffic.length);
  const trafficNodes: Int32Array[] = [];
  spec.traffic.forEach((t, ti) => {
    trafficTargets[ti] = resolveTarget(t, ti, point.services, clusterIPs, portIds, servicePorts, (pod) => {
      if (podWorkload[pod]! >= 0) return null;
      const di = podDeployment[pod]!;
      if (di >= 0) {
        const d = point.deployments[di]!;
        return { what: `Deployment ${d.namespace === 'default' ? '' : `${d.namespace}/`}${d.name}`, entry: 'Deployment' };
      }
      const slice = pods.podSlice[pod]!;
      return { what: `EndpointSlice ${slice} (endpoint ${formatIPv4(podIP[pod]!)}${podNode[pod]! < 0 ? ', external' : ''})`, entry: 'EndpointSlice' };
    });
    trafficNodes.push(sendingNodes(t, ti, nodes, nodeIndex));
  });

  return {
    nodeNames: nodes.map((n) => n.name),
    nodeZones: nodes.map((n) => n.zone),
    podNode,
    podIP,
    podWorkload,
    podNames,
    podDeployment,
    podSpare,
    deployments: point.deployments.map((d) => ({
      name: d.name,
      namespace: d.namespace,
      replicas: d.replicas,
      lifecycle: d.lifecycle,
      podLabels: d.podLabels,
      selector: d.selector,
    })),
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

/** The pods of every Deployment, in Deployment then replica order (then, after sliceServers, the EndpointSlice servers). */
interface PlacedPods {
  readonly podNode: Int32Array;
  readonly podIP: Uint32Array;
  readonly podWorkload: Int32Array;
  /** Pod → Deployment index, or −1 for an EndpointSlice server. */
  readonly podDeployment: Int32Array;
  readonly podNames: string[];
  /** Deployment di's pods are ids firstPod[di] .. firstPod[di + 1] − 1, then spareFirst[di] .. spareFirst[di + 1] − 1. */
  readonly firstPod: Int32Array;
  readonly spareFirst: Int32Array;
  readonly podSpare: Uint8Array;
}

interface ServedPods extends PlacedPods {
  /** Pod → `ns/name` of the EndpointSlice that made it a server ('' for a Deployment's pod). */
  readonly podSlice: readonly string[];
  /** Address → pod id, for every pod and server. */
  readonly byIP: ReadonlyMap<number, number>;
}

/**
 * The servers behind selector-less Services: every ready endpoint address of
 * a kept EndpointSlice that is not a pod of a Deployment becomes one (once,
 * whatever the number of slices naming it), after the Deployments' pods. Its
 * node is the one whose pod range holds the address, else −1 (external); its
 * workload is the `workloads[]` entry naming the slice that lists it first;
 * its name is the endpoint's targetRef name or hostname, else its address.
 */
function sliceServers(point: PointModel, placed: PlacedPods, workloadOf: ReadonlyMap<string, number>): ServedPods {
  const nodes = point.spec.cluster.nodes.length;
  const byIP = new Map<number, number>();
  for (let p = 0; p < placed.podIP.length; p++) byIP.set(placed.podIP[p]!, p);
  const node: number[] = [];
  const ip: number[] = [];
  const wl: number[] = [];
  const names: string[] = [];
  const slices: string[] = [];
  let next = placed.podIP.length;
  for (const sl of point.endpointSlices) {
    const sk = key(sl.namespace, sl.name);
    const w = workloadOf.get(`slice:${sk}`) ?? -1;
    for (const ep of sl.endpoints) {
      if (!ep.ready || byIP.has(ep.address)) continue;
      byIP.set(ep.address, next++);
      node.push(nodeOfPodAddress(ep.address, nodes));
      ip.push(ep.address);
      wl.push(w);
      names.push(ep.name ?? formatIPv4(ep.address));
      slices.push(sk);
    }
  }
  const P = placed.podIP.length;
  const concat = <T extends Int32Array | Uint32Array>(a: T, b: readonly number[], make: (n: number) => T): T => {
    const out = make(P + b.length);
    out.set(a);
    out.set(b, P);
    return out;
  };
  return {
    podNode: concat(placed.podNode, node, (n) => new Int32Array(n)),
    podIP: concat(placed.podIP, ip, (n) => new Uint32Array(n)),
    podWorkload: concat(placed.podWorkload, wl, (n) => new Int32Array(n)),
    podDeployment: concat(placed.podDeployment, node.map(() => -1), (n) => new Int32Array(n)),
    podNames: [...placed.podNames, ...names],
    firstPod: placed.firstPod,
    spareFirst: placed.spareFirst,
    podSpare: (() => {
      const out = new Uint8Array(P + node.length);
      out.set(placed.podSpare);
      return out;
    })(),
    podSlice: [...Array.from({ length: P }, () => ''), ...slices],
    byIP,
  };
}

/** Pods spread like the default scheduler (placement.ts); node k's pods get IPs from its /24. */
function placePods(point: PointModel, nodeZone: Int32Array, zones: number, workloadOf: ReadonlyMap<string, number>): PlacedPods {
  const nodeCount = nodeZone.length;
  let totalPods = 0;
  for (const d of point.deployments) totalPods += d.replicas;
  const spares = point.deployments.map((d) => sparePods(d, point.spec.events ?? []));
  const initialPods = totalPods;
  for (const n of spares) totalPods += n;
  if (initialPods > nodeCount * MAX_PODS_PER_NODE) {
    const d0 = point.deployments[0]!;
    throw err(d0.pos, 'spec.replicas', `at most ${MAX_PODS_PER_NODE} pods per node (${nodeCount * MAX_PODS_PER_NODE} on ${nodeCount} nodes)`, `${initialPods} pods`);
  }
  if (totalPods > nodeCount * MAX_PODS_PER_NODE) {
    const d0 = point.deployments[0]!;
    throw err(d0.pos, 'spec.replicas', `at most ${MAX_PODS_PER_NODE} pods per node, counting the pods the scenario's events may create (${nodeCount * MAX_PODS_PER_NODE} on ${nodeCount} nodes)`, `${initialPods} + ${totalPods - initialPods} pods`);
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
  // the pods events may create: placed after every initial pod, so that they change nothing at t=0
  const podSpare = new Uint8Array(totalPods);
  const spareFirst = new Int32Array(point.deployments.length + 1);
  point.deployments.forEach((d, di) => {
    spareFirst[di] = pod;
    const n = spares[di]!;
    if (n === 0) return;
    const wl = workloadOf.get(key(d.namespace, d.name)) ?? -1;
    const before = Int32Array.from(placement.onNode);
    const nodesOf = placement.place(n, stream(point.spec.seed, 0, 'scheduler-spare', key(d.namespace, d.name)));
    for (let r = 0; r < n; r++) {
      const nd = nodesOf[r]!;
      podNode[pod] = nd;
      podIP[pod] = podAddress(nd, before[nd]!++);
      podWorkload[pod] = wl;
      podDeployment[pod] = di;
      podSpare[pod] = 1;
      podNames.push(podName(d.name, d.replicas + r));
      pod++;
    }
  });
  spareFirst[point.deployments.length] = pod;
  return { podNode, podIP, podWorkload, podDeployment, podNames, firstPod, spareFirst, podSpare };
}

/**
 * ClusterIPs as the apiserver hands them out from `cluster.serviceCIDR`:
 * explicit ones first, then kubernetes.default (the range's first address)
 * and kube-dns (its 10th, kubelet --cluster-dns by convention; KUBE-FACTS §8)
 * unless the file claims them, then the rest in file order. The allocator is
 * returned for the background Services.
 */
function allocateClusterIPs(point: PointModel): { alloc: ClusterIPAllocator; clusterIPs: Map<string, number> } {
  const alloc = new ClusterIPAllocator(stream(point.spec.seed, 0, 'clusterip-allocator'), point.spec.cluster.serviceCIDR);
  const clusterIPs = new Map<string, number>();
  for (const s of point.services) {
    if (s.headless || s.clusterIP === null) continue;
    try {
      alloc.reserve(s.clusterIP);
    } catch (e) {
      throw err(s.pos, 'spec.clusterIP', `a free address in ${alloc.cidr}`, `${formatIPv4(s.clusterIP)} (${(e as Error).message})`);
    }
    clusterIPs.set(key(s.namespace, s.name), s.clusterIP);
  }
  for (const offset of [0, 9]) {
    if (offset >= alloc.size) continue; // a /29 or /30 has no 10th address
    const ip = (alloc.base + offset) >>> 0;
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
  pods: ServedPods,
): { servicePorts: BuiltServicePort[]; portIds: Map<string, number> } {
  const servicePorts: BuiltServicePort[] = [];
  const portIds = new Map<string, number>(); // ns/name/portName and ns/name/#port → id
  let endpointBase = 0;
  for (const s of point.services) {
    if (s.headless) continue;
    const vip = clusterIPs.get(key(s.namespace, s.name))!;
    for (const p of s.ports) {
      const eps: { pod: number; port: number; text: string; initial: boolean }[] = [];
      if (s.selector !== null) {
        // a Deployment's pods share its template labels and ports: match once per Deployment
        // (and once per set of labels its relabel-pod events can give them)
        point.deployments.forEach((d, di) => {
          if (d.namespace !== s.namespace) return;
          const now = matchesEquality(s.selector!, d.podLabels);
          if (!now && !relabelled(point, d, di, pods).some((l) => matchesEquality(s.selector!, l))) return;
          const tp = resolveTargetPort(p.targetPort, d);
          if (tp === null) return;
          for (let i = pods.firstPod[di]!; i < pods.firstPod[di + 1]!; i++) eps.push({ pod: i, port: tp, text: `${formatIPv4(pods.podIP[i]!)}:${tp}`, initial: now });
          for (let i = pods.spareFirst[di]!; i < pods.spareFirst[di + 1]!; i++) eps.push({ pod: i, port: tp, text: `${formatIPv4(pods.podIP[i]!)}:${tp}`, initial: false });
        });
      } else {
        // selector-less: the slices labelled kubernetes.io/service-name: <svc> in its namespace,
        // the slice port of the same name and protocol (kube-proxy matches Service and slice
        // ports by name: pkg/proxy/endpointslicecache.go), the endpoints not marked unready
        const seen = new Set<string>();
        for (const sl of point.endpointSlices) {
          if (sl.namespace !== s.namespace || sl.serviceName !== s.name) continue;
          const sp = sl.ports.find((q) => q.name === p.name && q.protocol === p.protocol);
          if (sp === undefined) continue;
          for (const ep of sl.endpoints) {
            if (!ep.ready) continue;
            const text = `${formatIPv4(ep.address)}:${sp.port}`;
            if (seen.has(text)) continue; // the same endpoint in two slices: one rule (kube-proxy dedups by "IP:port")
            seen.add(text);
            eps.push({ pod: pods.byIP.get(ep.address)!, port: sp.port, text, initial: true });
          }
        }
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
        endpointInitial: Uint8Array.from(eps, (e) => (e.initial ? 1 : 0)),
        selector: s.selector,
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
  /** What a pod with no workloads entry belongs to, or null. */
  missingWorkload: (pod: number) => { what: string; entry: 'Deployment' | 'EndpointSlice' } | null,
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
  const sp = servicePorts[id]!;
  for (let i = 0; i < sp.endpoints.length; i++) {
    const d = missingWorkload(sp.endpoints[i]!);
    if (d !== null) {
      throw err(
        t.pos,
        path,
        `a spec.workloads entry for every ${d.entry} behind Service ${svc.name}`,
        `none for ${d.what} (how long do its ${d.entry === 'Deployment' ? 'pods' : 'endpoints'} take to serve a request?)`,
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

