/**
 * Warnings about scenarios that load but cannot work as meant, computed from
 * the scenario before anything runs (so `--strict` can refuse them). Each is
 * positioned at the node that causes it:
 *
 * - a Service that traffic targets has no endpoints, and why: no Deployment's
 *   pods match its selector, the matching Deployments have `replicas: 0`, or
 *   no container declares the port a named `targetPort` asks for — every
 *   request is then refused (kube-proxy's REJECT rule);
 * - a numeric `targetPort` that no container of a selected Deployment
 *   declares (a real cluster still forwards to podIP:targetPort, which is
 *   refused unless the app happens to listen there; the simulator serves it);
 * - a Deployment with replicas that no Service selects (no traffic reaches it);
 * - per-pod offered load ρ = λ·E[S]/concurrency at or above 1 (or a `set`
 *   of its service time or concurrency that takes it there): queues grow without bound. λ
 *   per pod assumes each traffic source spreads its rate evenly over the
 *   endpoints it can reach (what random and round-robin balancing give on
 *   average);
 * - a service time written as a bare number, which is seconds (`mean: 5`
 *   is 5 s, not 5 ms);
 * - a client timeout that leaves less time than the service takes for ≥ 10 %
 *   of requests even on an idle cluster (P(S > timeout − 2 × latency), the
 *   least over the Deployments the traffic reaches);
 * - a targeted Service with `internalTrafficPolicy: Local` and fewer
 *   endpoints than sending nodes: some nodes have no local endpoint, whatever
 *   the placement, and their requests are dropped;
 * - retries on `timeout` without a client `timeout` (only an unanswered
 *   connect times out then, after 127 s of SYN retries);
 * - a targeted Service's `trafficDistribution: PreferClose` on nodes that
 *   all share one zone (or have none): it changes nothing;
 * - a targeted Service's `sessionAffinity: ClientIP` in mode mesh, whose
 *   sidecars do not read it (kube-proxy implements it; Envoy balances by its
 *   own algorithm);
 * - a `cluster.proxy` key (`scheduler`, `algorithm`, `maglevTableSize`) that
 *   no point's mode reads (`mode: iptables` with `algorithm: ewma`): it is
 *   ignored, as kube-proxy ignores `ipvs.scheduler` in iptables mode, which
 *   is what a sweep over the mode needs — but when no point reads it, the
 *   mode is most likely not the one meant (ignoredProxyKeys, over all points).
 */
import { matchesEquality } from '../cluster/labels.js';
import { MODE_NAMES, MODES } from '../routing/modes.js';
import { parsePathText } from './sweep.js';
import { distParams, quantile } from '../engine/distributions.js';
import { getAt } from './issues.js';
import type { Ctx } from './issues.js';
import type { Path } from './errors.js';
import type { DeploymentSpec, EndpointSliceSpec, ScenarioSpec, ServicePortSpec, ServiceSpec, ServiceTimeSpec, TrafficSpec } from './types.js';

export interface WarningInput {
  /** One sweep point's resolved spec. */
  readonly spec: ScenarioSpec;
  /** The same point's spec as written (after sweep values and --set), to see how values were written. */
  readonly rawSpec: unknown;
  /** Rooted at the Scenario's `spec`, positioned for this point. */
  readonly ctx: Ctx;
  readonly services: readonly ServiceSpec[];
  readonly deployments: readonly DeploymentSpec[];
  /** EndpointSlices of selector-less Services (absent: none). */
  readonly endpointSlices?: readonly EndpointSliceSpec[];
  /** Each Service / Deployment → the ctx rooted at its object (for positions inside it). */
  readonly objects: ReadonlyMap<object, Ctx>;
  /** '' for a scenario of one point, else e.g. ` (point 2: cluster.proxy.mode=ipvs)`. */
  readonly pointLabel: string;
}

/** Requests per second: whole numbers from 1000 up, else at most 4 significant digits; never an exponent. */
export function formatRate(x: number): string {
  return x >= 1000 ? String(Math.round(x)) : String(Number(x.toPrecision(4)));
}

