/**
 * Paths into a Scenario spec (`cluster.proxy.mode`, `traffic[0].arrival.rate`,
 * `traffic.0.arrival.rate`), checked against the spec schema; setting a value
 * at a path; `sweep` axes and the cartesian product of their values (first
 * key varies slowest); `--set` overrides.
 */
import * as z from 'zod';
import { brief } from './errors.js';
import { Problems } from './errors.js';
import type { Path } from './errors.js';
import { NOT_YET, PATH_HINTS, getAt, isPlainObject, parseValue, report, subCtx } from './issues.js';
import type { Ctx } from './issues.js';
import { SPEC_PATH_SCHEMA, resolveServiceTime } from './schema.js';
import type { ScenarioSpec, ServiceTimeSpec } from './types.js';
import { parseInlineValue, subLocator } from './yaml-source.js';
import type { Locator, Substitution } from './yaml-source.js';

export const MAX_POINTS = 10_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*|\d+)((?:\[\d+\])*)$/;

/** `traffic[0].arrival.rate` or `traffic.0.arrival.rate` (optionally `spec.`-prefixed) → ['traffic', 0, 'arrival', 'rate']; null if malformed. */
export function parsePathText(text: string): (string | number)[] | null {
  let t = text.trim();
  if (t.startsWith('spec.')) t = t.slice('spec.'.length);
  if (t === '') return null;
  const out: (string | number)[] = [];
  for (const part of t.split('.')) {
    const m = SEGMENT.exec(part);
    if (m === null) return null;
    const head = m[1]!;
    out.push(NAME.test(head) ? head : Number(head));
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out.every((s) => typeof s === 'string' || Number.isSafeInteger(s)) ? out : null;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType };

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 16; i++) {
    const hint = PATH_HINTS.get(s);
    if (hint !== undefined) {
      s = hint;
      continue;
    }
    const def = defOf(s);
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  return s;
}

/** The path with indices as numbers if every step exists in the spec schema; null otherwise. */
export function schemaPath(path: readonly (string | number)[]): Path | null {
  return schemaWalk(path)?.path ?? null;
}

/** The path (indices as numbers) and the schema of the value there, or null if some step does not exist. */
function schemaWalk(path: readonly (string | number)[]): { path: Path; schema: z.ZodType } | null {
  let s: z.ZodType = SPEC_PATH_SCHEMA;
  const out: (string | number)[] = [];
  for (const seg of path) {
    const def = defOf(unwrap(s));
    if (def.type === 'object' && def.shape && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(def.shape, seg)) {
      s = def.shape[seg]!;
      out.push(seg);
    } else if (def.type === 'array' && def.element && typeof seg === 'number') {
      s = def.element;
      out.push(seg);
    } else if (def.type === 'record' && def.valueType) {
      s = def.valueType;
      out.push(String(seg));
    } else {
      return null;
    }
  }
  return { path: out, schema: s };
}

/** Top-level keys a `set` event cannot change: they shape the whole run (or are the events themselves). */
const NOT_SETTABLE = ['seed', 'runs', 'warmup', 'duration', 'events', 'sweep', 'thresholds', 'metrics'];

/**
 * Checks the `path` and `value` of every `set` event of one point's spec
 * (ctx rooted at the spec), as sweep keys are checked: the path must exist
 * in the spec schema (and its list entries in this scenario), and the value
 * must be valid there. `null` puts the key back to its default.
 */
