/**
 * Kubernetes objects as `kubectl get -o yaml` prints them: `v1 Service`,
 * `apps/v1 Deployment`, `discovery.k8s.io/v1 EndpointSlice`, and `v1 List`
 * of those. Each is validated as the API server would (names, ports,
 * selectors) and reduced to what routing needs. Every key must be a field
 * of the object's Kubernetes schema (kube-fields.ts: an unknown key is an
 * error at its position with a did-you-mean, as `kubectl apply
 * --validate=strict`). Real fields that do not affect routing are let
 * through: bookkeeping (uid, managedFields, status, …) silently, fields a
 * user may expect to matter (affinity, externalTrafficPolicy, …) in one
 * summary warning per file. Other built-in kinds are ignored with a warning;
 * an unknown kind is an error.
 */
import * as z from 'zod';
import { brief } from './errors.js';
import type { Path, Problems } from './errors.js';
import { checkKubeFields, didYouMean, KUBE_ROOT } from './kube-fields.js';
import {
  NOT_YET,
  bad,
  bool,
  absentOk,
  fail,
  getAt,
  intIn,
  isPlainObject,
  list,
  loose,
  maybe,
  oneOf,
  oneOfPhrase,
  opt,
  needMapping,
  parseAt,
  parseEach,
  phrase,
  report,
  req,
  stringWhere,
  subCtx,
} from './issues.js';
import type { Check, Ctx } from './issues.js';
import { parseIPv4, SERVICE_CIDR } from './ipv4.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isIanaSvcName, isLabelKey, isLabelValue } from './names.js';
import { matchesSelector } from '../cluster/labels.js';
import { checkRolling, execSleep, INT_OR_PERCENT, intOrPercent, probeFields, probeOver } from './lifecycle.js';
import { DEFAULT_LIFECYCLE, DEFAULT_PROBE } from './types.js';
import type {
  ContainerPortSpec,
  DeploymentSpec,
  IntOrPercent,
  Ns,
  EndpointSliceSpec,
  EndpointSpec,
  LabelSelectorRequirement,
  Protocol,
  ServicePortSpec,
  ServiceSpec,
  SourcePos,
} from './types.js';

export const SCENARIO_API_VERSION = 'clusterip-sim/v1alpha1';

/** Kinds we read, by apiVersion. */
const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  v1: ['Service', 'List'],
  'apps/v1': ['Deployment'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  [SCENARIO_API_VERSION]: ['Scenario'],
};