/** A duration in ns as a person writes it: 10 ms, 1.5 s, 250 us. */
export function formatDuration(ns: number): string {
  const [unit, div] = ns >= 1e9 ? ['s', 1e9] : ns >= 1e6 ? ['ms', 1e6] : ns >= 1e3 ? ['us', 1e3] : ['ns', 1];
  return `${String(Number((ns / div).toPrecision(4)))} ${unit}`;
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? 'no labels' : parts.join(',');
}

function warnAt(ctx: Ctx, path: Path, message: string, key = false): void {
  ctx.problems.warn(ctx.loc.at(path, key), message);
}

/** The Service (and its port) a traffic source targets, if the file has it. */
function targetOf(t: TrafficSpec, services: readonly ServiceSpec[]): { svc: ServiceSpec; port: ServicePortSpec; portIndex: number } | undefined {
  const target = t.target;
  const svc =
    target.kind === 'name'
      ? services.find((s) => s.name === target.service && s.namespace === target.namespace)
      : services.find((s) => s.clusterIP === target.ip);
  if (svc === undefined || svc.headless) return undefined;
  const portIndex = svc.ports.findIndex((p) => (typeof target.port === 'number' ? p.port === target.port : p.name === target.port));
  const port = svc.ports[portIndex];
  return port === undefined ? undefined : { svc, port, portIndex };
}

function targetPortOf(port: ServicePortSpec, d: DeploymentSpec): number | null {
  if (typeof port.targetPort === 'number') return port.targetPort;
  for (const cp of d.containerPorts) if (cp.name === port.targetPort) return cp.containerPort;
  return null;
}

function selected(svc: ServiceSpec, deployments: readonly DeploymentSpec[]): DeploymentSpec[] {
  return svc.selector === null ? [] : deployments.filter((d) => d.namespace === svc.namespace && matchesEquality(svc.selector!, d.podLabels));
}

function declared(d: DeploymentSpec): string {
  if (d.containerPorts.length === 0) return 'it declares no container ports';
  return `it declares ${d.containerPorts.map((c) => `${c.containerPort}${c.name === '' ? '' : ` (${c.name})`}`).join(', ')}`;
}

function objName(o: { namespace: string; name: string }): string {
  return `${o.namespace}/${o.name}`;
}