export function checkSetEvents(spec: unknown, ctx: Ctx): void {
  const events = isPlainObject(spec) ? spec['events'] : undefined;
  if (!Array.isArray(events)) return;
  events.forEach((e, i) => {
    if (!isPlainObject(e) || e['action'] !== 'set' || typeof e['path'] !== 'string') return;
    const text = e['path'];
    const parsed = parsePathText(text);
    const walk = parsed === null ? null : schemaWalk(parsed);
    const at = ['events', i, 'path'];
    if (walk === null || walk.path.length === 0 || NOT_SETTABLE.includes(String(walk.path[0]))) {
      report(ctx, at, `a path into the Scenario spec (like traffic[0].arrival.rate; not ${NOT_SETTABLE.join(', ')})`, `unknown path ${JSON.stringify(text)}`);
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(e, 'value')) return; // reported by the event's own check
    const trial = structuredClone(spec) as Record<string, unknown>;
    const err = setAt(trial, walk.path, structuredClone(e['value']));
    if (err !== null) {
      report(ctx, at, 'a path that exists in this scenario', `a path where ${err}`);
      return;
    }
    if (e['value'] !== null) parseValue(walk.schema, e['value'], subCtx(ctx, ['events', i, 'value']));
    if (!isSettableDuringRun(walk.path)) {
      report(ctx, at, `a path the simulator can change during a run (${SETTABLE_DURING_RUN})`, `${JSON.stringify(text)}`, NOT_YET);
    }
  });
}

/**
 * The `set` events of one point, checked against what a run can do and
 * resolved where the run needs more than the value written:
 * - a rate or a concurrency set to null is an error (a run cannot unset them);
 * - each set of `workloads[i].serviceTime` (or of one of its keys) gets the
 *   workload's whole service time from then on: the events in time order,
 *   each applied to the serviceTime as the point wrote it and as earlier sets
 *   left it, then resolved as a workload's own is (a uniform needs its spread
 *   ≤ mean, a lognormal its sigma) — reported at the event's value if invalid.
 * The spec with those events' `serviceTime` filled in, or undefined after
 * reporting. `raw` is the point's spec as written.
 */
export function resolveSetEvents(spec: ScenarioSpec, raw: unknown, ctx: Ctx): ScenarioSpec | undefined {
  const before = ctx.problems.count;
  const current = new Map<number, unknown>();
  let changed = false;
  const events = (spec.events ?? []).map((e) => {
    const parsed = e.action === 'set' && e.path !== null ? parsePathText(e.path) : null;
    const walk = parsed === null ? null : schemaWalk(parsed);
    if (walk !== null && e.value === null && isSettableDuringRun(walk.path) && !isServiceTimePath(walk.path)) {
      // null removes a key; a rate or a concurrency cannot go back to "unset" in the middle of a run
      // (a serviceTime key can: the mapping it leaves is checked as a whole, below)
      report(subCtx(ctx, ['events', e.index, 'value']), [], `a value for ${e.path} (null would remove it, which a run cannot do)`, 'null');
      return e;
    }
    if (walk === null || !isServiceTimePath(walk.path)) return e;
    const w = walk.path[1] as number;
    let st = current.has(w) ? current.get(w) : structuredClone(getAt(raw, ['workloads', w, 'serviceTime']));
    if (walk.path.length === 3) st = structuredClone(e.value);
    else if (isPlainObject(st)) {
      const next: Record<string, unknown> = { ...st };
      if (e.value === null) delete next[walk.path[3] as string];
      else next[walk.path[3] as string] = structuredClone(e.value);
      st = next;
    } else return e; // the workload's own serviceTime is reported where it is
    current.set(w, st);
    const vctx = subCtx(ctx, ['events', e.index, 'value']);
    let resolved: ServiceTimeSpec | undefined;
    if (walk.path.length === 3) resolved = resolveServiceTime(st, vctx);
    else {
      // one key set: the problem is with the mapping it leaves, which the file does not show
      const scratch: Ctx = { prefix: [...ctx.prefix, 'workloads', w, 'serviceTime'], loc: vctx.loc, problems: new Problems(e.pos.file) };
      resolved = resolveServiceTime(st, scratch);
      if (resolved === undefined && !ctx.problems.hasProblemAt(vctx.loc.at([]))) {
        const why = (scratch.problems.lines()[0] ?? '').replace(/^\S+: /, '');
        report(vctx, [], `a value that leaves workloads[${w}].serviceTime valid`, brief(e.value), why === '' ? undefined : `it would be ${brief(st)}: ${why}`);
      }
    }
    if (resolved === undefined) return e;
    changed = true;
    return { ...e, serviceTime: resolved };
  });
  if (ctx.problems.count > before) return undefined;
  return changed ? { ...spec, events } : spec;
}

