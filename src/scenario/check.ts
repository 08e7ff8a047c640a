/**
 * Checks that span documents: a workload names a Deployment of the file, a
 * traffic target resolves to a Service port with a ClusterIP; and the
 * scenario-wide limits (pods, requests).
 */
import { formatIPv4, inServiceCIDR, parseIPv4, parseServiceCIDRText, SERVICE_CIDR } from './ipv4.js';
import { getAt, report } from './issues.js';
import type { Path } from './errors.js';
import type { Ctx } from './issues.js';
import type { SpecRefs } from './schema.js';
import type { DeploymentSpec, EndpointSliceSpec, ScenarioSpec, ServiceSpec, TrafficSpec } from './types.js';
import { MAX_PODS_PER_NODE } from '../cluster/placement.js';

export const MAX_PODS = 150_000;
export const MAX_REQUESTS = 1e9;

/** What the Kubernetes documents of a file define, plus the names of objects that failed validation (not reported again as missing). */
export interface KubeIndex {
  readonly services: readonly ServiceSpec[];
  readonly deployments: readonly DeploymentSpec[];
  /** EndpointSlices of selector-less Services (the ones the build reads). */
  readonly endpointSlices: readonly EndpointSliceSpec[];
  /** `ns/name` of Services / Deployments that had problems of their own. */
  readonly brokenServices: ReadonlySet<string>;
  readonly brokenDeployments: ReadonlySet<string>;
  /** Some document could not be read: skip "not found" checks entirely. */
  readonly incomplete: boolean;
}

function list(names: readonly string[]): string {
  if (names.length === 0) return 'none in this file';
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')}, …`;
}

/** Reports references of one point's spec that do not resolve (ctx rooted at the spec). True if all resolve. */
export function checkReferences(refs: SpecRefs, kube: KubeIndex, ctx: Ctx): boolean {
  const before = ctx.problems.count;
  refs.workloads.forEach((w) => {
    const i = w.index;
    const key = `${w.namespace}/${w.deployment}`;
    if (kube.deployments.some((d) => d.name === w.deployment && d.namespace === w.namespace)) return;
    if (kube.incomplete || kube.brokenDeployments.has(key)) return;
    report(ctx, ['workloads', i, 'deployment'], `the name of a Deployment in this file (${list(kube.deployments.map((d) => `${d.namespace}/${d.name}`))})`, JSON.stringify(w.deployment), w.namespace === 'default' ? undefined : `namespace ${w.namespace}`);
  });
  refs.slices.forEach((w) => {
    if (kube.endpointSlices.some((e) => e.name === w.endpointSlice && e.namespace === w.namespace) || kube.incomplete) return;
    const names = kube.endpointSlices.map((e) => `${e.namespace}/${e.name}`);
    report(ctx, ['workloads', w.index, 'endpointSlice'], `the name of an EndpointSlice of a selector-less Service in this file (${list(names)})`, JSON.stringify(w.endpointSlice), w.namespace === 'default' ? undefined : `namespace ${w.namespace}`);
  });
  refs.targets.forEach((t) => {
    const at = ['traffic', t.index, 'target'] as const;
    const got = JSON.stringify(t.text);
    const target = t.target;
    if (target.kind === 'ip') {
      const svc = kube.services.find((s) => s.clusterIP === target.ip);
      if (svc === undefined) {
        if (kube.incomplete || kube.brokenServices.size > 0) return;
        const ips = kube.services.filter((s) => s.clusterIP !== null).map((s) => `${formatIPv4(s.clusterIP!)} (${s.name})`);
        report(ctx, at, `the clusterIP of a Service in this file (${list(ips)})`, got);
        return;
      }
      if (!svc.ports.some((p) => p.port === target.port)) {
        report(ctx, at, `a port of Service ${svc.namespace}/${svc.name} (${list(svc.ports.map((p) => String(p.port)))})`, got);
      }
      return;
    }
    const key = `${target.namespace}/${target.service}`;
    const svc = kube.services.find((s) => s.name === target.service && s.namespace === target.namespace);
    if (svc === undefined) {
      if (kube.incomplete || kube.brokenServices.has(key)) return;
      report(ctx, at, `a Service in this file (${list(kube.services.map((s) => `${s.namespace}/${s.name}`))})`, got, `no Service ${key}`);
      return;
    }
    if (svc.headless) {
      report(ctx, at, 'a Service with a ClusterIP', got, `${key} is headless: no virtual IP, no kube-proxy rules`);
      return;
    }
    const port = target.port;
    const ok = typeof port === 'number' ? svc.ports.some((p) => p.port === port) : svc.ports.some((p) => p.name === port);
    if (!ok) {
      const ports = svc.ports.map((p) => (p.name === '' ? String(p.port) : `${p.port} (${p.name})`));
      report(ctx, at, `a port of Service ${key}: ${list(ports)}`, got);
    }
  });
  return ctx.problems.count === before;
}

/** Expected requests of one point over all its runs: Σ rate × (warmup + duration) × runs (closed loops: offeredRate's bound). */
export function expectedRequests(spec: ScenarioSpec): number {
  const seconds = (spec.warmup + spec.duration) / 1e9;
  return spec.traffic.reduce((n, t) => n + offeredRate(t) * seconds, 0) * spec.runs;
}

/**
 * A source's rate, requests/s: an open loop's `rate`; for closed-loop users an
 * upper bound, users / thinkTime (a user sends at most once per think time;
 * with no think time, once per millisecond) — for the request limit and the
 * progress line, not for the model.
 */
