/**
 * The `clusterip-sim/v1alpha1 Scenario` spec: its zod schema (one per
 * section, so that one bad section does not hide the others' problems) and
 * the step that turns a validated spec into a {@link ScenarioSpec}, with the
 * checks that span fields (node names unique, zones of listed nodes, …).
 * References to Kubernetes objects are checked later, in check.ts.
 */
import * as z from 'zod';
import { ERROR_KINDS, METRIC_NAMES, isThresholdMetric } from '../metrics/run-result.js';
import type { KubeIndex } from './check.js';
import { buildEvents, eventItemSchema } from './events.js';
import { checkRolling, INT_OR_PERCENT, intOrPercent, probeFields, probeOver } from './lifecycle.js';
import { proxySchema, resolveProxy } from './proxy.js';
import { durationWhere } from './issues.js';
import { brief } from './errors.js';
import {
  bad,
  fail,
  forward,
  getAt,
  intIn,
  isPlainObject,
  list,
  maybe,
  numberWhere,
  oneOf,
  oneOfPhrase,
  opt,
  parseField,
  parseValue,
  report,
  req,
  stringWhere,
  strict,
  subCtx,
  withHint,
  absentOk,
  bool,
} from './issues.js';
import type { Ctx } from './issues.js';
import { parseIPv4, parseServiceCIDRText, SERVICE_CIDR, SERVICE_CIDR_PREFIX_MAX, SERVICE_CIDR_PREFIX_MIN } from './ipv4.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isLabelValue } from './names.js';
import { DEFAULT_CONTROL_PLANE, DEFAULT_LIFECYCLE, DEFAULT_PROBE } from './types.js';
import type {
  ClusterSpec,
  ConnectionSpec,
  ControlPlaneSpec,
  PodLifecycleSpec,
  RetryOn,
  RetrySpec,
  FromSpec,
  NodeSpec,
  Ns,
  ScenarioSpec,
  ServiceTimeSpec,
  TargetSpec,
  ThresholdOp,
  ThresholdSpec,
  TrafficSpec,
  WorkloadSpec,
} from './types.js';

export const MAX_RUNS = 10_000;
export const MAX_NODES = 5_000;
export const MAX_BACKGROUND_SERVICES = 100_000;
export const MAX_ENDPOINTS_PER_BACKGROUND_SERVICE = 1_000;
export const MAX_CLIENTS = 10_000;
export const MAX_CONCURRENCY = 100_000;

/** The largest queue limit a workload may set (a request slot is ~50 bytes). */
export const MAX_QUEUE_LIMIT = 10_000_000;

/** The most closed-loop users one traffic entry may have. */
export const MAX_USERS = 1_000_000;

/** The most extra tries a retry policy may make. */
export const MAX_RETRY_ATTEMPTS = 100;

export const DISTRIBUTIONS = ['constant', 'exponential', 'uniform', 'lognormal'] as const;

/** The runs.csv metric columns a threshold may name (metrics/run-result.ts owns the list). */
export const THRESHOLD_METRICS = METRIC_NAMES;

/** Every key of a Scenario spec, in the order the docs show them. */
export const SPEC_KEYS = [
  'seed',
  'runs',
  'warmup',
  'duration',
  'cluster',
  'workloads',
  'traffic',
  'events',
  'sweep',
  'thresholds',
  'metrics',
] as const;

// ---- leaf checks --------------------------------------------------------------

export { durationWhere };

const isZoneName = (s: string): boolean => s !== '' && isLabelValue(s);

const NODE_NAME = 'a node name (DNS-1123 label)';
const ZONE_NAME = 'a zone name (a label value)';

/** `svc[.ns][.svc[.cluster.local]]:port` or `a.b.c.d:port`. */
export function parseTarget(text: string): TargetSpec | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || colon === text.length - 1) return null;
  const host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  let port: number | string;
  if (/^\d+$/.test(portText)) {
    port = Number(portText);
    if (port < 1 || port > 65535) return null;
  } else if (isDns1123Label(portText)) {
    port = portText;
  } else {
    return null;
  }
  const ip = parseIPv4(host);
  if (ip !== null) return typeof port === 'number' ? { kind: 'ip', ip, port } : null;
  const parts = host.split('.');
  const [service, namespace = 'default', ...rest] = parts;
  if (service === undefined || !isDns1035Label(service) || !isDns1123Label(namespace)) return null;
  const suffix = rest.join('.');
  if (suffix !== '' && suffix !== 'svc' && suffix !== 'svc.cluster.local') return null;
  return { kind: 'name', service, namespace, port };
}

const TARGET_PHRASE = 'svc[.ns][.svc.cluster.local]:port or ClusterIP:port';

// ---- schema -------------------------------------------------------------------

const nodeItem = strict({
  name: req(NODE_NAME, stringWhere(isDns1123Label)),
  zone: maybe(ZONE_NAME, stringWhere(isZoneName)),
});
const nodeList = list(nodeItem, 'a list of {name, zone}', { min: 1, max: MAX_NODES });
const NODES_PHRASE = `a node count 1..${MAX_NODES} or a list of {name, zone}`;

