/**
 * `clusterip-sim inspect`:
 *
 * - `inspect <scenario> [--node NAME]`: what kube-proxy (or Cilium, or a mesh
 *   proxy) would program on that node at t=0, in the data plane's own notation
 *   (formatters in src/routing/inspect/). One block per sweep point; with
 *   several points each block starts with a `# point i: key=value …` line.
 * - `inspect maglev --backends A,B,… [--weights 1,2,…] [--size M] [--hash
 *   cilium|envoy|ipvs]`: one Maglev table as CSV `slot,backend` on stdout
 *   (header, then M rows, backends named exactly as given); advice on stderr.
 *
 * Scenario keys of the coming data planes are read defensively: `proxy.mode`,
 * `proxy.scheduler` (ipvs, default rr), `proxy.algorithm` (ebpf: random |
 * maglev, default random; mesh: default round-robin), `proxy.maglevTableSize`
 * (ebpf maglev, default 16381); a Service's `sessionAffinity` ClientIP and its
 * timeout when the scenario layer provides them.
 */
import { loadScenarioFile } from '../scenario/index.js';
import type { PointModel, ServiceSpec } from '../scenario/types.js';
import { buildCluster, type BuiltCluster } from '../cluster/build.js';
import {
  CILIUM_MAGLEV_DEFAULT_SIZE,
  defaultMaglevSize,
  maglevAdvice,
  maglevInputProblems,
  maglevSizeProblem,
  maglevTable,
  MAGLEV_FLAVOURS,
  type MaglevFlavour,
} from '../routing/maglev.js';
import { BACKGROUND_SHOWN, type InspectNode, type InspectServicePort } from '../routing/inspect/view.js';
import { formatIptables } from '../routing/inspect/iptables.js';
import { formatNftables } from '../routing/inspect/nftables.js';
import { formatIpvs } from '../routing/inspect/ipvs.js';
import { formatEbpf } from '../routing/inspect/ebpf.js';
import { formatMesh } from '../routing/inspect/mesh.js';
import { EXIT_OK, UsageError } from './main.js';

// ---------------------------------------------------------------- maglev

export interface InspectMaglevOptions {
  readonly backends: string;
  readonly weights?: string;
  readonly size?: string;
  readonly hash?: string;
}

/** RFC 4180 quoting, only where needed. */
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function inspectMaglevCsv(o: InspectMaglevOptions): { csv: string; advice: string[] } {
  const problems: string[] = [];
  const hash = (o.hash ?? 'cilium') as MaglevFlavour;
  if (!MAGLEV_FLAVOURS.includes(hash)) problems.push(`--hash: expected one of ${MAGLEV_FLAVOURS.join(', ')}, got ${JSON.stringify(o.hash)}`);
  const keys = o.backends.split(',');
  let weights: number[] | null = null;
  if (o.weights !== undefined) {
    const parts = o.weights.split(',');
    if (parts.some((p) => !/^\d+$/.test(p))) problems.push(`--weights: expected comma-separated non-negative integers, got ${JSON.stringify(o.weights)}`);
    else weights = parts.map(Number);
  }
  let M = 0;
  let sizeRead = true;
  if (o.size !== undefined) {
    if (!/^\d+$/.test(o.size)) {
      problems.push(`--size: expected an integer table size, got ${JSON.stringify(o.size)}`);
      sizeRead = false;
    } else M = Number(o.size);
  } else if (MAGLEV_FLAVOURS.includes(hash)) {
    M = defaultMaglevSize(hash);
  }
  if (MAGLEV_FLAVOURS.includes(hash)) {
    // every size that was read is checked (0 and 1 too: a table needs ≥ 2 slots)
    const sp = sizeRead ? maglevSizeProblem(M, hash) : null;
    if (sp !== null) problems.push(`--size: ${sp}`);
    for (const p of maglevInputProblems(keys, weights, hash)) problems.push(`--backends/--weights: ${p}`);
  }
  if (problems.length > 0) throw new UsageError(problems.map((p) => `clusterip-sim inspect maglev: ${p}`).join('\n'));
  const table = maglevTable(keys, weights, M, hash);
  const names = keys.map(csvCell);
  const parts: string[] = ['slot,backend\n'];
  for (let s = 0; s < M; s++) {
    const e = table[s]!;
    parts.push(`${s},${e >= 0 ? names[e]! : ''}\n`);
  }
  const advice = maglevAdvice(M, keys.length);
  if (table.some((e) => e < 0)) advice.push('every weight is 0: the table is empty (IPVS leaves every slot without a destination)');
  return { csv: parts.join(''), advice };
}

export async function inspectMaglevCommand(o: InspectMaglevOptions): Promise<number> {
  const { csv, advice } = inspectMaglevCsv(o);
  process.stdout.write(csv);
  for (const a of advice) process.stderr.write(`advice: ${a}\n`);
  return EXIT_OK;
}

// ---------------------------------------------------------------- scenario

/** The pod CIDR the cluster build assigns (src/cluster/build.ts podAddress: 10.128.0.0/9). */
const CLUSTER_CIDR = '10.128.0.0/9';

