/**
 * `events[]` (DESIGN.md "Events"): each entry's schema, which target and
 * extra fields each action takes, and the resolved, time-ordered
 * {@link EventSpec}s with a short text for timeseries.csv. An action the
 * simulator does not run yet (failures/actions.ts SUPPORTED_ACTIONS) is
 * accepted and fully checked, then reported as "not yet supported" at its
 * `action`. A `set` event's path and value are checked in sweep.ts
 * (checkSetEvents), against the same schema as sweep keys.
 */
import * as z from 'zod';
import { SUPPORTED_ACTIONS } from '../failures/actions.js';
import { brief } from './errors.js';
import {
  NOT_YET,
  absentOk,
  durationWhere,
  fail,
  intIn,
  isPlainObject,
  list,
  maybe,
  numberWhere,
  oneOf,
  oneOfPhrase,
  parseValue,
  phrase,
  report,
  req,
  stringWhere,
  strict,
  subCtx,
} from './issues.js';
import type { Ctx } from './issues.js';
import { checkRolling, INT_OR_PERCENT, intOrPercent, intOrPercentText } from './lifecycle.js';
import { isDns1123Label, isDns1123Subdomain, isLabelKey, isLabelValue } from './names.js';
import type { KubeIndex } from './check.js';
import type { ClusterSpec, EventAction, EventSpec, EventTarget, IntOrPercent, Ns } from './types.js';

export const EVENT_ACTIONS = [
  'kill-pod',
  'hang-pod',
  'slow-pod',
  'node-down',
  'node-up',
  'partition',
  'scale',
  'rollout',
  'relabel-pod',
  'set',
] as const satisfies readonly EventAction[];

type TargetKey = 'pod' | 'deployment' | 'node' | 'nodes' | 'zone';