export function offeredRate(t: TrafficSpec): number {
  const c = t.closed ?? null;
  if (c === null) return t.arrival.rate;
  return c.users / (Math.max(c.thinkTime, 1_000_000) / 1e9);
}

/**
 * The kubelet admits at most MAX_PODS_PER_NODE pods per node, so Σ replicas
 * must fit on the point's nodes; reported at the largest Deployment's
 * `spec.replicas` (ctx of each Deployment rooted at its object).
 */
export function checkPodsPerNode(spec: ScenarioSpec, deployments: readonly { spec: DeploymentSpec; ctx: Ctx }[]): void {
  const nodes = spec.cluster.nodes.length;
  const pods = deployments.reduce((n, d) => n + d.spec.replicas, 0);
  // above MAX_PODS the scenario-wide limit says it (once, not per point)
  if (pods <= nodes * MAX_PODS_PER_NODE || pods > MAX_PODS || deployments.length === 0) return;
  const biggest = [...deployments].sort((a, b) => b.spec.replicas - a.spec.replicas)[0]!;
  report(
    biggest.ctx,
    ['spec', 'replicas'],
    `at most ${MAX_PODS_PER_NODE} pods per node: ${nodes * MAX_PODS_PER_NODE} on ${nodes} node${nodes === 1 ? '' : 's'} (kubelet maxPods)`,
    String(biggest.spec.replicas),
    deployments.filter((d) => d.spec.replicas > 0).length > 1 ? `${pods} pods in all Deployments; add nodes under spec.cluster.nodes` : 'add nodes under spec.cluster.nodes',
  );
}

/**
 * An explicit `spec.clusterIP` must be a usable address of the service CIDR
 * (the apiserver: "the provided IP is not in the valid range"). Checked once
 * the Scenario is read, since `cluster.serviceCIDR` may come after the
 * Service in the file; reported at the Service's `spec.clusterIP`.
 * `reported` keeps one message per (Service, CIDR) over the sweep points.
 */
export function checkClusterIPs(clusterIPs: readonly ClusterIPRef[], cidr: string, reported: Set<string>): void {
  for (const c of clusterIPs) {
    if (inServiceCIDR(c.ip, cidr)) continue;
    const key = `${c.ctx.loc.at(c.path).line}:${c.ctx.loc.at(c.path).col} ${cidr}`;
    if (reported.has(key)) continue;
    reported.add(key);
    report(c.ctx, c.path, `an IPv4 address in the service CIDR ${cidr} (spec.cluster.serviceCIDR; not its network or broadcast address)`, JSON.stringify(formatIPv4(c.ip)));
  }
}

/** An explicit IPv4 ClusterIP as written in a Service object (read even from a Service with other problems). */
export interface ClusterIPRef {
  readonly ip: number;
  /** The Service object's ctx and the path of the address in it. */
  readonly ctx: Ctx;
  readonly path: Path;
}

/** The explicit IPv4 ClusterIP of a Service object as written: spec.clusterIP, else spec.clusterIPs[0]. */
export function clusterIPRef(value: unknown, ctx: Ctx): ClusterIPRef | undefined {
  for (const path of [['spec', 'clusterIP'], ['spec', 'clusterIPs', 0]] as Path[]) {
    const v = getAt(value, path);
    if (v === undefined) continue;
    const ip = typeof v === 'string' ? parseIPv4(v) : null;
    return ip === null ? undefined : { ip, ctx, path };
  }
  return undefined;
}

/**
 * Every Service needs a ClusterIP from `cluster.serviceCIDR`, and so do the
 * apiserver's own kubernetes.default (its first address) and kube-dns (its
 * 10th, in ranges that have one) unless the file's Services claim them, and
 * every background Service (cluster/build.ts allocateClusterIPs): a range too
 * small for them all is reported here, at the background count or the CIDR,
 * rather than failing when the cluster is built.
 */
export function checkServiceCIDRRoom(spec: ScenarioSpec, services: readonly ServiceSpec[], ctx: Ctx): void {
  const cidr = parseServiceCIDRText(spec.cluster.serviceCIDR ?? SERVICE_CIDR);
  if (cidr === null) return; // reported where the CIDR is read
  const size = 2 ** (32 - cidr.prefix) - 2;
  const withIP = services.filter((s) => !s.headless);
  const claimed = new Set(withIP.map((s) => s.clusterIP).filter((ip): ip is number => ip !== null));
  const defaults = [0, 9].filter((o) => o < size && !claimed.has((cidr.network + 1 + o) >>> 0)).length;
  const used = withIP.length + defaults;
  const bg = spec.cluster.background.services;
  if (used + bg <= size) return;
  const parts = `${withIP.length} for the file's Services${defaults > 0 ? `, ${defaults} for kubernetes.default${defaults > 1 ? ' and kube-dns' : ''}` : ''}`;
  if (bg > 0 && used <= size) {
    report(ctx, ['cluster', 'background', 'services'], `at most ${size - used} background Services: cluster.serviceCIDR ${cidr.text} has ${size} addresses, ${parts}`, String(bg));
  } else {
    report(ctx, ['cluster', 'serviceCIDR'], `a service CIDR with room for ${used + bg} ClusterIPs (${parts}${bg > 0 ? `, ${bg} background` : ''})`, `${JSON.stringify(cidr.text)} (${size} addresses)`);
  }
}