const nodesField = withHint(
  absentOk(z.unknown().transform((v, ctx) => {
    if (v === undefined) return 1 as number | z.infer<typeof nodeList>;
    if (typeof v === 'number') {
      return Number.isInteger(v) && v >= 1 && v <= MAX_NODES ? v : fail(ctx, v, NODES_PHRASE);
    }
    if (Array.isArray(v)) return forward(nodeList, v, ctx);
    return fail(ctx, v, NODES_PHRASE);
  })),
  nodeList,
);

const CP = DEFAULT_CONTROL_PLANE;
const atLeast0 = (dflt: Ns) => opt('a duration ≥ 0', durationWhere((n) => n >= 0), dflt);

/** `cluster.controlPlane` (DESIGN.md "Control-plane delays"; defaults KUBE-FACTS §7 = DEFAULT_CONTROL_PLANE). */
const controlPlaneSchema = strict({
  watchDelay: atLeast0(CP.watchDelay),
  endpointSliceBatch: atLeast0(CP.endpointSliceBatch),
  kubelet: strict({
    podStatusDelay: atLeast0(CP.podStatusDelay),
    exitDetection: atLeast0(CP.exitDetection),
  }).prefault({} as never),
  kubeProxy: strict({
    minSyncPeriod: atLeast0(CP.minSyncPeriod),
    syncPeriod: opt('a duration > 0', durationWhere((n) => n > 0), CP.syncPeriod),
    restore: opt(oneOfPhrase(['full', 'partial']), oneOf(['full', 'partial'] as const), CP.restore),
    syncCost: opt<'auto' | Ns>('auto or a duration ≥ 0', (v) => (v === 'auto' ? 'auto' : durationWhere((n) => n >= 0)(v)), CP.syncCost),
  }).prefault({} as never),
  nodeMonitorGracePeriod: atLeast0(CP.nodeMonitorGracePeriod),
  tolerationSeconds: atLeast0(CP.tolerationSeconds),
}).prefault({} as never);

const clusterSchema = strict({
  nodes: nodesField,
  zones: list(req(ZONE_NAME, stringWhere(isZoneName)), 'a list of zone names').optional(),
  proxy: proxySchema.prefault({} as never),
  network: strict({
    latency: opt('a duration ≥ 0', durationWhere((n) => n >= 0), 100_000),
    externalLatency: opt('a duration ≥ 0', durationWhere((n) => n >= 0), 1_000_000),
  }).prefault({} as never),
  serviceCIDR: opt(
    `an IPv4 CIDR with prefix /${SERVICE_CIDR_PREFIX_MIN}../${SERVICE_CIDR_PREFIX_MAX} and no host bits set (the apiserver allows at most /${SERVICE_CIDR_PREFIX_MIN})`,
    (v) => {
      const c = typeof v === 'string' ? parseServiceCIDRText(v) : null;
      return c === null ? bad() : c.text;
    },
    SERVICE_CIDR,
  ),
  background: strict({
    services: opt(`an integer 0..${MAX_BACKGROUND_SERVICES}`, intIn(0, MAX_BACKGROUND_SERVICES), 0),
    endpointsPerService: opt(`an integer 0..${MAX_ENDPOINTS_PER_BACKGROUND_SERVICE}`, intIn(0, MAX_ENDPOINTS_PER_BACKGROUND_SERVICE), 10),
  }).prefault({} as never),
  controlPlane: controlPlaneSchema,
});

const serviceTimeSchema = strict({
  distribution: req(oneOfPhrase(DISTRIBUTIONS), oneOf(DISTRIBUTIONS)),
  mean: req('a duration > 0', durationWhere((n) => n > 0)),
  spread: maybe('a duration ≥ 0', durationWhere((n) => n >= 0)),
  sigma: maybe('a number > 0', numberWhere((n) => n > 0)),
});

const probeMapping = strict(probeFields, { expected: 'a probe (initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold) or null (no probe)' });
const PROBE_PHRASE = 'a probe (initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold) or null (no probe)';
/** `workloads[].readinessProbe`: a mapping of Kubernetes' probe timings (over the Deployment's probe, else the defaults), or null: no probe. */
const probeOverride = withHint(
  absentOk(z.unknown().transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (v === null) return null;
    if (!isPlainObject(v)) return fail(ctx, v, PROBE_PHRASE);
    return forward(probeMapping, v, ctx);
  })),
  probeMapping,
);

