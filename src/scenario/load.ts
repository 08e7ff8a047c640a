/**
 * The loader: YAML stream → Kubernetes objects + one Scenario → `--set`
 * overrides → sweep points, each validated as a whole → limits →
 * {@link LoadedScenario}. It returns, or throws one {@link ScenarioError}
 * with every problem found; no other exception escapes, whatever the text.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { checkClusterIPs, checkServiceCIDRRoom, clusterIPRef, checkPodsPerNode, checkReferences, expectedRequests, MAX_PODS, MAX_REQUESTS } from './check.js';
import { parseServiceCIDRText, SERVICE_CIDR } from './ipv4.js';
import { ignoredProxyKeys, scenarioWarnings } from './warnings.js';
import type { ClusterIPRef, KubeIndex } from './check.js';
import { Problems, ScenarioError } from './errors.js';
import type { Path } from './errors.js';
import { getAt, isPlainObject, parseValue, report, req, stringWhere, strict, subCtx } from './issues.js';
import type { Ctx } from './issues.js';
import { classify, MANAGED_BY_LABEL, readDeployment, readEndpointSlice, readService, SCENARIO_API_VERSION, warnIgnoredFields } from './kube.js';
import type { FoundObject } from './kube.js';
import { isDns1123Label } from './names.js';
import { buildSpec } from './schema.js';
import { applyOverrides, checkSetEvents, resolveSetEvents, MAX_POINTS, parseOverrides, pointChoice, pointCount, readSweep, setAt } from './sweep.js';
import type { Override, SweepAxis } from './sweep.js';
import type { DeploymentSpec, EndpointSliceSpec, LoadedScenario, PointModel, ServiceSpec, SweepParam } from './types.js';
import { fixedLocator, overlayLocator, parseYamlSource } from './yaml-source.js';
import type { Substitution } from './yaml-source.js';

export interface LoadOptions {
  /** Raw `--set path=value` arguments, applied to the Scenario spec in order. */
  readonly overrides?: readonly string[];
  /** `--runs`: replaces spec.runs. */
  readonly runs?: number;
  /** `--seed`: replaces spec.seed. */
  readonly seed?: number;
}

/** Reads and loads one scenario file (synchronously). Throws {@link ScenarioError}. */
export function loadScenarioFile(file: string, opts: LoadOptions = {}): LoadedScenario {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = e !== null && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : 'an error';
    throw new ScenarioError([`${file}:1:1: (file): expected a readable scenario file, got ${code}`]);
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const text = new TextDecoder('utf-8').decode(bytes);
  return guarded(text, file, hash, opts);
}

/** Loads scenario text as if read from `file` (used in messages). Throws {@link ScenarioError}. */
export function loadScenarioText(text: string, file: string, opts: LoadOptions = {}): LoadedScenario {
  const hash = createHash('sha256').update(typeof text === 'string' ? text : '', 'utf8').digest('hex');
  return guarded(typeof text === 'string' ? text : '', file, hash, opts);
}

/** The Kubernetes objects of a manifests file (no Scenario document needed), e.g. for `expose`. */
export interface LoadedManifests {
  readonly services: readonly ServiceSpec[];
  readonly deployments: readonly DeploymentSpec[];
  readonly endpointSlices: readonly EndpointSliceSpec[];
  readonly warnings: readonly string[];
}

/**
 * Reads only the Kubernetes objects of `file` — a scenario file or plain
 * manifests (`kubectl get … -o yaml`); a Scenario document in it is not
 * checked. Throws {@link ScenarioError} on problems with the objects.
 */
export function loadManifestsFile(file: string): LoadedManifests {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = e !== null && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : 'an error';
    throw new ScenarioError([`${file}:1:1: (file): expected a readable manifests file, got ${code}`]);
  }
  const problems = new Problems(file, []);
  try {
    const o = readObjects(text, file, problems);
    problems.throwIfAny();
    return { services: o.svcList, deployments: o.depList, endpointSlices: o.keptSlices, warnings: problems.warnings() };
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new ScenarioError([...problems.lines(), `${file}:1:1: (file): expected manifests the loader can read, got an internal error (${String(e)})`]);
  }
}

/**
 * Scenario files named by command-line arguments: a file as is; a directory
 * → the `*.yaml` / `*.yml` files directly inside it, sorted by name. A path
 * that does not exist is kept (loading it reports the problem).
 */