function affinityTimeout(svc: ServiceSpec | undefined): number | null {
  if (svc === undefined) return null;
  const s = svc as unknown as Record<string, unknown>;
  if (s['sessionAffinity'] !== 'ClientIP') return null;
  for (const k of ['sessionAffinityTimeout', 'affinityTimeoutSeconds', 'timeoutSeconds']) {
    const v = s[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  const cfg = s['sessionAffinityConfig'] as { clientIP?: { timeoutSeconds?: unknown } } | undefined;
  const t = cfg?.clientIP?.timeoutSeconds;
  return typeof t === 'number' ? t : 10800;
}

/** One node's view of the built cluster at t=0. */
export function nodeView(point: PointModel, built: BuiltCluster, node: string): InspectNode {
  const ni = built.nodeNames.indexOf(node);
  if (ni < 0) throw new UsageError(`--node: expected one of ${built.nodeNames.join(', ')}, got ${JSON.stringify(node)}`);
  const specs = new Map(point.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const servicePorts: InspectServicePort[] = built.servicePorts.map((sp) => {
    // the endpoints of t=0: not those only a scenario event could bring (spare pods, relabelled ones)
    const initial = Array.from(sp.endpoints.keys()).filter((i) => sp.endpointInitial[i] === 1);
    const endpoints = initial.map((i) => {
      const pod = sp.endpoints[i]!;
      const pn = built.podNode[pod]!;
      return {
        ip: built.podIP[pod]!,
        port: sp.endpointPorts[i]!,
        pod: built.podNames[pod] ?? String(pod),
        node: built.nodeNames[pn] ?? '',
        zone: built.nodeZones[pn] ?? '',
        local: pn === ni,
      };
    });
    return {
      namespace: sp.namespace,
      name: sp.service,
      portName: sp.portName,
      protocol: sp.protocol,
      clusterIP: sp.vip,
      port: sp.port,
      internalTrafficPolicy: sp.local ? 'Local' : 'Cluster',
      affinityTimeout: affinityTimeout(specs.get(`${sp.namespace}/${sp.service}`)),
      endpoints,
    };
  });
  // Background Services sit in the ServiceTable only (ids ≥ servicePorts.length,
  // in allocation order, port 80/TCP): find the first few by scanning the CIDR.
  const bgCount = point.spec.cluster.background.services;
  const base = built.servicePorts.length;
  const shown: { name: string; clusterIP: number; port: number }[] = [];
  const want = Math.min(bgCount, BACKGROUND_SHOWN);
  if (want > 0) {
    const t = built.table;
    const size = 2 ** (32 - t.prefix);
    const found: { id: number; ip: number }[] = [];
    for (let off = 0; off < size && found.length < want; off++) {
      const ip = (t.network + off) >>> 0;
      const id = t.lookup(ip, 80, 6);
      if (id >= base && id < base + want) found.push({ id, ip });
    }
    found.sort((a, b) => a.id - b.id);
    for (const f of found) shown.push({ name: `bg-${f.id - base + 1}`, clusterIP: f.ip, port: 80 });
  }
  return {
    node,
    clusterCIDR: CLUSTER_CIDR,
    serviceCIDR: built.table.cidr,
    servicePorts,
    background: { count: bgCount, endpointsPerService: point.spec.cluster.background.endpointsPerService, shown },
  };
}

/** The listing for one point in the mode its scenario selects. */
export function formatPoint(point: PointModel, view: InspectNode): string {
  const proxy = point.spec.cluster.proxy as unknown as Record<string, unknown>;
  const mode = String(proxy['mode']);
  switch (mode) {
    case 'iptables':
      return formatIptables(view);
    case 'nftables':
      return formatNftables(view);
    case 'ipvs':
      return formatIpvs(view, typeof proxy['scheduler'] === 'string' && proxy['scheduler'] !== '' ? proxy['scheduler'] : 'rr');
    case 'ebpf': {
      const algorithm = typeof proxy['algorithm'] === 'string' ? proxy['algorithm'] : 'random';
      const size = typeof proxy['maglevTableSize'] === 'number' ? proxy['maglevTableSize'] : CILIUM_MAGLEV_DEFAULT_SIZE;
      if (algorithm === 'maglev') {
        const p = maglevSizeProblem(size, 'cilium');
        if (p !== null) throw new UsageError(`cluster.proxy.maglevTableSize: ${p}`);
      }
      return formatEbpf(view, { algorithm, maglevTableSize: size });
    }
    case 'mesh':
      return formatMesh(view, typeof proxy['algorithm'] === 'string' ? proxy['algorithm'] : 'round-robin');
    default:
      throw new UsageError(`clusterip-sim inspect: cluster.proxy.mode ${JSON.stringify(mode)} has no listing`);
  }
}

export async function inspectScenarioCommand(file: string, node: string): Promise<number> {
  const loaded = loadScenarioFile(file);
  for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
  const blocks: string[] = [];
  for (const point of loaded.points) {
    const built = buildCluster(point);
    const text = formatPoint(point, nodeView(point, built, node));
    if (loaded.points.length > 1) {
      const params = point.params.map((p) => `${p.path}=${p.value}`).join(' ');
      blocks.push(`# point ${point.index}: ${params}\n${text}`);
    } else {
      blocks.push(text);
    }
  }
  process.stdout.write(blocks.join('\n'));
  return EXIT_OK;
}