const workloadSchema = strict({
  deployment: maybe('a Deployment name (DNS-1123 subdomain)', stringWhere(isDns1123Subdomain)),
  endpointSlice: maybe('an EndpointSlice name (DNS-1123 subdomain)', stringWhere(isDns1123Subdomain)),
  namespace: opt('a namespace (DNS-1123 label)', stringWhere(isDns1123Label), 'default'),
  serviceTime: serviceTimeSchema,
  concurrency: opt(`an integer 1..${MAX_CONCURRENCY}`, intIn(1, MAX_CONCURRENCY), 1),
  startupTime: opt('a duration ≥ 0', durationWhere((n) => n >= 0), 1_000_000_000),
  queueLimit: maybe(`an integer 0..${MAX_QUEUE_LIMIT}`, intIn(0, MAX_QUEUE_LIMIT)),
  // the pod lifecycle, over the Deployment's (kube.ts)
  readinessProbe: probeOverride,
  preStop: maybe('a duration ≥ 0', durationWhere((n) => n >= 0)),
  terminationGracePeriodSeconds: maybe('an integer ≥ 0 (seconds)', intIn(0, 2_147_483_647)),
  strategy: strict({
    type: maybe(oneOfPhrase(['RollingUpdate']), oneOf(['RollingUpdate'] as const, ['Recreate'])),
    rollingUpdate: strict({
      maxSurge: maybe(INT_OR_PERCENT, intOrPercent),
      maxUnavailable: maybe(INT_OR_PERCENT, intOrPercent),
    }).optional(),
  }).optional(),
});

const fromNodeList = list(req(NODE_NAME, stringWhere(isDns1123Label)), 'a list of node names', { min: 1, minText: 'at least one node' });
const FROM_NODES_PHRASE = 'all or a list of node names';
const fromSchema = strict({
  nodes: withHint(
    absentOk(z.unknown().transform((v, ctx) => {
      if (v === undefined) return undefined;
      if (v === 'all') return 'all' as const;
      if (Array.isArray(v)) return forward(fromNodeList, v, ctx);
      return fail(ctx, v, FROM_NODES_PHRASE);
    })),
    fromNodeList,
  ),
  zone: maybe(ZONE_NAME, stringWhere(isZoneName)),
});

const ARRIVALS = ['poisson', 'constant', 'closed'] as const;

/** `traffic[].retry` (DESIGN.md "Retries"); null or absent: no retries. */
const retryMapping = strict({
  attempts: req(`an integer 0..${MAX_RETRY_ATTEMPTS} (extra tries after the first)`, intIn(0, MAX_RETRY_ATTEMPTS)),
  backoff: opt('a duration ≥ 0', durationWhere((n) => n >= 0), 25_000_000),
  maxBackoff: opt('a duration ≥ 0', durationWhere((n) => n >= 0), 1_000_000_000),
  on: list(req(oneOfPhrase(ERROR_KINDS), oneOf(ERROR_KINDS)), `a list of error kinds (${ERROR_KINDS.join(', ')})`, { min: 1, minText: 'at least one error kind' }).optional(),
  budget: maybe('a number in (0, 1]: retries ≤ budget × first tries', numberWhere((n) => n > 0 && n <= 1)),
});
const retrySchema = withHint(
  absentOk(z.unknown().transform((v, ctx) => {
    if (v === undefined || v === null) return null;
    if (!isPlainObject(v)) return fail(ctx, v, 'a mapping (attempts, backoff, maxBackoff, on, budget) or null');
    return forward(retryMapping, v, ctx);
  })),
  retryMapping,
);

const trafficSchema = strict({
  name: req('a name (DNS-1123 label)', stringWhere(isDns1123Label)),
  target: req(TARGET_PHRASE, (v) => {
    if (typeof v !== 'string') return bad();
    const t = parseTarget(v);
    return t === null ? bad() : { target: t, text: v };
  }),
  from: fromSchema.prefault({} as never),
  clients: opt(`an integer 1..${MAX_CLIENTS}`, intIn(1, MAX_CLIENTS), 1),
  arrival: strict({
    process: opt(oneOfPhrase(ARRIVALS), oneOf(ARRIVALS), 'poisson'),
    rate: maybe('a number > 0', numberWhere((n) => n > 0)),
    users: maybe(`an integer 1..${MAX_USERS}`, intIn(1, MAX_USERS)),
    thinkTime: maybe('a duration ≥ 0', durationWhere((n) => n >= 0)),
  }),
  connection: strict({
    requestsPerConnection: maybe('an integer ≥ 1', intIn(1, Number.MAX_SAFE_INTEGER)),
    lifetime: maybe('a duration > 0', durationWhere((n) => n > 0)),
    persistent: maybe('true or false', bool()),
  }).prefault({} as never),
  timeout: maybe('a duration > 0', durationWhere((n) => n > 0)),
  retry: retrySchema,
});

const metricsSchema = strict({ interval: opt('a duration > 0', durationWhere((n) => n > 0), 1_000_000_000) }).prefault({} as never);


/** The spec as one zod schema: only for path checks of `sweep` keys and `--set` paths (see sweep.ts). */
export const SPEC_PATH_SCHEMA = strict({
  seed: z.unknown().optional(),
  runs: z.unknown().optional(),
  warmup: z.unknown().optional(),
  duration: z.unknown().optional(),
  cluster: clusterSchema,
  workloads: z.array(workloadSchema),
  traffic: z.array(trafficSchema),
  events: z.array(eventItemSchema),
  sweep: z.never().optional(),
  thresholds: z.record(z.string(), z.unknown().optional()),
  metrics: metricsSchema,
});

const topSchema = strict(Object.fromEntries(SPEC_KEYS.map((k) => [k, z.unknown().optional()])) as Record<(typeof SPEC_KEYS)[number], z.ZodOptional<z.ZodUnknown>>, {
  expected: 'a mapping (the Scenario spec)',
});