export function expandScenarioArgs(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      dir = false;
    }
    if (!dir) {
      out.push(p);
      continue;
    }
    const names = readdirSync(p)
      .filter((n) => /\.ya?ml$/.test(n))
      .filter((n) => {
        try {
          return statSync(join(p, n)).isFile();
        } catch {
          return false;
        }
      })
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const n of names) out.push(join(p, n));
  }
  return out;
}

function guarded(text: string, file: string, hash: string, opts: LoadOptions): LoadedScenario {
  const problems = new Problems(file, ['--set', '--runs', '--seed']);
  try {
    return load(text, file, hash, opts, problems);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const what =
      e instanceof RangeError && /call stack/i.test(e.message)
        ? 'a document nested this deeply'
        : `an internal error (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})`.replace(/\s+/g, ' ');
    const lines = problems.lines();
    throw new ScenarioError([...lines, `${file}:1:1: (file): expected a scenario the loader can read, got ${what}`]);
  }
}

const scenarioEnvelope = strict({
  apiVersion: z.unknown().optional(),
  kind: z.unknown().optional(),
  metadata: strict({
    name: req('a Scenario name (DNS-1123 label: it names the output directory)', stringWhere(isDns1123Label)),
    labels: z.unknown().optional(),
    annotations: z.unknown().optional(),
  }),
  spec: z.unknown().optional(),
});

function objectKey(o: FoundObject): string {
  const ns = getAt(o.value, ['metadata', 'namespace']);
  const name = getAt(o.value, ['metadata', 'name']);
  return `${typeof ns === 'string' ? ns : 'default'}/${typeof name === 'string' ? name : ''}`;
}

interface Read<T> {
  readonly spec: T;
  readonly obj: FoundObject;
}

/** Reports a second object of the same kind with the same namespace/name. */
function unique<T extends { readonly name: string; readonly namespace: string }>(items: readonly Read<T>[], kind: string): T[] {
  const seen = new Map<string, Read<T>>();
  const out: T[] = [];
  for (const it of items) {
    const key = `${it.spec.namespace}/${it.spec.name}`;
    const prev = seen.get(key);
    if (prev !== undefined) {
      report(it.obj.ctx, ['metadata', 'name'], `a ${kind} name not used before in namespace ${it.spec.namespace}`, JSON.stringify(it.spec.name), `also at line ${prev.obj.pos.line}`);
      continue;
    }
    seen.set(key, it);
    out.push(it.spec);
  }
  return out;
}

/** The Kubernetes objects of a file (and its Scenario documents, unread), with their problems and warnings in `problems`. */
function readObjects(text: string, file: string, problems: Problems) {
  const src = parseYamlSource(text, file, problems);
  const found: FoundObject[] = [];
  for (const d of src.docs) {
    if (d.value === undefined) continue;
    classify(d.value, { prefix: [], loc: d.locator, problems }, found);
  }

  // ---- Kubernetes objects --------------------------------------------------------
  const services: Read<ServiceSpec>[] = [];
  const deployments: Read<DeploymentSpec>[] = [];
  const slices: Read<{ slice: EndpointSliceSpec; managedBy: string | undefined; name: string; namespace: string }>[] = [];
  const brokenServices = new Set<string>();
  const brokenDeployments = new Set<string>();
  const scenarios: FoundObject[] = [];
  const clusterIPs: ClusterIPRef[] = [];
  for (const o of found) {
    switch (o.kind) {
      case 'Service': {
        const ref = clusterIPRef(o.value, o.ctx);
        if (ref !== undefined) clusterIPs.push(ref);
        const s = readService(o);
        if (s === undefined) brokenServices.add(objectKey(o));
        else services.push({ spec: s, obj: o });
        break;
      }
      case 'Deployment': {
        const d = readDeployment(o);
        if (d === undefined) brokenDeployments.add(objectKey(o));
        else deployments.push({ spec: d, obj: o });
        break;
      }
      case 'EndpointSlice': {
        const e = readEndpointSlice(o);
        if (e !== undefined) slices.push({ spec: { ...e, name: e.slice.name, namespace: e.slice.namespace }, obj: o });
        break;
      }
      case 'Scenario':
        scenarios.push(o);
        break;
    }
  }
  const svcList = unique(services, 'Service');
  const depList = unique(deployments, 'Deployment');
  const sliceList = unique(slices, 'EndpointSlice');
  const byIP = new Map<number, Read<ServiceSpec>>();
  for (const s of services) {
    if (s.spec.clusterIP === null) continue;
    const prev = byIP.get(s.spec.clusterIP);
    if (prev !== undefined) {
      report(s.obj.ctx, ['spec', 'clusterIP'], 'an address no other Service has', JSON.stringify(getAt(s.obj.value, ['spec', 'clusterIP']) ?? getAt(s.obj.value, ['spec', 'clusterIPs', 0])), `also Service ${prev.spec.namespace}/${prev.spec.name}`);
    } else {
      byIP.set(s.spec.clusterIP, s);
    }
  }
  const svcByName = new Map(svcList.map((s) => [`${s.namespace}/${s.name}`, s]));
  const keptSlices: EndpointSliceSpec[] = [];
  for (const { slice, managedBy } of sliceList) {
    const svc = svcByName.get(`${slice.namespace}/${slice.serviceName}`);
    const what = `EndpointSlice ${slice.namespace}/${slice.name}`;
    if (managedBy === 'endpointslice-controller.k8s.io' || (svc !== undefined && svc.selector !== null)) {
      problems.warn(slice.pos, `${what}: ignored: Service ${slice.namespace}/${slice.serviceName} ${svc?.selector ? 'has a selector' : `is managed by ${MANAGED_BY_LABEL}=${managedBy}`}, so its endpoints come from the simulated pods`);
      continue;
    }
    if (svc === undefined) problems.warn(slice.pos, `${what}: no Service ${slice.namespace}/${slice.serviceName} in this file, so nothing routes to it`);
    keptSlices.push(slice);
  }

  warnIgnoredFields(problems);
  return { src, svcList, depList, keptSlices, services, deployments, brokenServices, brokenDeployments, scenarios, clusterIPs };
}