/** What a `set` event can change today (the rest load and check, then say "not yet supported"). */
export const SETTABLE_DURING_RUN = 'traffic[i].arrival.rate, workloads[i].serviceTime or one of its keys, workloads[i].concurrency';

/** The path (as schemaWalk resolves it) is one a `set` event can change during a run. */
export function isSettableDuringRun(path: Path): boolean {
  if (path.length === 4 && path[0] === 'traffic' && typeof path[1] === 'number' && path[2] === 'arrival' && path[3] === 'rate') return true;
  if (path.length === 3 && path[0] === 'workloads' && typeof path[1] === 'number' && path[2] === 'concurrency') return true;
  return isServiceTimePath(path);
}

/** `workloads[i].serviceTime` or `workloads[i].serviceTime.<key>`. */
export function isServiceTimePath(path: Path): boolean {
  return (path.length === 3 || (path.length === 4 && typeof path[3] === 'string')) && path[0] === 'workloads' && typeof path[1] === 'number' && path[2] === 'serviceTime';
}

/**
 * Sets `value` at `path` inside `root` (a plain object), creating missing
 * mappings on the way. A list index must name an existing entry. `null`
 * removes the key (back to its default). Returns an error text or null.
 */
export function setAt(root: Record<string, unknown>, path: Path, value: unknown): string | null {
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return `${describe(path.slice(0, i))} is not a list`;
      if (seg >= cur.length) return `${describe(path.slice(0, i))} has ${cur.length} entr${cur.length === 1 ? 'y' : 'ies'}`;
      if (last) {
        cur[seg] = value;
        return null;
      }
      cur = cur[seg];
    } else {
      if (!isPlainObject(cur)) return `${describe(path.slice(0, i))} is not a mapping`;
      if (last) {
        if (value === null) delete cur[seg];
        else Object.defineProperty(cur, seg, { value, writable: true, enumerable: true, configurable: true });
        return null;
      }
      if (!Object.prototype.hasOwnProperty.call(cur, seg) || cur[seg] === undefined) Object.defineProperty(cur, seg, { value: {}, writable: true, enumerable: true, configurable: true });
      cur = cur[seg];
    }
  }
  return null;
}

function describe(path: Path): string {
  if (path.length === 0) return 'spec';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function samePrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
}

/** One sweep key: its values and where each was written. */
export interface SweepAxis {
  /** As written in the file, for `param_<key>` and SweepParam.path. */
  readonly key: string;
  readonly path: Path;
  readonly values: readonly unknown[];
  /** CSV-friendly text of each value (`ipvs`, `250`, `10ms`). */
  readonly texts: readonly string[];
  readonly locators: readonly Locator[];
}

/**
 * Reads `spec.sweep` (ctx rooted at the spec). Keys whose path is at or under
 * an override's path are dropped (with a warning): the override wins. With
 * problems (`ok` false), `axes` still holds the good keys, so that their
 * values get checked too.
 */