// ---- build --------------------------------------------------------------------

/** References to Kubernetes objects, read from every entry whose field itself is valid (even if the rest of the entry is not), so that check.ts can report them in the same pass. */
export interface SpecRefs {
  readonly workloads: readonly { readonly index: number; readonly deployment: string; readonly namespace: string }[];
  /** Workload entries that name an EndpointSlice instead of a Deployment. */
  readonly slices: readonly { readonly index: number; readonly endpointSlice: string; readonly namespace: string }[];
  readonly targets: readonly { readonly index: number; readonly target: TargetSpec; readonly text: string }[];
}

export interface BuiltSpec {
  /** Undefined when anything is wrong (all problems were reported). */
  readonly spec: ScenarioSpec | undefined;
  readonly refs: SpecRefs;
}

const deploymentRef = workloadSchema.shape.deployment;
const namespaceRef = workloadSchema.shape.namespace;
const sliceRef = workloadSchema.shape.endpointSlice;
const targetRef = trafficSchema.shape.target;

function readRefs(spec: Record<string, unknown>): SpecRefs {
  const workloads: { index: number; deployment: string; namespace: string }[] = [];
  const slices: { index: number; endpointSlice: string; namespace: string }[] = [];
  const targets: { index: number; target: TargetSpec; text: string }[] = [];
  const w = spec['workloads'];
  if (Array.isArray(w)) {
    w.forEach((item, index) => {
      const d = deploymentRef.safeParse(getAt(item, ['deployment']));
      const n = namespaceRef.safeParse(getAt(item, ['namespace']));
      const e = sliceRef.safeParse(getAt(item, ['endpointSlice']));
      if (d.success && n.success && d.data !== undefined) workloads.push({ index, deployment: d.data, namespace: n.data });
      if (e.success && n.success && e.data !== undefined && d.success && d.data === undefined) slices.push({ index, endpointSlice: e.data, namespace: n.data });
    });
  }
  const t = spec['traffic'];
  if (Array.isArray(t)) {
    t.forEach((item, index) => {
      const r = targetRef.safeParse(getAt(item, ['target']));
      if (r.success) targets.push({ index, target: r.data.target, text: r.data.text });
    });
  }
  return { workloads, slices, targets };
}

/**
 * Validates one Scenario spec (one sweep point) and builds its
 * {@link ScenarioSpec}. `ctx` is rooted at the spec.
 */
export function buildSpec(raw: unknown, name: string, ctx: Ctx, kube?: KubeIndex): BuiltSpec {
  const before = ctx.problems.count;
  const noRefs: SpecRefs = { workloads: [], slices: [], targets: [] };
  if (parseValue(topSchema, raw, ctx) === undefined && !isPlainObject(raw)) return { spec: undefined, refs: noRefs };
  const spec = raw as Record<string, unknown>;

  const seed = parseField(opt('an integer 0..9007199254740991', intIn(0, Number.MAX_SAFE_INTEGER), 1), spec, 'seed', ctx);
  const runs = parseField(opt(`an integer 1..${MAX_RUNS}`, intIn(1, MAX_RUNS), 1), spec, 'runs', ctx);
  const warmup = parseField(opt('a duration ≥ 0', durationWhere((n) => n >= 0), 0), spec, 'warmup', ctx);
  const duration = parseField(req('a duration > 0', durationWhere((n) => n > 0)), spec, 'duration', ctx);
  const cluster = buildCluster(spec, ctx);
  const workloads = buildWorkloads(spec, ctx, kube);
  const traffic = buildTraffic(spec, cluster, ctx);
  const end = warmup !== undefined && duration !== undefined ? warmup + duration : undefined;
  const events = buildEvents(spec, { cluster, end, kube }, ctx);
  const thresholds = buildThresholds(spec, ctx);
  const metrics = parseField(metricsSchema, spec, 'metrics', ctx);
  const sweep = spec['sweep'];
  if (sweep !== undefined && !isPlainObject(sweep)) report(ctx, ['sweep'], 'a mapping of path → list of values', brief(sweep));
  const refs = readRefs(spec);

  if (ctx.problems.count > before) return { spec: undefined, refs };
  if (seed === undefined || runs === undefined || warmup === undefined || duration === undefined) return { spec: undefined, refs };
  if (cluster === undefined || workloads === undefined || traffic === undefined || events === undefined || thresholds === undefined || metrics === undefined) {
    return { spec: undefined, refs };
  }
  return { spec: { name, seed, runs, warmup, duration, cluster, workloads, traffic, thresholds, metricsInterval: metrics.interval, events }, refs };
}