function load(text: string, file: string, hash: string, opts: LoadOptions, problems: Problems): LoadedScenario {
  const { src, svcList, depList, keptSlices, services, deployments, brokenServices, brokenDeployments, scenarios, clusterIPs } = readObjects(text, file, problems);
  const objects = new Map<object, Ctx>();
  for (const s of services) objects.set(s.spec, s.obj.ctx);
  for (const d of deployments) objects.set(d.spec, d.obj.ctx);

  // ---- the Scenario ----------------------------------------------------------------
  if (scenarios.length === 0) {
    if (!src.anyUnreadable || problems.count === 0) {
      problems.add({ file, line: 1, col: 1 }, '(file)', `one ${SCENARIO_API_VERSION} Scenario document`, 'none');
    }
    throw new ScenarioError(problems.lines());
  }
  for (const extra of scenarios.slice(1)) {
    report(extra.ctx, [], 'one Scenario document per file', 'another one', `the first is at line ${scenarios[0]!.pos.line}`);
  }
  const scn = scenarios[0]!;
  parseValue(scenarioEnvelope, scn.value, scn.ctx);
  const rawName = getAt(scn.value, ['metadata', 'name']);
  const name = typeof rawName === 'string' && isDns1123Label(rawName) ? rawName : undefined;
  const specCtx = subCtx(scn.ctx, ['spec']);

  const overrides: Override[] = parseOverrides(opts.overrides ?? [], problems);
  for (const [flag, value] of [['runs', opts.runs], ['seed', opts.seed]] as const) {
    if (value !== undefined) {
      const pos = { file: `--${flag}`, line: 1, col: 1 };
      overrides.push({ path: [flag], value, locator: fixedLocator(pos), file: pos.file, line: 1 });
    }
  }
  const rawSpec = scn.value['spec'];
  const spec: unknown = structuredClone(rawSpec);
  let subs: Substitution[] = [];
  if (isPlainObject(spec)) subs = applyOverrides(spec, overrides, problems, specCtx.prefix);
  const resolved = { ...structuredClone(scn.value), spec };
  const baseCtx: Ctx = { prefix: specCtx.prefix, loc: overlayLocator(specCtx.loc, subs), problems };

  let axes: SweepAxis[] = isPlainObject(spec) ? readSweep(spec, baseCtx, overrides).axes : [];
  let count = pointCount(axes);
  if (count > MAX_POINTS) {
    report(baseCtx, ['sweep'], `at most ${MAX_POINTS} points (the product of the value counts)`, String(count));
    axes = [];
    count = 1;
  }

  // ---- points ------------------------------------------------------------------------
  const kube: KubeIndex = {
    services: svcList,
    deployments: depList,
    endpointSlices: keptSlices,
    brokenServices,
    brokenDeployments,
    incomplete: src.anyUnreadable,
  };
  const points: PointModel[] = [];
  const written: Parameters<typeof ignoredProxyKeys>[0][number][] = [];
  let requests = 0;
  const reportedIPs = new Set<string>();
  for (let index = 0; index < count; index++) {
    const pspec: unknown = structuredClone(spec);
    const psubs: Substitution[] = [...subs];
    const params: SweepParam[] = [];
    if (isPlainObject(pspec)) {
      const choice = pointChoice(axes, index);
      axes.forEach((a, k) => {
        const j = choice[k]!;
        const err = setAt(pspec, a.path, structuredClone(a.values[j]));
        if (err !== null) {
          problems.add(baseCtx.loc.at(['sweep', a.key], true), [...baseCtx.prefix, 'sweep', a.key], 'a path that exists in this scenario', `a path where ${err}`);
          return;
        }
        psubs.push({ path: a.path, locator: a.locators[j]! });
        params.push({ path: a.key, value: a.texts[j]! });
      });
      psubs.push(...applyOverrides(pspec, overrides, null, baseCtx.prefix));
    }
    const ctx: Ctx = { prefix: specCtx.prefix, loc: overlayLocator(specCtx.loc, psubs), problems };
    // explicit ClusterIPs against this point's service CIDR (a bad CIDR is reported by buildSpec)
    const rawCIDR = getAt(pspec, ['cluster', 'serviceCIDR']) ?? SERVICE_CIDR;
    if (typeof rawCIDR === 'string' && parseServiceCIDRText(rawCIDR) !== null) {
      checkClusterIPs(clusterIPs, rawCIDR, reportedIPs);
    }
    const { spec: built, refs } = buildSpec(pspec, name ?? '', ctx, kube);
    checkSetEvents(pspec, ctx);
    if (!checkReferences(refs, kube, ctx) || built === undefined) continue;
    const s = resolveSetEvents(built, pspec, ctx);
    if (s === undefined) continue;
    checkServiceCIDRRoom(s, svcList, ctx);
    checkPodsPerNode(s, deployments.filter((d) => depList.includes(d.spec)).map((d) => ({ spec: d.spec, ctx: d.obj.ctx })));
    const pointLabel = count > 1 ? ` (point ${index}: ${params.map((p) => `${p.path}=${p.value}`).join(', ')})` : '';
    scenarioWarnings({ spec: s, rawSpec: pspec, ctx, services: svcList, deployments: depList, endpointSlices: keptSlices, objects, pointLabel });
    written.push({ spec: s, rawSpec: pspec, ctx });
    requests += expectedRequests(s);
    points.push({ index, params, spec: s, services: svcList, deployments: depList, endpointSlices: keptSlices });
  }

  ignoredProxyKeys(written);

  // ---- limits ------------------------------------------------------------------------
  const pods = depList.reduce((n, d) => n + d.replicas, 0) + keptSlices.reduce((n, s) => n + s.endpoints.length, 0);
  if (pods > MAX_PODS) {
    const biggest = [...deployments].sort((a, b) => b.spec.replicas - a.spec.replicas)[0];
    const at = biggest !== undefined ? { ctx: biggest.obj.ctx, path: ['spec', 'replicas'] as Path } : { ctx: baseCtx, path: [] as Path };
    report(at.ctx, at.path, `at most ${MAX_PODS} pods in total (Σ Deployment replicas + EndpointSlice endpoints)`, String(pods));
  }
  if (requests > MAX_REQUESTS) {
    report(baseCtx, ['traffic'], `at most ${MAX_REQUESTS} requests over all points and runs (Σ rate × (warmup + duration) × runs)`, String(Math.round(requests)));
  }
  problems.throwIfAny();
  if (name === undefined) throw new ScenarioError([`${file}:1:1: (file): expected a valid Scenario name, got none`]);
  return {
    file,
    name,
    hash,
    sweepKeys: axes.map((a) => a.key),
    points,
    warnings: problems.warnings(),
    resolved,
    namePos: scn.ctx.loc.at(['metadata', 'name']),
    overrides: [...(opts.overrides ?? [])],
  };
}