interface Rule {
  /** Exactly one of these names the target (none for `set`). */
  readonly targets: readonly TargetKey[];
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

const POD: readonly TargetKey[] = ['pod', 'deployment'];

/** Which target and extra fields each action takes (DESIGN.md "Events"). */
const RULES: Readonly<Record<EventAction, Rule>> = {
  'kill-pod': { targets: POD, required: [], optional: [] },
  'hang-pod': { targets: POD, required: ['duration'], optional: [] },
  'slow-pod': { targets: POD, required: ['factor', 'duration'], optional: [] },
  'relabel-pod': { targets: POD, required: ['labels'], optional: [] },
  'node-down': { targets: ['node', 'zone'], required: [], optional: [] },
  'node-up': { targets: ['node', 'zone'], required: [], optional: [] },
  partition: { targets: ['nodes', 'zone'], required: ['duration'], optional: [] },
  scale: { targets: ['deployment'], required: ['replicas'], optional: [] },
  rollout: { targets: ['deployment'], required: [], optional: ['maxSurge', 'maxUnavailable'] },
  set: { targets: [], required: ['path', 'value'], optional: [] },
};

/** The keys an action takes, in the order the docs show them. */
function allowedKeys(action: EventAction): string[] {
  const r = RULES[action];
  const keys = ['at', 'action', ...r.targets];
  if (r.targets.includes('deployment')) keys.push('namespace');
  if (r.targets.includes('pod')) keys.push('count');
  return [...keys, ...r.required, ...r.optional];
}

const INT32_MAX = 2_147_483_647;

const REQUIRED_PHRASE: Readonly<Record<string, string>> = {
  duration: 'a duration > 0',
  factor: 'a number > 0: service time × factor',
  labels: 'a mapping of label → value, null removes',
  replicas: 'an integer ≥ 0',
  path: 'a path into the Scenario spec',
  value: 'the new value',
};
const NODE_NAME = 'a node name (DNS-1123 label)';
const ZONE_NAME = 'a zone name (a label value)';
const isZoneName = (s: string): boolean => s !== '' && isLabelValue(s);

/**
 * relabel-pod `labels`: label key → label value, or null to remove the label
 * (a null value is left out of the data: buildEvent finds those keys in the
 * source).
 */
const labelChanges = absentOk(z.unknown().transform((v, ctx): Record<string, string | null> | undefined => {
  if (v === undefined) return undefined;
  if (!isPlainObject(v)) return fail(ctx, v, 'a mapping of label → value (null removes the label)');
  for (const [k, val] of Object.entries(v)) {
    if (!isLabelKey(k)) {
      ctx.issues.push({ code: 'custom', message: phrase('a label key ([prefix/]name, name ≤ 63 of [A-Za-z0-9_.-])', `bad key ${JSON.stringify(k)}`), input: val, path: [k] });
    } else if (val !== null && (typeof val !== 'string' || !isLabelValue(val))) {
      ctx.issues.push({ code: 'custom', message: phrase('a label value (a string of ≤ 63 of [A-Za-z0-9_.-], alphanumeric at both ends) or null (removes the label)'), input: val, path: [k] });
    }
  }
  return v as Record<string, string | null>;
}));

/** One `events[]` entry: every key any action takes (which action takes which is checked after). */
export const eventItemSchema = strict({
  at: req('a duration ≥ 0 (from t=0, the start of warmup)', durationWhere((n) => n >= 0)),
  action: req(oneOfPhrase(EVENT_ACTIONS), oneOf(EVENT_ACTIONS)),
  pod: maybe('a pod name (DNS-1123 subdomain)', stringWhere(isDns1123Subdomain)),
  deployment: maybe('a Deployment name (DNS-1123 subdomain)', stringWhere(isDns1123Subdomain)),
  namespace: maybe('a namespace (DNS-1123 label)', stringWhere(isDns1123Label)),
  count: maybe(`an integer 1..${INT32_MAX}`, intIn(1, INT32_MAX)),
  node: maybe(NODE_NAME, stringWhere(isDns1123Label)),
  nodes: list(req(NODE_NAME, stringWhere(isDns1123Label)), 'a list of node names', { min: 1, minText: 'at least one node' }).optional(),
  zone: maybe(ZONE_NAME, stringWhere(isZoneName)),
  duration: maybe('a duration > 0', durationWhere((n) => n > 0)),
  factor: maybe('a number > 0 (service time × factor)', numberWhere((n) => n > 0)),
  replicas: maybe(`an integer 0..${INT32_MAX}`, intIn(0, INT32_MAX)),
  maxSurge: maybe(INT_OR_PERCENT, intOrPercent),
  maxUnavailable: maybe(INT_OR_PERCENT, intOrPercent),
  labels: labelChanges,
  path: maybe('a path into the Scenario spec (like traffic[0].arrival.rate)', stringWhere((s) => s.trim() !== '')),
  value: z.unknown().optional(),
});

type EventItem = z.infer<typeof eventItemSchema>;

/** `30s`, `1500ms`, `0`: the largest unit that divides the duration exactly (no `;` or `,`). */
export function durationText(ns: Ns): string {
  if (ns === 0) return '0s';
  for (const [unit, n] of [['h', 3600e9], ['m', 60e9], ['s', 1e9], ['ms', 1e6], ['us', 1e3]] as const) {
    if (ns % n === 0) return `${ns / n}${unit}`;
  }
  return `${ns}ns`;
}

function targetText(t: EventTarget): string {
  switch (t.kind) {
    case 'pod':
      return `pod/${t.pod}`;
    case 'deployment':
      return `deployment/${t.namespace === 'default' ? '' : `${t.namespace}/`}${t.deployment}`;
    case 'node':
      return `node/${t.node}`;
    case 'nodes':
      return `nodes/${t.nodes.join('+')}`;
    case 'zone':
      return `zone/${t.zone}`;
    case 'none':
      return '';
  }
}

/**
 * The short text of an event for timeseries.csv `scenario_events`, e.g.
 * `kill-pod deployment/web×2`, `scale deployment/web→5`, `hang-pod pod/web-x 30s`.
 * Never holds `;` or `,` (the cell is `;`-separated).
 */
export function eventText(e: Omit<EventSpec, 'text' | 'pos' | 'index'>): string {
  const parts: string[] = [e.action];
  const t = e.target;
  const podAction = RULES[e.action].targets.includes('pod');
  if (t.kind !== 'none') parts.push(targetText(t) + (t.kind === 'deployment' && podAction ? `×${t.count}` : ''));
  if (e.action === 'scale' && e.replicas !== null) parts[parts.length - 1] += `→${e.replicas}`;
  if (e.factor !== null) parts.push(`×${e.factor}`);
  if (e.duration !== null) parts.push(durationText(e.duration));
  if (e.maxSurge !== null) parts.push(`maxSurge=${intOrPercentText(e.maxSurge)}`);
  if (e.maxUnavailable !== null) parts.push(`maxUnavailable=${intOrPercentText(e.maxUnavailable)}`);
  if (e.labels !== null) for (const [k, v] of Object.entries(e.labels)) parts.push(v === null ? `${k}-` : `${k}=${v}`);
  if (e.path !== null) parts.push(`${e.path}=${valueText(e.value, 40)}`);
  return parts.join(' ').replace(/[;,\r\n]/g, ' ');
}

/** A set event's value as a person writes it in YAML's flow style, without commas: `5ms`, `{distribution: constant mean: 2ms}`; cut at `max` characters. */
function valueText(v: unknown, max: number): string {
  const flow = (x: unknown): string => {
    if (x === null || x === undefined) return 'null';
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    if (Array.isArray(x)) return `[${x.map(flow).join(' ')}]`;
    if (typeof x === 'object') return `{${Object.entries(x as Record<string, unknown>).map(([k, y]) => `${k}: ${flow(y)}`).join(' ')}}`;
    return String(x);
  };
  const t = flow(v);
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** What the events of one point are checked against. */
export interface EventEnv {
  /** The point's cluster, when valid (node and zone names are checked against it). */
  readonly cluster: ClusterSpec | undefined;
  /** warmup + duration, when both are valid: an event must come before the run ends. */
  readonly end: Ns | undefined;
  /** The file's Kubernetes objects (absent: Deployment names are not checked). */
  readonly kube: KubeIndex | undefined;
}

function names(xs: readonly string[]): string {
  if (xs.length === 0) return 'none';
  return xs.length <= 5 ? xs.join(', ') : `${xs.slice(0, 5).join(', ')}, …`;
}

/** Checks and resolves `spec.events` (ctx rooted at the spec): the events sorted stably by `at`, or undefined after reporting every problem. */
export function buildEvents(spec: Record<string, unknown>, env: EventEnv, ctx: Ctx): EventSpec[] | undefined {
  const v = spec['events'];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    report(ctx, ['events'], 'a list of events', brief(v));
    return undefined;
  }
  const out: EventSpec[] = [];
  let ok = true;
  v.forEach((item, i) => {
    const e = buildEvent(item, env, subCtx(ctx, ['events', i]));
    if (e === undefined) ok = false;
    else out.push({ ...e, index: i });
  });
  if (!ok) return undefined;
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}

function buildEvent(raw: unknown, env: EventEnv, ctx: Ctx): EventSpec | undefined {
  const before = ctx.problems.count;
  const e = parseValue(eventItemSchema, raw, ctx);
  if (!isPlainObject(raw)) return undefined;
  const action = typeof raw['action'] === 'string' && (EVENT_ACTIONS as readonly string[]).includes(raw['action']) ? (raw['action'] as EventAction) : undefined;
  if (action === undefined) return undefined;
  const rule = RULES[action];
  const allowed = allowedKeys(action);
  const shape = Object.keys(eventItemSchema.shape);
  // keys this action does not take (unknown keys are reported by the schema)
  for (const k of Object.keys(raw)) {
    if (shape.includes(k) && !allowed.includes(k)) {
      ctx.problems.add(ctx.loc.at([k], true), [...ctx.prefix, k], `one of ${allowed.join(', ')} (for action ${action})`, `key ${JSON.stringify(k)}`);
    }
  }
  // exactly one target
  const given = rule.targets.filter((t) => raw[t] !== undefined);
  const either = rule.targets.map((t) => `key "${t}"`).join(' or ');
  if (rule.targets.length > 0 && given.length === 0) {
    report(ctx, [], `${either} (the target of ${action})`, brief(raw));
  } else if (given.length > 1) {
    ctx.problems.add(ctx.loc.at([given[1]!], true), [...ctx.prefix, given[1]!], `exactly one of ${either} (the target of ${action})`, 'both');
  }
  if (raw['pod'] !== undefined) {
    for (const k of ['count', 'namespace']) {
      if (raw[k] !== undefined && allowed.includes(k)) ctx.problems.add(ctx.loc.at([k], true), [...ctx.prefix, k], `no ${k} with key "pod" (it names one pod; ${k} goes with key "deployment")`, `key ${JSON.stringify(k)}`);
    }
  }
  // `key: null` is left out of the data; `value: null` (back to the default) and `labels: {k: null}` (remove k) mean something
  const removed = isPlainObject(raw['labels']) ? ctx.loc.nullKeys(['labels']) : [];
  for (const k of removed) {
    if (!isLabelKey(k)) report(ctx, ['labels', k], 'a label key ([prefix/]name, name ≤ 63 of [A-Za-z0-9_.-])', JSON.stringify(k));
  }
  if (isPlainObject(raw['labels']) && Object.keys(raw['labels']).length + removed.length === 0) report(ctx, ['labels'], 'at least one label', '{}');
  for (const k of rule.required) {
    if (raw[k] === undefined && !(k === 'value' && ctx.loc.isNullAt(['value']))) {
      report(ctx, [], `key ${JSON.stringify(k)} (${REQUIRED_PHRASE[k] ?? 'a value'}, for action ${action})`, brief(raw));
    }
  }
  if (!SUPPORTED_ACTIONS.has(action)) {
    const supported = EVENT_ACTIONS.filter((a) => SUPPORTED_ACTIONS.has(a));
    report(ctx, ['action'], oneOfPhrase(supported), JSON.stringify(action), NOT_YET);
  }
  if (e === undefined || ctx.problems.count > before) return undefined;
  const target = resolveTarget(e, action, env, ctx);
  if (target === undefined) return undefined;
  if (env.end !== undefined && e.at >= env.end) {
    report(ctx, ['at'], `a time before the run ends (warmup + duration = ${durationText(env.end)}, counted from t=0)`, brief(raw['at']));
    return undefined;
  }
  if (action === 'rollout' && target.kind === 'deployment' && (e.maxSurge !== undefined || e.maxUnavailable !== undefined)) {
    const dep = env.kube?.deployments.find((d) => d.name === target.deployment && d.namespace === target.namespace);
    if (dep !== undefined) {
      const ms = e.maxSurge ?? dep.lifecycle.maxSurge;
      const mu = e.maxUnavailable ?? dep.lifecycle.maxUnavailable;
      if (!checkRolling(ms, mu, ctx, [], e.maxUnavailable !== undefined)) return undefined;
    }
  }
  const resolved = {
    at: e.at,
    action,
    target,
    duration: e.duration ?? null,
    factor: e.factor ?? null,
    replicas: e.replicas ?? null,
    maxSurge: (e.maxSurge ?? null) as IntOrPercent | null,
    maxUnavailable: (e.maxUnavailable ?? null) as IntOrPercent | null,
    labels: e.labels === undefined ? null : { ...e.labels, ...Object.fromEntries(removed.map((k) => [k, null])) },
    path: e.path === undefined ? null : e.path.trim(),
    value: action === 'set' && e.value !== undefined ? structuredClone(e.value) : null,
    serviceTime: null, // a service-time set's is resolved with the point's spec (sweep.ts resolveSetEvents)
  };
  return { ...resolved, text: eventText(resolved), pos: ctx.loc.at([]), index: -1 };
}

function resolveTarget(e: EventItem, action: EventAction, env: EventEnv, ctx: Ctx): EventTarget | undefined {
  const cluster = env.cluster;
  const nodeNames = cluster?.nodes.map((n) => n.name) ?? [];
  const zones = [...new Set(cluster?.nodes.map((n) => n.zone).filter((z) => z !== '') ?? [])];
  if (e.pod !== undefined) return { kind: 'pod', pod: e.pod };
  if (e.deployment !== undefined) {
    const namespace = e.namespace ?? 'default';
    const kube = env.kube;
    if (kube !== undefined && !kube.deployments.some((d) => d.name === e.deployment && d.namespace === namespace)) {
      if (kube.incomplete || kube.brokenDeployments.has(`${namespace}/${e.deployment}`)) return undefined;
      report(ctx, ['deployment'], `the name of a Deployment in this file (${names(kube.deployments.map((d) => `${d.namespace}/${d.name}`))})`, JSON.stringify(e.deployment), namespace === 'default' ? undefined : `namespace ${namespace}`);
      return undefined;
    }
    return { kind: 'deployment', deployment: e.deployment, namespace, count: RULES[action].targets.includes('pod') ? (e.count ?? 1) : 0 };
  }
  if (e.node !== undefined) {
    if (cluster !== undefined && !nodeNames.includes(e.node)) {
      report(ctx, ['node'], `a node of the cluster (${names(nodeNames)})`, JSON.stringify(e.node));
      return undefined;
    }
    return { kind: 'node', node: e.node };
  }
  if (e.nodes !== undefined) {
    let ok = true;
    const seen = new Map<string, number>();
    e.nodes.forEach((n, j) => {
      const prev = seen.get(n);
      if (prev !== undefined) {
        report(ctx, ['nodes', j], 'a node not listed before', JSON.stringify(n), `also at nodes[${prev}]`);
        ok = false;
      } else {
        seen.set(n, j);
      }
      if (cluster !== undefined && !nodeNames.includes(n)) {
        report(ctx, ['nodes', j], `a node of the cluster (${names(nodeNames)})`, JSON.stringify(n));
        ok = false;
      }
    });
    return ok ? { kind: 'nodes', nodes: [...e.nodes] } : undefined;
  }
  if (e.zone !== undefined) {
    if (cluster !== undefined && !zones.includes(e.zone)) {
      report(ctx, ['zone'], zones.length > 0 ? `a zone of some node (${zones.join(', ')})` : 'a zone of some node (no node has a zone)', JSON.stringify(e.zone));
      return undefined;
    }
    return { kind: 'zone', zone: e.zone };
  }
  return { kind: 'none' };
}