function buildCluster(spec: Record<string, unknown>, ctx: Ctx): ClusterSpec | undefined {
  const c = parseField(clusterSchema.prefault({} as never), spec, 'cluster', ctx);
  if (c === undefined) return undefined;
  const cctx = subCtx(ctx, ['cluster']);
  const before = ctx.problems.count;
  const zones = c.zones ?? [];
  const firstZone = new Map<string, number>();
  zones.forEach((z, i) => {
    const prev = firstZone.get(z);
    if (prev !== undefined) report(cctx, ['zones', i], 'a zone name not listed before', JSON.stringify(z), `also at zones[${prev}]`);
    else firstZone.set(z, i);
  });
  let nodes: NodeSpec[];
  let outZones = zones;
  if (typeof c.nodes === 'number') {
    nodes = Array.from({ length: c.nodes }, (_, i) => ({ name: `node-${i + 1}`, zone: zones.length > 0 ? zones[i % zones.length]! : '' }));
  } else {
    nodes = [];
    const seen = new Map<string, number>();
    const derived: string[] = [];
    c.nodes.forEach((n, i) => {
      const prev = seen.get(n.name);
      if (prev !== undefined) report(cctx, ['nodes', i, 'name'], 'a node name not used before', JSON.stringify(n.name), `also at nodes[${prev}]`);
      else seen.set(n.name, i);
      if (zones.length > 0) {
        if (n.zone === undefined) report(cctx, ['nodes', i], `key "zone" (one of ${zones.join(', ')})`, brief(getAt(spec, ['cluster', 'nodes', i])));
        else if (!firstZone.has(n.zone)) report(cctx, ['nodes', i, 'zone'], `one of the zones ${zones.join(', ')}`, JSON.stringify(n.zone));
      } else if (n.zone !== undefined && !derived.includes(n.zone)) {
        derived.push(n.zone);
      }
      nodes.push({ name: n.name, zone: n.zone ?? '' });
    });
    if (zones.length === 0) outZones = derived;
  }
  // `scheduler` is read only in ipvs mode and ignored otherwise, as kube-proxy
  // ignores `ipvs.scheduler` in other modes — so a sweep over the mode can keep it.
  const proxy = resolveProxy(c.proxy, cctx);
  const controlPlane = resolveControlPlane(c.controlPlane, getAt(spec, ['cluster', 'controlPlane', 'kubeProxy']), cctx);
  if (ctx.problems.count > before) return undefined;
  return {
    nodes,
    zones: outZones,
    proxy: proxy!,
    network: { latency: c.network.latency, externalLatency: c.network.externalLatency },
    serviceCIDR: c.serviceCIDR,
    background: { services: c.background.services, endpointsPerService: c.background.endpointsPerService },
    controlPlane,
  };
}

/** The flat ControlPlaneSpec; kube-proxy's own rule: minSyncPeriod ≤ syncPeriod (reported at whichever of the two is written). */
function resolveControlPlane(c: z.infer<typeof controlPlaneSchema>, rawKubeProxy: unknown, cctx: Ctx): ControlPlaneSpec {
  const kp = c.kubeProxy;
  if (kp.minSyncPeriod > kp.syncPeriod) {
    const minWritten = getAt(rawKubeProxy, ['minSyncPeriod']) !== undefined;
    const at = ['controlPlane', 'kubeProxy', minWritten ? 'minSyncPeriod' : 'syncPeriod'];
    report(
      cctx,
      at,
      minWritten ? `a duration ≤ syncPeriod (${formatNs(kp.syncPeriod)})` : `a duration ≥ minSyncPeriod (${formatNs(kp.minSyncPeriod)})`,
      brief(getAt(rawKubeProxy, [at[2]!])),
    );
  }
  return {
    watchDelay: c.watchDelay,
    endpointSliceBatch: c.endpointSliceBatch,
    podStatusDelay: c.kubelet.podStatusDelay,
    exitDetection: c.kubelet.exitDetection,
    minSyncPeriod: kp.minSyncPeriod,
    syncPeriod: kp.syncPeriod,
    restore: kp.restore,
    syncCost: kp.syncCost,
    nodeMonitorGracePeriod: c.nodeMonitorGracePeriod,
    tolerationSeconds: c.tolerationSeconds,
  };
}

/** Runs `build` on every item of the list at spec[key]; undefined if the list or any item is bad. */
function eachItem<T>(spec: Record<string, unknown>, key: string, required: boolean, ctx: Ctx, build: (item: unknown, i: number) => T | undefined): T[] | undefined {
  const v = spec[key];
  if (v === undefined) {
    if (!required) return [];
    report(ctx, [key], `key "${key}" (a list with at least one entry)`, brief(spec));
    return undefined;
  }
  if (!Array.isArray(v)) {
    report(ctx, [key], 'a list', brief(v));
    return undefined;
  }
  if (required && v.length === 0) {
    report(ctx, [key], `at least one ${key} entry`, '[]');
    return undefined;
  }
  const out: T[] = [];
  let ok = true;
  v.forEach((item, i) => {
    const r = build(item, i);
    if (r === undefined) ok = false;
    else out.push(r);
  });
  return ok ? out : undefined;
}