export function readSweep(spec: Record<string, unknown>, ctx: Ctx, overrides: readonly Override[]): { axes: SweepAxis[]; ok: boolean } {
  const sweep = spec['sweep'];
  if (sweep === undefined) return { axes: [], ok: true };
  if (!isPlainObject(sweep)) return { axes: [], ok: false }; // reported by buildSpec
  const sctx = subCtx(ctx, ['sweep']);
  const axes: SweepAxis[] = [];
  let ok = true;
  const seen = new Map<string, string>();
  for (const [key, values] of Object.entries(sweep)) {
    const parsed = parsePathText(key);
    const path = parsed === null ? null : schemaPath(parsed);
    if (path === null || path.length === 0 || path[0] === 'sweep') {
      sctx.problems.add(sctx.loc.at([key], true), [...sctx.prefix, key], 'a path into the Scenario spec (like cluster.proxy.mode or traffic[0].arrival.rate)', `unknown path ${JSON.stringify(key)}`);
      ok = false;
      continue;
    }
    const norm = path.join('.');
    const dup = seen.get(norm);
    if (dup !== undefined) {
      sctx.problems.add(sctx.loc.at([key], true), [...sctx.prefix, key], 'each path once', `${JSON.stringify(key)} (same as ${JSON.stringify(dup)})`);
      ok = false;
      continue;
    }
    seen.set(norm, key);
    if (!Array.isArray(values) || values.length === 0) {
      report(sctx, [key], 'a non-empty list of values', brief(values));
      ok = false;
      continue;
    }
    const fixedBy = overrides.find((o) => samePrefix(o.path, path));
    if (fixedBy !== undefined) {
      ctx.problems.warn(sctx.loc.at([key], true), `sweep key ${key} is fixed by ${fixedBy.file}: not swept`);
      continue;
    }
    const locators = values.map((_, j) => subLocator(sctx.loc, [key, j]));
    const texts = values.map((v, j) => locators[j]!.source([]) ?? (v === null ? 'null' : brief(v, 200)));
    axes.push({ key, path, values, texts, locators });
  }
  return { axes, ok };
}

export function pointCount(axes: readonly SweepAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** Value index per axis for point `index` (first axis slowest). */
export function pointChoice(axes: readonly SweepAxis[], index: number): number[] {
  const choice = new Array<number>(axes.length).fill(0);
  let rest = index;
  for (let k = axes.length - 1; k >= 0; k--) {
    const n = axes[k]!.values.length;
    choice[k] = rest % n;
    rest = Math.floor(rest / n);
  }
  return choice;
}

/** One `--set path=value`, parsed. */
export interface Override {
  readonly path: Path;
  readonly value: unknown;
  readonly locator: Locator;
  /** Where the override itself is (for "cannot set" problems). */
  readonly file: string;
  readonly line: number;
}

/**
 * Parses `--set` values. Each is reported as file `--set`, line = its
 * 1-based index among the overrides, column within `path=value`.
 */
export function parseOverrides(raw: readonly string[], problems: Problems): Override[] {
  const out: Override[] = [];
  raw.forEach((text, i) => {
    const file = '--set';
    const line = i + 1;
    const eq = typeof text === 'string' ? text.indexOf('=') : -1;
    if (typeof text !== 'string' || eq <= 0) {
      problems.add({ file, line, col: 1 }, '--set', 'path=value', brief(text));
      return;
    }
    const pathText = text.slice(0, eq);
    const parsed = parsePathText(pathText);
    const path = parsed === null ? null : schemaPath(parsed);
    if (path === null || path.length === 0) {
      problems.add({ file, line, col: 1 }, pathText.trim() === '' ? '--set' : pathText.trim(), 'a path into the Scenario spec (like cluster.proxy.mode or traffic[0].arrival.rate)', `unknown path ${JSON.stringify(pathText)}`);
      return;
    }
    const v = parseInlineValue(text.slice(eq + 1), file, line, eq + 2, problems, ['spec', ...path]);
    if (v === null) return;
    out.push({ path, value: v.value, locator: v.locator, file, line });
  });
  return out;
}

/** Applies overrides to `spec` (in place), returning the substitutions for positions. Problems for impossible paths. */
export function applyOverrides(spec: Record<string, unknown>, overrides: readonly Override[], problems: Problems | null, prefix: Path): Substitution[] {
  const subs: Substitution[] = [];
  for (const o of overrides) {
    const err = setAt(spec, o.path, structuredClone(o.value));
    if (err !== null) {
      problems?.add({ file: o.file, line: o.line, col: 1 }, [...prefix, ...o.path], 'a path that exists in this scenario', `a path where ${err}`);
      continue;
    }
    subs.push({ path: o.path, locator: o.locator });
  }
  return subs;
}