/** Adds every warning of one point to ctx.problems (identical texts of other points collapse into one). */
export function scenarioWarnings(w: WarningInput): void {
  const { spec, ctx, services, deployments, objects } = w;
  const objCtx = (o: object): Ctx => objects.get(o) ?? ctx;

  // ---- targeted Services without endpoints; per-pod load -------------------------------
  const perPod = new Map<DeploymentSpec, { lambda: number; parts: string[] }>();
  const affinityWarned = new Set<ServiceSpec>();
  const closeWarned = new Set<ServiceSpec>();
  spec.traffic.forEach((t, ti) => {
    const hit = targetOf(t, services);
    const open = t.arrival.process !== 'closed'; // a closed loop sets its own pace: no rate to spread
    if (hit === undefined) return;
    if (hit.svc.selector === null) {
      // selector-less: endpoints from the slices labelled with its name, on the port of the same name
      const { svc, port } = hit;
      const ready = (w.endpointSlices ?? [])
        .filter((sl) => sl.namespace === svc.namespace && sl.serviceName === svc.name)
        .reduce((n, sl) => n + (sl.ports.some((q) => q.name === port.name && q.protocol === port.protocol) ? sl.endpoints.filter((e) => e.ready).length : 0), 0);
      if (ready === 0) {
        warnAt(
          objCtx(svc),
          ['metadata', 'name'],
          `traffic ${JSON.stringify(t.name)} → Service ${objName(svc)} port ${port.port} has no endpoints: the Service has no selector and no EndpointSlice labelled kubernetes.io/service-name: ${svc.name} lists a ready endpoint with port ${JSON.stringify(port.name)}; every request will be refused (kube-proxy rejects connections to a Service with no endpoints)`,
        );
      }
      return;
    }
    const { svc, port, portIndex } = hit;
    const sctx = objCtx(svc);
    const retry = t.retry ?? null;
    if (retry !== null && retry.on.includes('timeout') && t.timeout === null) {
      const k = retry.on.indexOf('timeout');
      warnAt(
        ctx,
        ['traffic', ti, 'retry', 'on', k],
        `traffic ${JSON.stringify(t.name)} retries on timeout but sets no timeout: a try then times out only when a connect gets no answer, after the kernel's SYN retries (127 s), and a request a pod accepts is never retried however long it takes; set traffic[${ti}].timeout${w.pointLabel}`,
      );
    }
    if (svc.affinityTimeoutSeconds > 0 && spec.cluster.proxy.mode === 'mesh' && !affinityWarned.has(svc)) {
      affinityWarned.add(svc);
      warnAt(
        sctx,
        ['spec', 'sessionAffinity'],
        `Service ${objName(svc)}: sessionAffinity: ClientIP is ignored in mode mesh — kube-proxy implements it, and a sidecar balances by its own algorithm (${spec.cluster.proxy.variant}); for a client that sticks to one endpoint use algorithm ring-hash or maglev (a source-IP hash)${w.pointLabel}`,
      );
    }
    const matched = selected(svc, deployments);
    const serving = matched.filter((d) => d.replicas > 0 && targetPortOf(port, d) !== null);
    const endpoints = serving.reduce((n, d) => n + d.replicas, 0);
    const what = `traffic ${JSON.stringify(t.name)} → Service ${objName(svc)} port ${port.port}`;
    if (endpoints === 0) {
      const refused = 'every request will be refused (kube-proxy rejects connections to a Service with no endpoints)';
      if (matched.length === 0) {
        const others = deployments.filter((d) => d.namespace === svc.namespace).map((d) => `${d.name} (${labelsText(d.podLabels)})`);
        warnAt(sctx, ['spec', 'selector'], `${what} has no endpoints: selector ${labelsText(svc.selector ?? {})} matches no pod (Deployments in namespace ${svc.namespace}: ${others.length === 0 ? 'none' : others.slice(0, 5).join(', ')}); ${refused}`);
      } else if (matched.every((d) => d.replicas === 0)) {
        const d = matched[0]!;
        warnAt(objCtx(d), ['spec', 'replicas'], `${what} has no endpoints: Deployment ${objName(d)} has replicas: 0${matched.length > 1 ? ` (and so do ${matched.length - 1} more)` : ''}; ${refused}`);
      } else {
        const d = matched.find((x) => x.replicas > 0)!;
        warnAt(sctx, ['spec', 'ports', portIndex, 'targetPort'], `${what} has no endpoints: no container of Deployment ${objName(d)} declares a port named ${JSON.stringify(port.targetPort)} (${declared(d)}); ${refused}`);
      }
      return;
    }
    if (t.timeout !== null) {
      // the share that times out even on an idle cluster: P(S > timeout − the two network legs), the
      // least over the Deployments it reaches (proxy costs and queueing only add to it)
      const room = t.timeout - 2 * spec.cluster.network.latency;
      let least = 1;
      let mildest: { d: DeploymentSpec; st: ServiceTimeSpec } | undefined; // the Deployment giving `least`
      for (const d of serving) {
        const wl = spec.workloads.find((x) => x.deployment === d.name && x.namespace === d.namespace);
        if (wl === undefined) continue;
        const f = serviceTail(wl.serviceTime, room);
        if (f < least || mildest === undefined) mildest = { d, st: wl.serviceTime };
        least = Math.min(least, f);
      }
      if (mildest !== undefined && least >= 0.1) {
        warnAt(
          ctx,
          ['traffic', ti, 'timeout'],
          `${what}: timeout ${formatDuration(t.timeout)} leaves ${formatDuration(Math.max(0, room))} to serve (after 2 × ${formatDuration(spec.cluster.network.latency)} network latency), and Deployment ${objName(mildest.d)}'s service time (${mildest.st.distribution}, mean ${formatDuration(mildest.st.mean)}) is longer than that ${least >= 0.9995 ? 'always' : `with probability ${(100 * least).toPrecision(3)} %`}: ${least >= 0.9995 ? 'every request' : 'at least that share of requests'} will time out even on an idle cluster${w.pointLabel}`,
        );
      }
    }
    if (svc.preferClose && !closeWarned.has(svc) && spec.cluster.nodes.every((n) => n.zone === spec.cluster.nodes[0]?.zone)) {
      closeWarned.add(svc);
      const zone = spec.cluster.nodes[0]?.zone ?? '';
      warnAt(
        sctx,
        ['spec', 'trafficDistribution'],
        `Service ${objName(svc)}: trafficDistribution: PreferClose changes nothing here — ${zone === '' ? 'no node has a zone (cluster.zones is empty)' : `every node is in zone ${zone}`}, so every endpoint is as close as any other; give the nodes zones (cluster.zones) to see it keep traffic in a zone${w.pointLabel}`,
      );
    }
    if (svc.internalTrafficPolicy === 'Local') {
      // each client's node routes only to endpoints on that node: with fewer endpoints than
      // sending nodes, some nodes have none whatever the placement, and drop what they send
      const from = t.from;
      const sending =
        from.kind === 'all' ? spec.cluster.nodes.length : from.kind === 'nodes' ? from.nodes.length : spec.cluster.nodes.filter((n) => n.zone === from.zone).length;
      if (endpoints < sending) {
        warnAt(
          sctx,
          ['spec', 'internalTrafficPolicy'],
          `${what} has internalTrafficPolicy: Local and ${endpoints} endpoint${endpoints === 1 ? '' : 's'} for ${sending} sending nodes: at least ${sending - endpoints} of them ${sending - endpoints === 1 ? 'has' : 'have'} no endpoint of ${sending - endpoints === 1 ? 'its' : 'their'} own, and kube-proxy drops what ${sending - endpoints === 1 ? 'it sends' : 'they send'} (errors_dropped) — on average ${Math.round((100 * (sending - endpoints)) / sending)} % of this traffic or more; use internalTrafficPolicy: Cluster, or as many replicas as sending nodes (a DaemonSet's shape)${w.pointLabel}`,
        );
      }
    }
    for (const d of open ? serving : []) {
      const share = t.arrival.rate / endpoints;
      const e = perPod.get(d) ?? { lambda: 0, parts: [] };
      e.lambda += share;
      e.parts.push(`traffic ${t.name}: ${formatRate(t.arrival.rate)} req/s over ${endpoints} endpoint${endpoints === 1 ? '' : 's'}`);
      perPod.set(d, e);
    }
  });
  for (const [d, { lambda, parts }] of perPod) {
    const wi = spec.workloads.findIndex((x) => x.deployment === d.name && x.namespace === d.namespace);
    const wl = spec.workloads[wi];
    if (wl === undefined) continue;
    const es = wl.serviceTime.mean / 1e9;
    const rho = (lambda * es) / wl.concurrency;
    if (!(rho >= 1)) {
      // a later `set` of its service time or concurrency may take it there (events are in time order)
      let mean = wl.serviceTime.mean;
      let conc = wl.concurrency;
      for (const e of spec.events ?? []) {
        const path = e.action === 'set' ? parsePathText(e.path ?? '') : null;
        if (path === null || path[0] !== 'workloads' || path[1] !== wi) continue;
        if (e.serviceTime !== null) mean = e.serviceTime.mean;
        else if (path[2] === 'concurrency' && typeof e.value === 'number') conc = e.value;
        else continue;
        const rho2 = (lambda * (mean / 1e9)) / conc;
        if (!(rho2 >= 1)) continue;
        warnAt(
          ctx,
          ['events', e.index, 'value'],
          `${e.text} at ${formatDuration(e.at)}: Deployment ${objName(d)}'s offered load per pod becomes ρ = ${rho2.toFixed(2)} (${Math.round(rho2 * 100)} %) ≥ 1 (λ = ${formatRate(lambda)} req/s per pod × E[S] = ${formatDuration(mean)} ÷ concurrency ${conc}; capacity ${formatRate(conc / (mean / 1e9))} req/s per pod), so its queue grows without bound from then on${w.pointLabel}`,
        );
        break;
      }
      continue;
    }
    const capacity = wl.concurrency / es;
    warnAt(
      ctx,
      ['workloads', wi, 'serviceTime', 'mean'],
      `Deployment ${objName(d)}: offered load per pod ρ = ${rho.toFixed(2)} (${Math.round(rho * 100)} %) ≥ 1: ` +
        `λ = ${formatRate(lambda)} req/s per pod (${parts.join('; ')}, spread evenly) × E[S] = ${formatDuration(wl.serviceTime.mean)} ÷ concurrency ${wl.concurrency}; ` +
        `capacity ${formatRate(capacity)} req/s per pod, so its queue grows without bound for the whole run${w.pointLabel}`,
    );
  }

  // ---- numeric targetPorts no container declares --------------------------------------
  for (const svc of services) {
    svc.ports.forEach((p, i) => {
      if (typeof p.targetPort !== 'number') return;
      for (const d of selected(svc, deployments)) {
        if (d.replicas === 0) continue;
        if (d.containerPorts.some((c) => c.containerPort === p.targetPort && c.protocol === p.protocol)) continue;
        const tp = p.targetPort;
        const hint = d.containerPorts.length === 1 ? `; set targetPort: ${d.containerPorts[0]!.name !== '' ? d.containerPorts[0]!.name : d.containerPorts[0]!.containerPort}` : '';
        warnAt(
          objCtx(svc),
          ['spec', 'ports', i, 'targetPort'],
          `Service ${objName(svc)} port ${p.port} → targetPort ${tp}: no container of Deployment ${objName(d)} declares containerPort ${tp}/${p.protocol} (${declared(d)}). ` +
            `A real cluster still forwards to podIP:${tp}, refused unless the app listens there (containerPort is informational); the simulator serves these requests as if it did${hint}`,
        );
      }
    });
  }

  // ---- Deployments no Service selects ------------------------------------------------------
  for (const d of deployments) {
    if (d.replicas === 0) continue;
    if (services.some((s) => s.selector !== null && s.namespace === d.namespace && matchesEquality(s.selector, d.podLabels))) continue;
    warnAt(objCtx(d), ['spec', 'template', 'metadata', 'labels'], `Deployment ${objName(d)}: no Service selects its pods (labels ${labelsText(d.podLabels)}), so no traffic reaches them`);
  }

  // ---- service times written as bare numbers -------------------------------------------------
  spec.workloads.forEach((_, i) => {
    for (const key of ['mean', 'spread'] as const) {
      const path = ['workloads', i, 'serviceTime', key];
      const raw = getAt(w.rawSpec, path);
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(raw) ? raw.trim() : undefined;
      if (text === undefined) continue;
      const ns = Number(text) * 1e9;
      warnAt(ctx, path, `serviceTime.${key}: ${text} is a bare number, so seconds (${formatDuration(ns)}); did you mean ${text}ms? Write the unit (${text}s or ${text}ms) to say which`);
    }
  });

  eventWarnings(w);
}