function buildWorkloads(spec: Record<string, unknown>, ctx: Ctx, kube: KubeIndex | undefined): WorkloadSpec[] | undefined {
  const wctx = subCtx(ctx, ['workloads']);
  const seen = new Map<string, number>();
  return eachItem(spec, 'workloads', false, ctx, (item, i) => {
    const w = parseValue(workloadSchema, item, subCtx(wctx, [i]));
    if (w === undefined) return undefined;
    const ictx = subCtx(wctx, [i]);
    // exactly one of deployment and endpointSlice
    if ((w.deployment === undefined) === (w.endpointSlice === undefined)) {
      const both = w.deployment !== undefined;
      report(ictx, both ? ['endpointSlice'] : [], 'exactly one of key "deployment" (a Deployment\'s pods) or key "endpointSlice" (a selector-less Service\'s endpoints)', both ? 'both' : brief(item));
      return undefined;
    }
    const slice = w.endpointSlice !== undefined;
    const field = slice ? 'endpointSlice' : 'deployment';
    const name = w.deployment ?? w.endpointSlice!;
    const key = `${field}:${w.namespace}/${name}`;
    const prev = seen.get(key);
    let ok = true;
    if (prev !== undefined) {
      report(ictx, [field], `at most one workload per ${slice ? 'EndpointSlice' : 'Deployment'}`, JSON.stringify(name), `also at workloads[${prev}]`);
      ok = false;
    } else {
      seen.set(key, i);
    }
    const st = buildServiceTime(w.serviceTime, getAt(item, ['serviceTime']), subCtx(ictx, ['serviceTime']));
    const base = slice ? DEFAULT_LIFECYCLE : (kube?.deployments.find((d) => d.name === name && d.namespace === w.namespace)?.lifecycle ?? DEFAULT_LIFECYCLE);
    const lifecycle = buildLifecycle(w, base, slice, item, ictx);
    if (st === undefined || lifecycle === undefined || !ok) return undefined;
    return {
      deployment: w.deployment ?? '',
      endpointSlice: w.endpointSlice ?? null,
      namespace: w.namespace,
      serviceTime: st,
      concurrency: w.concurrency,
      startupTime: w.startupTime,
      queueLimit: w.queueLimit ?? null,
      lifecycle,
      pos: ctx.loc.at(['workloads', i]),
    };
  });
}

const LIFECYCLE_KEYS = ['readinessProbe', 'preStop', 'terminationGracePeriodSeconds', 'strategy'] as const;

/**
 * A workload's pod lifecycle: its overrides over the Deployment's (each
 * probe field and each of maxSurge / maxUnavailable on its own). An
 * EndpointSlice's endpoints are not pods the simulator runs: no overrides.
 */
function buildLifecycle(w: z.infer<typeof workloadSchema>, base: PodLifecycleSpec, slice: boolean, raw: unknown, ctx: Ctx): PodLifecycleSpec | undefined {
  if (slice) {
    const given = LIFECYCLE_KEYS.filter((k) => w[k] !== undefined);
    for (const k of given) ctx.problems.add(ctx.loc.at([k], true), [...ctx.prefix, k], 'no pod lifecycle for an endpointSlice workload (its endpoints are not pods the simulator runs)', `key ${JSON.stringify(k)}`);
    return given.length > 0 ? undefined : DEFAULT_LIFECYCLE;
  }
  // `readinessProbe: null` in the file turns the probe off (a null value is left out of the data, so ask the source)
  const off = w.readinessProbe === null || (w.readinessProbe === undefined && ctx.loc.isNullAt(['readinessProbe']));
  const probe = off || w.readinessProbe === null ? null : w.readinessProbe === undefined ? base.readinessProbe : probeOver(base.readinessProbe ?? DEFAULT_PROBE, w.readinessProbe);
  const ru = w.strategy?.rollingUpdate;
  const maxSurge = ru?.maxSurge ?? base.maxSurge;
  const maxUnavailable = ru?.maxUnavailable ?? base.maxUnavailable;
  if ((ru?.maxSurge !== undefined || ru?.maxUnavailable !== undefined) && !checkRolling(maxSurge, maxUnavailable, ctx, ['strategy', 'rollingUpdate'], getAt(raw, ['strategy', 'rollingUpdate', 'maxUnavailable']) !== undefined)) {
    return undefined;
  }
  return {
    readinessProbe: probe,
    preStop: w.preStop ?? base.preStop,
    terminationGracePeriod: w.terminationGracePeriodSeconds === undefined ? base.terminationGracePeriod : w.terminationGracePeriodSeconds * 1_000_000_000,
    maxSurge,
    maxUnavailable,
  };
}

/** A `serviceTime` mapping as written → its ServiceTimeSpec, or undefined after reporting (ctx rooted at the mapping). */
export function resolveServiceTime(raw: unknown, ctx: Ctx): ServiceTimeSpec | undefined {
  const st = parseValue(serviceTimeSchema, raw, ctx);
  return st === undefined ? undefined : buildServiceTime(st, raw, ctx);
}