/** Built-in kinds that are ignored with a warning, by API group ('' = core), any version. */
const IGNORED: Readonly<Record<string, readonly string[]>> = {
  '': [
    'Pod', 'ReplicationController', 'ConfigMap', 'Secret', 'Namespace', 'ServiceAccount', 'Endpoints', 'Node',
    'PersistentVolume', 'PersistentVolumeClaim', 'LimitRange', 'ResourceQuota', 'Event', 'PodTemplate', 'Binding',
    'ComponentStatus',
  ],
  apps: ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
  batch: ['Job', 'CronJob'],
  autoscaling: ['HorizontalPodAutoscaler'],
  policy: ['PodDisruptionBudget'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'NetworkPolicy', 'IPAddress', 'ServiceCIDR'],
  'rbac.authorization.k8s.io': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'storage.k8s.io': ['StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode', 'CSIStorageCapacity'],
  'scheduling.k8s.io': ['PriorityClass'],
  'coordination.k8s.io': ['Lease'],
  'events.k8s.io': ['Event'],
  'node.k8s.io': ['RuntimeClass'],
  'discovery.k8s.io': [],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'admissionregistration.k8s.io': [
    'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  ],
  'certificates.k8s.io': ['CertificateSigningRequest'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'apiregistration.k8s.io': ['APIService'],
  'resource.k8s.io': ['ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice', 'DeviceClass'],
};

/** `table[key]` for own keys only (`constructor`, `toString` are not kinds). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function groupOf(apiVersion: string): string | null {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return /^v\d+((alpha|beta)\d+)?$/.test(apiVersion) ? '' : null;
  return apiVersion.slice(0, slash);
}

/** One Kubernetes object found in the stream: a document, or an item of a `List`. */
export interface FoundObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly value: Record<string, unknown>;
  /** Rooted at the object; prefix `items[i]` for a List item. */
  readonly ctx: Ctx;
  readonly pos: SourcePos;
}

/**
 * Sorts an object into supported (returned), ignored (warning) or unknown
 * (problem). A `List` yields its items.
 */
export function classify(value: unknown, ctx: Ctx, out: FoundObject[], depth = 0): void {
  const pos = ctx.loc.at([]);
  if (!isPlainObject(value)) {
    report(ctx, [], 'a Kubernetes object (a mapping with apiVersion and kind)', brief(value));
    return;
  }
  const apiVersion = value['apiVersion'];
  const kind = value['kind'];
  let ok = true;
  if (typeof apiVersion !== 'string') {
    report(ctx, apiVersion === undefined ? [] : ['apiVersion'], apiVersion === undefined ? 'key "apiVersion"' : 'a string', brief(apiVersion === undefined ? value : apiVersion));
    ok = false;
  }
  if (typeof kind !== 'string') {
    report(ctx, kind === undefined ? [] : ['kind'], kind === undefined ? 'key "kind"' : 'a string', brief(kind === undefined ? value : kind));
    ok = false;
  }
  if (!ok || typeof apiVersion !== 'string' || typeof kind !== 'string') return;

  if (own(SUPPORTED, apiVersion)?.includes(kind)) {
    if (kind === 'List') {
      const items = value['items'];
      checkListFields(value, ctx);
      if (depth > 0) {
        report(ctx, ['kind'], 'an object inside a List (not another List)', JSON.stringify(kind));
        return;
      }
      if (items === undefined) return;
      if (!Array.isArray(items)) {
        report(ctx, ['items'], 'a list of Kubernetes objects', brief(items));
        return;
      }
      items.forEach((item, i) => classify(item, subCtx(ctx, ['items', i]), out, depth + 1));
      return;
    }
    out.push({ apiVersion, kind, value, ctx, pos });
    return;
  }
  const supportedVersion = Object.keys(SUPPORTED).find((v) => SUPPORTED[v]!.includes(kind));
  if (supportedVersion !== undefined) {
    report(ctx, ['apiVersion'], `${supportedVersion} (for kind ${kind})`, JSON.stringify(apiVersion));
    return;
  }
  const group = groupOf(apiVersion);
  const ignored = group === null ? undefined : own(IGNORED, group);
  if (ignored?.includes(kind)) {
    const name = getAt(value, ['metadata', 'name']);
    ctx.problems.warn(pos, `ignoring ${apiVersion} ${kind}${typeof name === 'string' ? ` ${JSON.stringify(name)}` : ''}: not simulated`);
    return;
  }
  if (ignored !== undefined || apiVersion === SCENARIO_API_VERSION || group === 'clusterip-sim') {
    const ours = Object.entries(SUPPORTED)
      .filter(([v]) => groupOf(v) === group)
      .flatMap(([, ks]) => ks)
      .filter((k) => k !== 'List');
    const known = [...ours, ...(ignored ?? [])];
    report(ctx, ['kind'], `a kind of ${apiVersion} (${known.length > 0 ? known.slice(0, 6).join(', ') + (known.length > 6 ? ', …' : '') : 'none known'})`, JSON.stringify(kind));
    return;
  }
  report(
    ctx,
    ['apiVersion'],
    `one of v1, apps/v1, discovery.k8s.io/v1, ${SCENARIO_API_VERSION} or a built-in Kubernetes API`,
    JSON.stringify(apiVersion),
    `kind ${kind}`,
  );
}

/** A `v1 List` has apiVersion, kind, metadata (ListMeta) and items (checked one by one). */
function checkListFields(value: Record<string, unknown>, ctx: Ctx): void {
  const fields = ['apiVersion', 'kind', 'metadata', 'items'];
  for (const k of Object.keys(value)) {
    if (fields.includes(k)) continue;
    const guess = didYouMean(k, fields);
    ctx.problems.add(ctx.loc.at([k], true), [...ctx.prefix, k], 'a field of List (apiVersion, kind, metadata, items)', JSON.stringify(k), guess === undefined ? 'unknown field' : `unknown field; did you mean "${guess}"?`);
  }
  checkKubeFields(value['metadata'], KUBE_ROOT.ListMeta, subCtx(ctx, ['metadata']));
}

// ---- shared pieces --------------------------------------------------------------

/** A string → string map of labels (or a selector), each key and value checked. */
function labelMap(what: string) {
  return absentOk(z.unknown().transform((v, ctx): Record<string, string> | undefined => {
    if (v === undefined) return undefined;
    if (!isPlainObject(v)) return fail(ctx, v, `a mapping of ${what}`);
    for (const [k, val] of Object.entries(v)) {
      if (!isLabelKey(k)) {
        ctx.issues.push({ code: 'custom', message: phrase('a label key ([prefix/]name, name ≤ 63 of [A-Za-z0-9_.-])', `bad key ${JSON.stringify(k)}`), input: val, path: [k] });
      } else if (typeof val !== 'string') {
        ctx.issues.push({ code: 'custom', message: phrase('a label value (a string: quote numbers and booleans)'), input: val, path: [k] });
      } else if (!isLabelValue(val)) {
        ctx.issues.push({ code: 'custom', message: phrase('a label value (≤ 63 of [A-Za-z0-9_.-], alphanumeric at both ends)'), input: val, path: [k] });
      }
    }
    return v as Record<string, string>;
  }));
}

const LABELS = labelMap('labels');
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const protocol = opt<Protocol>(oneOfPhrase(PROTOCOLS), oneOf(PROTOCOLS), 'TCP');
const portNumber = (what = 'a port number 1..65535') => req(what, intIn(1, 65535));

function metadata(nameCheck: (s: string) => boolean, namePhrase: string) {
  return loose({
    name: req(namePhrase, stringWhere(nameCheck)),
    namespace: opt('a namespace (DNS-1123 label)', stringWhere(isDns1123Label), 'default'),
    labels: LABELS,
  });
}

/** `{}`, `[]`, `false`, `""`: what kubectl prints for a field that is not set. */
function isEmpty(v: unknown): boolean {
  return v === false || v === '' || v === null || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

/**
 * Collects the real Kubernetes fields of one object that the simulator does
 * not model; {@link warnIgnoredFields} prints them all, for every object of
 * a file, as one summary line at the first of them.
 */
class Ignored {
  readonly fields: string[] = [];
  private first: Path | undefined;
  add(path: Path, detail?: string): void {
    const p = path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
    this.first ??= path;
    this.fields.push(detail === undefined ? p : `${p} ${detail}`);
  }
  addKeys(obj: unknown, prefix: Path, keys: (k: string) => boolean): void {
    if (!isPlainObject(obj)) return;
    for (const [k, v] of Object.entries(obj)) if (keys(k) && !isEmpty(v)) this.add([...prefix, k]);
  }
  warn(ctx: Ctx, what: string): void {
    if (this.fields.length === 0) return;
    let summary = IGNORED_SUMMARY.get(ctx.problems);
    if (summary === undefined) {
      summary = { pos: ctx.loc.at(this.first ?? [], true), parts: [] };
      IGNORED_SUMMARY.set(ctx.problems, summary);
    }
    summary.parts.push(`${what}: ${this.fields.join(', ')}`);
  }
}

const IGNORED_SUMMARY = new WeakMap<Problems, { pos: SourcePos; parts: string[] }>();

/** The one warning line about ignored fields, for every object read into `problems`. */
export function warnIgnoredFields(problems: Problems): void {
  const summary = IGNORED_SUMMARY.get(problems);
  if (summary === undefined) return;
  IGNORED_SUMMARY.delete(problems);
  problems.warn(summary.pos, `ignoring Kubernetes fields that the simulator does not model (valid, but they do not change ClusterIP routing here): ${summary.parts.join('; ')}`);
}

// ---- Service ------------------------------------------------------------------------

// Whether the address lies in the service CIDR is checked once the Scenario is read
// (spec.cluster.serviceCIDR, which may come later in the file): load.ts checkClusterIPs.
const CLUSTER_IP_PHRASE = `None, "" or an IPv4 address in the service CIDR (spec.cluster.serviceCIDR, default ${SERVICE_CIDR})`;
const clusterIPCheck: Check<string> = (v) => {
  if (typeof v !== 'string') return bad();
  if (v === '' || v === 'None') return v;
  if (v.includes(':')) return bad(`IPv6 is ${NOT_YET}`);
  return parseIPv4(v) !== null ? v : bad();
};

const servicePortSchema = loose({
  name: maybe('a port name (DNS-1123 label)', stringWhere(isDns1123Label)),
  port: portNumber(),
  targetPort: maybe<number | string>('a port number 1..65535 or a container port name (IANA service name)', (v) =>
    typeof v === 'number' ? intIn(1, 65535)(v) : typeof v === 'string' && isIanaSvcName(v) ? v : bad(),
  ),
  protocol,
  nodePort: maybe('a port number 0..65535', intIn(0, 65535)),
});

const PORT_LIST = list(z.unknown(), 'a list of ports');
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

const serviceMetadata = metadata(isDns1035Label, 'a Service name (DNS-1035 label: [a-z]([-a-z0-9]*[a-z0-9])?, at most 63)');
const serviceSpec = {
  selector: labelMap('selector labels'),
  ports: list(servicePortSchema, 'a list of ports').optional(),
  clusterIP: maybe(CLUSTER_IP_PHRASE, clusterIPCheck),
  clusterIPs: list(z.unknown(), 'a list of IP addresses').optional(),
  type: opt(oneOfPhrase(SERVICE_TYPES), oneOf(SERVICE_TYPES), 'ClusterIP'),
  sessionAffinity: opt(oneOfPhrase(['None', 'ClientIP']), oneOf(['None', 'ClientIP'] as const), 'None'),
  // core/v1 validation: 0 < timeoutSeconds ≤ 86400; default 10800 (KUBE-FACTS §1.3)
  sessionAffinityConfig: loose({
    clientIP: loose({ timeoutSeconds: opt('an integer 1..86400', intIn(1, 86400), 10800) }).optional(),
  }).optional(),
  internalTrafficPolicy: opt(oneOfPhrase(['Cluster', 'Local']), oneOf(['Cluster', 'Local'] as const), 'Cluster'),
  // PreferSameZone is KEP-3015's alias of PreferClose; PreferSameNode is not modelled yet
  trafficDistribution: maybe(oneOfPhrase(['PreferClose', 'PreferSameZone']), oneOf(['PreferClose', 'PreferSameZone'] as const, ['PreferSameNode'])),
  externalName: maybe('a DNS name', stringWhere((s) => s.length > 0)),
  publishNotReadyAddresses: maybe('true or false', bool()),
};

/** Service spec keys read, or printed by kubectl with no effect on ClusterIP routing (no warning). */
const SERVICE_QUIET = new Set([
  'selector', 'ports', 'clusterIP', 'clusterIPs', 'type', 'sessionAffinity', 'internalTrafficPolicy',
  'trafficDistribution', 'ipFamilies', 'ipFamilyPolicy', 'externalName', 'sessionAffinityConfig',
]);

/** Reads a Service (problems into o.ctx), then checks every field against the Kubernetes schema. */
export function readService(o: FoundObject) {
  const r = readServiceFields(o);
  checkKubeFields(o.value, KUBE_ROOT.Service, o.ctx);
  return r;
}

function readServiceFields(o: FoundObject): ServiceSpec | undefined {
  const ctx = o.ctx;
  const root = o.value;
  const before = ctx.problems.count;
  const meta = parseAt(serviceMetadata, root, ['metadata'], ctx);
  if (!needMapping(root, ['spec'], ctx, 'a mapping with ports')) return undefined;
  type Spec = typeof serviceSpec;
  const f = <K extends keyof Spec>(k: K): z.infer<Spec[K]> | undefined =>
    parseAt(serviceSpec[k] as unknown as z.ZodType<z.infer<Spec[K]>>, root, ['spec', k], ctx);
  const type = f('type');
  const clusterIPText = f('clusterIP');
  const ips = f('clusterIPs');
  const rawPorts = getAt(root, ['spec', 'ports']);
  const portList = rawPorts === undefined ? [] : parseAt(PORT_LIST, root, ['spec', 'ports'], ctx);
  const affinity = f('sessionAffinity');
  const affinityConfig = f('sessionAffinityConfig');
  const distribution = f('trafficDistribution');
  f('externalName');
  const selectorMap = f('selector');
  const itp = f('internalTrafficPolicy');
  const pnra = f('publishNotReadyAddresses');

  const headless = clusterIPText === 'None' || type === 'ExternalName';
  let clusterIP: number | null = null;
  if (clusterIPText !== undefined && clusterIPText !== '' && clusterIPText !== 'None') clusterIP = parseIPv4(clusterIPText);
  if (ips !== undefined && ips.length > 0) {
    const first = ips[0];
    if (clusterIPText !== undefined && clusterIPText !== '' && first !== clusterIPText) {
      report(ctx, ['spec', 'clusterIPs', 0], `the same address as spec.clusterIP (${clusterIPText})`, brief(first));
    } else if (clusterIPText === undefined || clusterIPText === '') {
      const c = clusterIPCheck(first);
      if (typeof c !== 'string') report(ctx, ['spec', 'clusterIPs', 0], CLUSTER_IP_PHRASE, brief(first), c.note);
      else if (c !== '' && c !== 'None') clusterIP = parseIPv4(c);
    }
  }
  const ports: ServicePortSpec[] = [];
  if (portList !== undefined) {
    if (portList.length === 0 && !headless) {
      report(ctx, ['spec', ...(rawPorts === undefined ? [] : ['ports'])], rawPorts === undefined ? 'key "ports" (at least one port)' : 'at least one port', brief(rawPorts ?? getAt(root, ['spec'])));
    }
    const names = new Map<string, number>();
    const numbers = new Map<string, number>();
    portList.forEach((raw, i) => {
      const p = parseAt(servicePortSchema, root, ['spec', 'ports', i], ctx);
      const rawName = getAt(raw, ['name']);
      if (portList.length > 1 && isPlainObject(raw) && rawName === undefined) {
        report(ctx, ['spec', 'ports', i], 'key "name" (every port of a multi-port Service needs a name)', brief(raw));
      }
      if (p === undefined) return;
      const name = p.name ?? '';
      if (name !== '') {
        if (names.has(name)) report(ctx, ['spec', 'ports', i, 'name'], 'a port name not used before', JSON.stringify(name), `also at ports[${names.get(name)}]`);
        else names.set(name, i);
      }
      const key = `${p.port}/${p.protocol}`;
      if (numbers.has(key)) report(ctx, ['spec', 'ports', i, 'port'], 'a port/protocol not used before', key, `also at ports[${numbers.get(key)}]`);
      else numbers.set(key, i);
      ports.push({ name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol });
    });
  }
  if (ctx.problems.count > before || meta === undefined || type === undefined || itp === undefined) return undefined;

  const ignored = new Ignored();
  if (type === 'NodePort' || type === 'LoadBalancer') ignored.add(['spec', 'type'], `${type} (routed as ClusterIP)`);
  if (pnra === true) ignored.add(['spec', 'publishNotReadyAddresses']);
  ignored.addKeys(getAt(root, ['spec']), ['spec'], (k) => !SERVICE_QUIET.has(k) && k !== 'publishNotReadyAddresses');
  const selector = selectorMap !== undefined && Object.keys(selectorMap).length > 0 ? { ...selectorMap } : null;
  const svc: ServiceSpec = {
    name: meta.name,
    namespace: meta.namespace,
    selector,
    ports,
    clusterIP: headless ? null : clusterIP,
    headless,
    internalTrafficPolicy: itp,
    affinityTimeoutSeconds: affinity === 'ClientIP' ? (affinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0,
    preferClose: distribution !== undefined,
    pos: o.pos,
  };
  ignored.warn(ctx, `Service ${svc.namespace}/${svc.name}`);
  return svc;
}

// ---- Deployment -----------------------------------------------------------------------

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

const containerSchema = loose({
  name: req('a container name (DNS-1123 label)', stringWhere(isDns1123Label)),
  ports: list(
    loose({
      name: maybe('a port name (IANA service name: ≤ 15 of [a-z0-9-], with a letter)', stringWhere(isIanaSvcName)),
      containerPort: portNumber(),
      protocol,
    }),
    'a list of container ports',
  ).optional(),
  readinessProbe: maybe('a probe (a mapping)', (v) => (isPlainObject(v) ? v : bad())),
});

const deploymentMetadata = metadata(isDns1123Subdomain, 'a Deployment name (DNS-1123 subdomain)');
const replicasSchema = opt('an integer ≥ 0', intIn(0, 2_147_483_647), 1);
const matchExpressionsSchema = list(
  loose({
    key: req('a label key', stringWhere(isLabelKey)),
    operator: req(oneOfPhrase(OPERATORS), oneOf(OPERATORS)),
    values: list(req('a label value', stringWhere(isLabelValue)), 'a list of label values').optional(),
  }),
  'a list of {key, operator, values}',
).optional();
const containersSchema = list(containerSchema, 'a list of containers', { min: 1, minText: 'at least one container' });
const gracePeriodSchema = opt('an integer ≥ 0', intIn(0, 2_147_483_647), 30);

const DEPLOYMENT_QUIET = new Set(['replicas', 'selector', 'template', 'strategy', 'revisionHistoryLimit', 'progressDeadlineSeconds']);
const POD_WARN = new Set([
  'affinity', 'nodeSelector', 'nodeName', 'tolerations', 'topologySpreadConstraints', 'initContainers', 'hostNetwork',
  'priorityClassName', 'readinessGates', 'overhead', 'runtimeClassName', 'schedulingGates', 'resources', 'resourceClaims',
]);
const CONTAINER_WARN = new Set(['livenessProbe', 'startupProbe', 'lifecycle', 'resources']);

const NS_PER_S = 1_000_000_000;
const PROBE = loose(probeFields, 'a probe (a mapping)');
const SLEEP_SECONDS = req('an integer ≥ 0 (seconds)', intIn(0, 2_147_483_647));
const STRATEGY_TYPE = opt(oneOfPhrase(['RollingUpdate']), oneOf(['RollingUpdate'] as const, ['Recreate']), 'RollingUpdate');
const SURGE = maybe(INT_OR_PERCENT, intOrPercent);

/**
 * `lifecycle.preStop` as a delay in ns: `sleep.seconds`, or an exec command
 * that only sleeps; 0 when absent; null for any other handler (the caller
 * warns); undefined after a problem.
 */
function readPreStop(root: Record<string, unknown>, path: Path, ctx: Ctx): Ns | null | undefined {
  const p = getAt(root, path);
  if (p === undefined || p === null) return 0;
  if (!isPlainObject(p)) return undefined; // a type problem, reported by the field check
  const sleep = p['sleep'];
  if (sleep !== undefined && sleep !== null) {
    // other keys of a sleep action are unknown fields: the field check names them with a did-you-mean
    if (isPlainObject(sleep) && sleep['seconds'] === undefined && Object.keys(sleep).length > 0) return undefined;
    const s = parseAt(SLEEP_SECONDS, root, [...path, 'sleep', 'seconds'], ctx);
    return s === undefined ? undefined : s * NS_PER_S;
  }
  return execSleep(getAt(p, ['exec', 'command']));
}

/**
 * `spec.strategy`: RollingUpdate (Recreate is not yet supported) with
 * maxSurge / maxUnavailable (default 25 % each), validated as apps/v1 does:
 * not both 0, maxUnavailable ≤ 100 %.
 */
function readStrategy(root: Record<string, unknown>, ctx: Ctx): { maxSurge: IntOrPercent; maxUnavailable: IntOrPercent } {
  parseAt(STRATEGY_TYPE, root, ['spec', 'strategy', 'type'], ctx);
  const ru: Path = ['spec', 'strategy', 'rollingUpdate'];
  const maxSurge = parseAt(SURGE, root, [...ru, 'maxSurge'], ctx) ?? DEFAULT_LIFECYCLE.maxSurge;
  const maxUnavailable = parseAt(SURGE, root, [...ru, 'maxUnavailable'], ctx) ?? DEFAULT_LIFECYCLE.maxUnavailable;
  checkRolling(maxSurge, maxUnavailable, ctx, ru, getAt(root, [...ru, 'maxUnavailable']) !== undefined);
  return { maxSurge, maxUnavailable };
}

/** Reads a Deployment (problems into o.ctx), then checks every field against the Kubernetes schema. */
export function readDeployment(o: FoundObject) {
  const r = readDeploymentFields(o);
  checkKubeFields(o.value, KUBE_ROOT.Deployment, o.ctx);
  return r;
}

function readDeploymentFields(o: FoundObject): DeploymentSpec | undefined {
  const ctx = o.ctx;
  const root = o.value;
  const before = ctx.problems.count;
  const meta = parseAt(deploymentMetadata, root, ['metadata'], ctx);
  if (!needMapping(root, ['spec'], ctx, 'a mapping with selector and template')) return undefined;
  const replicas = parseAt(replicasSchema, root, ['spec', 'replicas'], ctx);
  const hasSelector = needMapping(root, ['spec', 'selector'], ctx, 'a label selector (matchLabels, matchExpressions)');
  const selectorStart = ctx.problems.count;
  const matchLabels = { ...(hasSelector ? (parseAt(LABELS, root, ['spec', 'selector', 'matchLabels'], ctx) ?? {}) : {}) };
  const rawExpressions = hasSelector ? parseAt(matchExpressionsSchema, root, ['spec', 'selector', 'matchExpressions'], ctx) : undefined;
  const matchExpressions: LabelSelectorRequirement[] = [];
  (rawExpressions ?? []).forEach((e, i) => {
    const values = e.values ?? [];
    const needsValues = e.operator === 'In' || e.operator === 'NotIn';
    if (needsValues && values.length === 0) {
      report(ctx, ['spec', 'selector', 'matchExpressions', i], `key "values" (at least one value for ${e.operator})`, brief(getAt(root, ['spec', 'selector', 'matchExpressions', i])));
    } else if (!needsValues && values.length > 0) {
      report(ctx, ['spec', 'selector', 'matchExpressions', i, 'values'], `no values for ${e.operator}`, brief(values));
    }
    matchExpressions.push({ key: e.key, operator: e.operator, values });
  });
  const selectorOk = hasSelector && ctx.problems.count === selectorStart;
  const hasTemplate = needMapping(root, ['spec', 'template'], ctx, 'a pod template (metadata.labels, spec.containers)');
  const labelsStart = ctx.problems.count;
  const podLabels = { ...(hasTemplate ? (parseAt(LABELS, root, ['spec', 'template', 'metadata', 'labels'], ctx) ?? {}) : {}) };
  const labelsOk = hasTemplate && ctx.problems.count === labelsStart && (getAt(root, ['spec', 'template', 'metadata']) === undefined || needMapping(root, ['spec', 'template', 'metadata'], ctx));
  if (selectorOk && labelsOk) {
    if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) {
      report(ctx, ['spec', 'selector'], 'a non-empty selector (matchLabels or matchExpressions)', brief(getAt(root, ['spec', 'selector'])), 'empty selector is invalid for deployment');
    } else if (!matchesSelector({ matchLabels, matchExpressions }, podLabels)) {
      const labelsPath: Path = getAt(root, ['spec', 'template', 'metadata', 'labels']) === undefined ? ['spec', 'template'] : ['spec', 'template', 'metadata', 'labels'];
      report(ctx, labelsPath, 'labels that spec.selector matches', brief(podLabels), 'selector does not match template labels');
    }
  }
  const hasPodSpec = hasTemplate && needMapping(root, ['spec', 'template', 'spec'], ctx, 'a pod spec (containers)');
  const containers = hasPodSpec ? parseAt(containersSchema, root, ['spec', 'template', 'spec', 'containers'], ctx) : undefined;
  const grace = hasPodSpec ? parseAt(gracePeriodSchema, root, ['spec', 'template', 'spec', 'terminationGracePeriodSeconds'], ctx) : undefined;

  const first: Path = ['spec', 'template', 'spec', 'containers', 0];
  const probe = containers?.[0]?.readinessProbe === undefined ? undefined : parseAt(PROBE, root, [...first, 'readinessProbe'], ctx);
  const preStop = containers === undefined ? undefined : readPreStop(root, [...first, 'lifecycle', 'preStop'], ctx);
  const rolling = readStrategy(root, ctx);

  if (ctx.problems.count > before || meta === undefined || replicas === undefined || containers === undefined || grace === undefined) return undefined;
  const containerPorts: ContainerPortSpec[] = [];
  let hasReadinessProbe = false;
  const ignored = new Ignored();
  ignored.addKeys(getAt(root, ['spec']), ['spec'], (k) => !DEPLOYMENT_QUIET.has(k));
  ignored.addKeys(getAt(root, ['spec', 'template', 'spec']), ['spec', 'template', 'spec'], (k) => POD_WARN.has(k));
  containers.forEach((c, i) => {
    for (const p of c.ports ?? []) containerPorts.push({ name: p.name ?? '', containerPort: p.containerPort, protocol: p.protocol });
    if (c.readinessProbe !== undefined) hasReadinessProbe = true;
    const at: Path = ['spec', 'template', 'spec', 'containers', i];
    // the first container's readinessProbe and lifecycle.preStop are read; the rest of lifecycle, and other containers' probes, are not
    ignored.addKeys(getAt(root, at), at, (k) => (CONTAINER_WARN.has(k) && !(i === 0 && k === 'lifecycle')) || (i > 0 && k === 'readinessProbe'));
    if (i === 0) ignored.addKeys(getAt(root, [...at, 'lifecycle']), [...at, 'lifecycle'], (k) => k !== 'preStop');
  });
  if (preStop === null) {
    const handler = Object.keys((getAt(root, [...first, 'lifecycle', 'preStop']) as Record<string, unknown> | undefined) ?? {}).join(', ') || 'empty';
    ctx.problems.warn(
      ctx.loc.at([...first, 'lifecycle', 'preStop'], true),
      `Deployment ${meta.namespace}/${meta.name}: lifecycle.preStop (${handler}) is taken as 0 s: only sleep.seconds or an exec command that is just "sleep N" is modelled (as a delay before SIGTERM)`,
    );
  }
  const dep: DeploymentSpec = {
    name: meta.name,
    namespace: meta.namespace,
    replicas,
    selector: { matchLabels, matchExpressions },
    podLabels,
    labels: { ...(meta.labels ?? {}) },
    containerPorts,
    hasReadinessProbe,
    terminationGracePeriodSeconds: grace,
    lifecycle: {
      readinessProbe: probe === undefined ? null : probeOver(DEFAULT_PROBE, probe),
      preStop: preStop ?? 0,
      terminationGracePeriod: grace * NS_PER_S,
      maxSurge: rolling.maxSurge,
      maxUnavailable: rolling.maxUnavailable,
    },
    pos: o.pos,
  };
  ignored.warn(ctx, `Deployment ${dep.namespace}/${dep.name}`);
  return dep;
}

// ---- EndpointSlice ------------------------------------------------------------------------

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';

const ipv4Check: Check<number> = (v) => {
  const ip = typeof v === 'string' ? parseIPv4(v) : null;
  return ip === null ? bad() : ip;
};

const endpointSliceSchema = loose({
  metadata: metadata(isDns1123Subdomain, 'an EndpointSlice name (DNS-1123 subdomain)'),
  addressType: req('IPv4', oneOf(['IPv4'] as const, ['IPv6', 'FQDN'])),
  ports: list(
    loose({
      name: opt('a port name (DNS-1123 label or "")', stringWhere((s) => s === '' || isDns1123Label(s)), ''),
      port: portNumber(),
      protocol,
    }),
    'a list of ports',
  ).optional(),
  endpoints: list(
    loose({
      addresses: list(req('an IPv4 address', ipv4Check), 'a list of IPv4 addresses', { min: 1, max: 100, minText: 'at least one address' }),
      conditions: loose({
        ready: maybe('true or false', bool()),
        serving: maybe('true or false', bool()),
        terminating: maybe('true or false', bool()),
      }).prefault({} as never),
      nodeName: maybe('a node name (DNS-1123 subdomain)', stringWhere(isDns1123Subdomain)),
      zone: maybe('a zone name', stringWhere((s) => s !== '' && isLabelValue(s))),
      hostname: maybe('a hostname (DNS-1123 label)', stringWhere(isDns1123Label)),
      targetRef: loose({ name: maybe('a name', stringWhere((s) => s !== '')) }).optional(),
    }),
    'a list of endpoints',
  ).optional(),
});

export interface ReadSlice {
  readonly slice: EndpointSliceSpec;
  /** `endpointslice.kubernetes.io/managed-by`, when set (the controller's own slices for selector Services). */
  readonly managedBy: string | undefined;
}

/** Reads an EndpointSlice (problems into o.ctx), then checks every field against the Kubernetes schema. */
export function readEndpointSlice(o: FoundObject): ReadSlice | undefined {
  const r = readEndpointSliceFields(o);
  checkKubeFields(o.value, KUBE_ROOT.EndpointSlice, o.ctx);
  return r;
}

function readEndpointSliceFields(o: FoundObject): ReadSlice | undefined {
  const e = parseEach(endpointSliceSchema, o.value, o.ctx);
  if (e === undefined) return undefined;
  const ctx = o.ctx;
  const labels = e.metadata.labels ?? {};
  const serviceName = labels[SERVICE_NAME_LABEL];
  if (serviceName === undefined) {
    const hasLabels = getAt(o.value, ['metadata', 'labels']) !== undefined;
    report(ctx, hasLabels ? ['metadata', 'labels'] : ['metadata'], `key "${SERVICE_NAME_LABEL}" (the Service this slice belongs to)`, brief(hasLabels ? labels : getAt(o.value, ['metadata'])));
    return undefined;
  }
  if (!isDns1035Label(serviceName)) {
    report(ctx, ['metadata', 'labels', SERVICE_NAME_LABEL], 'a Service name (DNS-1035 label)', JSON.stringify(serviceName));
    return undefined;
  }
  const ignored = new Ignored();
  const endpoints: EndpointSpec[] = (e.endpoints ?? []).map((ep, i) => {
    const ready = ep.conditions.ready ?? true;
    if (getAt(o.value, ['endpoints', i, 'hints']) !== undefined && !ignored.fields.includes('endpoints[].hints')) {
      ignored.fields.push('endpoints[].hints');
    }
    return {
      address: ep.addresses[0]!,
      ready,
      serving: ep.conditions.serving ?? ready,
      terminating: ep.conditions.terminating ?? false,
      nodeName: ep.nodeName ?? null,
      zone: ep.zone ?? null,
      name: ep.targetRef?.name ?? ep.hostname ?? null,
    };
  });
  const slice: EndpointSliceSpec = {
    name: e.metadata.name,
    namespace: e.metadata.namespace,
    serviceName,
    ports: (e.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
    endpoints,
    pos: o.pos,
  };
  ignored.warn(ctx, `EndpointSlice ${slice.namespace}/${slice.name}`);
  return { slice, managedBy: labels[MANAGED_BY_LABEL] };
}