/**
 * Events that cannot do what they seem to: one in the warmup (its effect is
 * not counted), a `count` larger than the Deployment's replicas, new pods
 * (scale-up, rollout) of a Deployment without a readiness probe (Ready as
 * soon as the container starts, before it listens: refused meanwhile), and
 * terminations with a preStop hook at least as long as the grace period (the
 * pod is SIGKILLed before it can drain).
 */
function eventWarnings(w: WarningInput): void {
  const { spec, ctx, deployments } = w;
  const events = spec.events ?? [];
  const workloadOf = (d: DeploymentSpec) => spec.workloads.findIndex((x) => x.endpointSlice === null && x.deployment === d.name && x.namespace === d.namespace);
  const lifecycleOf = (d: DeploymentSpec) => {
    const wi = workloadOf(d);
    return wi >= 0 ? (spec.workloads[wi]!.lifecycle ?? d.lifecycle) : d.lifecycle;
  };
  const warned = new Set<string>();
  events.forEach((e, k) => {
    if (e.at < spec.warmup) {
      warnAt(ctx, ['events', k, 'at'], `event ${JSON.stringify(e.text)} at ${formatDuration(e.at)} falls in the warmup (${formatDuration(spec.warmup)}): the requests it affects before then are not counted (\`at\` counts from t=0, warmup included)`);
    }
    const t = e.target;
    if (t.kind !== 'deployment') return;
    const d = deployments.find((x) => x.name === t.deployment && x.namespace === t.namespace);
    if (d === undefined) return;
    if (['kill-pod', 'hang-pod', 'slow-pod', 'relabel-pod'].includes(e.action) && t.count > d.replicas) {
      warnAt(ctx, ['events', k, 'count'], `count ${t.count} is more than Deployment ${objName(d)}'s ${d.replicas} replicas: the event takes the pods that run then, at most ${d.replicas}`);
    }
    const life = lifecycleOf(d);
    const creates = e.action === 'rollout' || (e.action === 'scale' && (e.replicas ?? 0) > d.replicas);
    if (creates && life !== undefined && life.readinessProbe === null && !warned.has(`probe ${d.name}`)) {
      warned.add(`probe ${d.name}`);
      const wi = workloadOf(d);
      const startup = wi >= 0 ? spec.workloads[wi]!.startupTime : 0;
      warnAt(ctx, ['events', k, 'action'], `${e.action} of Deployment ${objName(d)}, which has no readinessProbe: each new pod is Ready (and routed to) as soon as its container starts, before it listens (startupTime ${formatDuration(startup)}), so connections to it are refused meanwhile — as in a real cluster; add a readinessProbe to see the difference`);
    }
    const terminates = e.action === 'rollout' || (e.action === 'scale' && (e.replicas ?? 0) < d.replicas);
    if (terminates && life !== undefined && life.preStop > 0 && life.preStop >= life.terminationGracePeriod && !warned.has(`grace ${d.name}`)) {
      warned.add(`grace ${d.name}`);
      warnAt(ctx, ['events', k, 'action'], `${e.action} of Deployment ${objName(d)}: its preStop (${formatDuration(life.preStop)}) is not shorter than terminationGracePeriodSeconds (${formatDuration(life.terminationGracePeriod)}), so each old pod is SIGKILLed before it can drain: requests still in it are reset`);
    }
  });
}