function buildServiceTime(st: z.infer<typeof serviceTimeSchema>, raw: unknown, ctx: Ctx): ServiceTimeSpec | undefined {
  const { distribution, mean, spread, sigma } = st;
  const allowed: Readonly<Record<string, readonly string[]>> = {
    constant: ['distribution', 'mean'],
    exponential: ['distribution', 'mean'],
    uniform: ['distribution', 'mean', 'spread'],
    lognormal: ['distribution', 'mean', 'sigma'],
  };
  const keys = allowed[distribution] ?? [];
  let ok = true;
  for (const [k, v] of [['spread', spread], ['sigma', sigma]] as const) {
    if (v !== undefined && !keys.includes(k)) {
      report(ctx, [k], `one of ${keys.join(', ')} (for distribution ${distribution})`, `key "${k}"`);
      ok = false;
    }
  }
  switch (distribution) {
    case 'constant':
    case 'exponential':
      return ok ? { distribution, mean } : undefined;
    case 'uniform':
      if (spread === undefined) {
        report(ctx, [], 'key "spread" (a duration ≥ 0 and ≤ mean, for distribution uniform)', brief(raw));
        return undefined;
      }
      if (spread > mean) {
        report(ctx, ['spread'], 'a duration ≤ mean (uniform on [mean − spread, mean + spread] must stay ≥ 0)', brief(getAt(raw, ['spread'])));
        return undefined;
      }
      return ok ? { distribution, mean, spread } : undefined;
    case 'lognormal':
      if (sigma === undefined) {
        report(ctx, [], 'key "sigma" (a number > 0, for distribution lognormal)', brief(raw));
        return undefined;
      }
      return ok ? { distribution, mean, sigma } : undefined;
  }
}

function buildTraffic(spec: Record<string, unknown>, cluster: ClusterSpec | undefined, ctx: Ctx): TrafficSpec[] | undefined {
  const tctx = subCtx(ctx, ['traffic']);
  const seen = new Map<string, number>();
  return eachItem(spec, 'traffic', true, ctx, (item, i) => {
    const ictx = subCtx(tctx, [i]);
    const t = parseValue(trafficSchema, item, ictx);
    // which arrival keys go with which process is checked on the keys as written, even when a value is bad
    const arrivalOk = checkArrivalKeys(getAt(item, ['arrival']), ictx);
    if (t === undefined || !arrivalOk) return undefined;
    let ok = true;
    const prev = seen.get(t.name);
    if (prev !== undefined) {
      report(ictx, ['name'], 'a traffic name not used before', JSON.stringify(t.name), `also at traffic[${prev}]`);
      ok = false;
    } else {
      seen.set(t.name, i);
    }
    let from: FromSpec;
    const f = t.from;
    if (f.nodes !== undefined && f.zone !== undefined) {
      report(ictx, ['from', 'zone'], 'either nodes or zone, not both', JSON.stringify(f.zone));
      return undefined;
    } else if (f.zone !== undefined) {
      from = { kind: 'zone', zone: f.zone };
      if (cluster !== undefined && !cluster.nodes.some((n) => n.zone === f.zone)) {
        const zones = [...new Set(cluster.nodes.map((n) => n.zone).filter((z) => z !== ''))];
        report(ictx, ['from', 'zone'], zones.length > 0 ? `a zone of some node (${zones.join(', ')})` : 'a zone of some node (no node has a zone)', JSON.stringify(f.zone));
        ok = false;
      }
    } else if (f.nodes === undefined || f.nodes === 'all') {
      from = { kind: 'all' };
    } else {
      from = { kind: 'nodes', nodes: f.nodes };
      if (cluster !== undefined) {
        const names = new Set(cluster.nodes.map((n) => n.name));
        f.nodes.forEach((n, j) => {
          if (!names.has(n)) {
            report(ictx, ['from', 'nodes', j], `a node of the cluster (${describeNodes(cluster.nodes)})`, JSON.stringify(n));
            ok = false;
          }
        });
      }
    }
    const connection = buildConnection(t.connection, ictx);
    const arrival = buildArrival(t.arrival);
    const retry = buildRetry(t.retry, getAt(item, ['retry']), ictx);
    if (!ok || connection === undefined || arrival === undefined || retry === undefined) return undefined;
    return {
      name: t.name,
      target: t.target.target,
      targetText: t.target.text,
      from,
      clients: t.clients,
      arrival: arrival.arrival,
      connection,
      timeout: t.timeout ?? null,
      retry,
      closed: arrival.closed,
      pos: ctx.loc.at(['traffic', i]),
    };
  });
}

/**
 * Open loop (poisson, constant): `rate` required, no users or thinkTime.
 * Closed loop: `users` required, `thinkTime` [0], no rate (the users set the load).
 */
function checkArrivalKeys(raw: unknown, ctx: Ctx): boolean {
  if (!isPlainObject(raw)) return true; // reported by the schema
  const process = raw['process'] ?? 'poisson';
  if (typeof process !== 'string' || !(ARRIVALS as readonly string[]).includes(process)) return true; // ditto
  const actx = subCtx(ctx, ['arrival']);
  const closed = process === 'closed';
  const notFor = closed ? ['rate'] : ['users', 'thinkTime'];
  let ok = true;
  for (const k of notFor) {
    if (raw[k] === undefined) continue;
    actx.problems.add(actx.loc.at([k], true), [...actx.prefix, k], closed ? 'no rate for process closed (users and thinkTime set the load)' : `no ${k} for process ${process} (users and thinkTime go with process: closed)`, `key ${JSON.stringify(k)}`);
    ok = false;
  }
  const need = closed ? 'users' : 'rate';
  if (raw[need] === undefined) {
    report(actx, [], closed ? `key "users" (an integer 1..${MAX_USERS}, for process closed)` : `key "rate" (a number > 0, for process ${process})`, brief(raw));
    ok = false;
  }
  return ok;
}