/** Modes (and variants) reading each `cluster.proxy` key other than mode and cost, from the mode registry. */
function proxyKeyReaders(): Map<string, { mode: string; variants: readonly string[] | null }[]> {
  const readers = new Map<string, { mode: string; variants: readonly string[] | null }[]>();
  const add = (key: string, r: { mode: string; variants: readonly string[] | null }): void => {
    readers.set(key, [...(readers.get(key) ?? []), r]);
  };
  for (const m of MODE_NAMES) {
    const def = MODES[m];
    if (def.variant !== null) add(def.variant.key, { mode: m, variants: null });
    for (const [key, x] of Object.entries(def.extra)) add(key, { mode: m, variants: x.variants });
  }
  return readers;
}

/**
 * Over all points of a scenario: a `cluster.proxy` key that was written but
 * that no point's mode reads (`mode: iptables` with `algorithm: ewma`, a
 * `maglevTableSize` without `algorithm: maglev`) gets a warning at the key.
 * One point reading it is enough (a sweep over the mode keeps the others'
 * keys, as kube-proxy keeps `ipvs.scheduler` in iptables mode).
 */
export function ignoredProxyKeys(points: readonly { spec: ScenarioSpec; rawSpec: unknown; ctx: Ctx }[]): void {
  for (const [key, readers] of proxyKeyReaders()) {
    const written = points.find((p) => getAt(p.rawSpec, ['cluster', 'proxy', key]) !== undefined);
    if (written === undefined) continue;
    const read = points.some((p) => readers.some((r) => r.mode === p.spec.cluster.proxy.mode && (r.variants === null || r.variants.includes(p.spec.cluster.proxy.variant))));
    if (read) continue;
    const value = getAt(written.rawSpec, ['cluster', 'proxy', key]);
    const by = readers.map((r) => (r.variants === null ? `mode ${r.mode}` : `mode ${r.mode} with ${MODES[r.mode as keyof typeof MODES].variant?.key} ${r.variants.join(' or ')}`));
    const ran = [...new Set(points.map((p) => p.spec.cluster.proxy.policy))];
    warnAt(
      written.ctx,
      ['cluster', 'proxy', key],
      `cluster.proxy.${key}: ${typeof value === 'string' ? value : JSON.stringify(value)} is ignored: only ${by.join(' and ')} read${by.length === 1 ? 's' : ''} it, and ${points.length === 1 ? 'this scenario runs' : 'every point runs one of'} ${ran.join(', ')}; set the mode that reads it (or sweep cluster.proxy.mode), or remove the key`,
      true,
    );
  }
}

/** P(S > x) for service time `st`: the quantile function is monotone, so bisect on it (60 halvings: to ~1e-18 in u). */
function serviceTail(st: ServiceTimeSpec, x: number): number {
  if (!(x > 0)) return 1;
  const d = distParams(st);
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (quantile(d.code, d.a, d.b, mid) <= x) lo = mid;
    else hi = mid;
  }
  return 1 - lo;
}