/**
 * Open loop (poisson, constant): at `rate`. Closed loop: `users`, `thinkTime`
 * [0], rate 0 (checkArrivalKeys has checked which keys are there).
 */
function buildArrival(
  a: { process: 'poisson' | 'constant' | 'closed'; rate?: number | undefined; users?: number | undefined; thinkTime?: Ns | undefined },
): { arrival: TrafficSpec['arrival']; closed: NonNullable<TrafficSpec['closed']> | null } | undefined {
  const closed = a.process === 'closed';
  if (closed) return { arrival: { process: 'closed', rate: 0 }, closed: { users: a.users!, thinkTime: a.thinkTime ?? 0 } };
  return { arrival: { process: a.process, rate: a.rate! }, closed: null };
}

function buildRetry(r: z.infer<typeof retryMapping> | null, raw: unknown, ctx: Ctx): RetrySpec | null | undefined {
  if (r === null) return null;
  let ok = true;
  if (r.maxBackoff < r.backoff) {
    const maxWritten = getAt(raw, ['maxBackoff']) !== undefined;
    report(ctx, ['retry', maxWritten ? 'maxBackoff' : 'backoff'], maxWritten ? `a duration ≥ backoff (${formatNs(r.backoff)})` : `a duration ≤ maxBackoff (${formatNs(r.maxBackoff)})`, brief(getAt(raw, [maxWritten ? 'maxBackoff' : 'backoff'])));
    ok = false;
  }
  const on = r.on ?? (['refused', 'reset'] as RetryOn[]);
  on.forEach((k, j) => {
    const prev = on.indexOf(k);
    if (prev < j) {
      report(ctx, ['retry', 'on', j], 'an error kind not listed before', JSON.stringify(k), `also at on[${prev}]`);
      ok = false;
    }
  });
  if (!ok) return undefined;
  return { attempts: r.attempts, backoff: r.backoff, maxBackoff: r.maxBackoff, on: [...on], budget: r.budget ?? null };
}

/** `persistent` is one connection for the whole run: it takes no count or lifetime. */
function buildConnection(c: { requestsPerConnection?: number | undefined; lifetime?: Ns | undefined; persistent?: boolean | undefined }, ctx: Ctx): ConnectionSpec | undefined {
  if (c.persistent === true) {
    for (const k of ['requestsPerConnection', 'lifetime'] as const) {
      if (c[k] !== undefined) {
        report(ctx, ['connection', k], 'no count or lifetime with persistent: true (one connection per client for the whole run)', String(c[k]));
        return undefined;
      }
    }
    return { requestsPerConnection: Infinity, lifetime: null, persistent: true };
  }
  return { requestsPerConnection: c.requestsPerConnection ?? 1, lifetime: c.lifetime ?? null, persistent: false };
}

/** 30 s, 25 ms: a duration for a message. */
function formatNs(ns: Ns): string {
  const [unit, div] = ns >= 1e9 ? ['s', 1e9] : ns >= 1e6 ? ['ms', 1e6] : ns >= 1e3 ? ['us', 1e3] : ['ns', 1];
  return `${String(Number((ns / div).toPrecision(4)))} ${unit}`;
}

function describeNodes(nodes: readonly NodeSpec[]): string {
  if (nodes.length <= 4) return nodes.map((n) => n.name).join(', ');
  return `${nodes[0]!.name} … ${nodes[nodes.length - 1]!.name}`;
}

const CONDITION = /^\s*(<=|>=|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

function buildThresholds(spec: Record<string, unknown>, ctx: Ctx): ThresholdSpec[] | undefined {
  const v = spec['thresholds'];
  if (v === undefined) return [];
  if (!isPlainObject(v)) {
    report(ctx, ['thresholds'], 'a mapping of metric → condition', brief(v));
    return undefined;
  }
  const out: ThresholdSpec[] = [];
  let ok = true;
  for (const [metric, cond] of Object.entries(v)) {
    if (!isThresholdMetric(metric)) {
      ctx.problems.add(
        ctx.loc.at(['thresholds', metric], true),
        [...ctx.prefix, 'thresholds', metric],
        `a runs.csv metric (${THRESHOLD_METRICS.join(', ')}), optionally with _mean, _ci_lo or _ci_hi`,
        `unknown metric ${JSON.stringify(metric)}`,
      );
      ok = false;
      continue;
    }
    const m = typeof cond === 'string' ? CONDITION.exec(cond) : null;
    if (m === null) {
      report(ctx, ['thresholds', metric], 'a condition like "< 50" (<, <=, > or >= and a number)', brief(cond));
      ok = false;
      continue;
    }
    out.push({ metric, op: m[1] as ThresholdOp, value: Number(m[2]), text: (cond as string).trim(), pos: ctx.loc.at(['thresholds', metric]) });
  }
  return ok ? out : undefined;
}
