/**
 * zod, worded our way. Schemas here carry an "expected …" phrase on every
 * node (not zod's default English), and {@link reportIssues} turns zod issues
 * into `file:line:col: path: expected X, got Y` problems: one per unknown key
 * at the key, a missing key at its parent mapping, anything else at the value.
 */
import * as z from 'zod';
import { brief } from './errors.js';
import type { Path, Problems } from './errors.js';
import { subLocator } from './yaml-source.js';
import { parseDuration } from './duration.js';
import type { Ns } from './types.js';
import type { Locator } from './yaml-source.js';

const NOTE = '\u0000';
const KEYS = '\u0001';

/** An issue message: the "expected" phrase, and optionally a note shown after "got …". */
export function phrase(expected: string, note?: string): string {
  return note === undefined ? expected : `${expected}${NOTE}${note}`;
}

/** Returned by a {@link Check} for a value it refuses. */
export class Bad {
  constructor(
    readonly note?: string,
    /** Replaces the schema's phrase for this value. */
    readonly expected?: string,
  ) {}
}

export const NOT_YET = 'not yet supported';

export function bad(note?: string, expected?: string): Bad {
  return new Bad(note, expected);
}

/** Validates one plain value: the value to keep, or {@link Bad}. */
export type Check<T> = (v: unknown) => T | Bad;

type Leaf<T> = z.ZodType<T, unknown>;
// Leaves are `z.unknown().transform(…)` behind a prefault of undefined: an
// absent key then reaches the transform instead of failing as "nonoptional".

function leaf<T>(expected: string, check: Check<T>, missing: { value: T } | 'required'): Leaf<T> {
  return z.unknown().transform((v, ctx): T => {
    if (v === undefined) {
      if (missing !== 'required') return missing.value;
      ctx.issues.push({ code: 'custom', message: phrase(expected), input: v });
      return z.NEVER;
    }
    const r = check(v);
    if (r instanceof Bad) {
      ctx.issues.push({ code: 'custom', message: phrase(r.expected ?? expected, r.note), input: v });
      return z.NEVER;
    }
    return r;
  }).prefault(undefined as never) as unknown as Leaf<T>;
}

/**
 * Lets a key be absent from a mapping and still reach `schema` (as
 * undefined), so the schema decides: default, optional or "expected key".
 */
export function absentOk<T extends z.ZodType>(schema: T) {
  return schema.prefault(undefined as never);
}

/** A required value. */
export function req<T>(expected: string, check: Check<T>): Leaf<T> {
  return leaf(expected, check, 'required');
}

/** A value with a default when absent. */
export function opt<T>(expected: string, check: Check<T>, dflt: T): Leaf<T> {
  return leaf(expected, check, { value: dflt });
}

/** An optional value, undefined when absent. */
export function maybe<T>(expected: string, check: Check<T>): Leaf<T | undefined> {
  return leaf<T | undefined>(expected, check, { value: undefined });
}

/** A mapping with exactly these keys (`notYet` keys are reported as "not yet supported"). */
export function strict<S extends z.core.$ZodLooseShape>(shape: S, opts: { notYet?: readonly string[]; expected?: string } = {}) {
  const keys = Object.keys(shape).join(', ');
  const notYet = (opts.notYet ?? []).join(',');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `${KEYS}${keys}${KEYS}${notYet}` : phrase(opts.expected ?? 'a mapping')),
  });
}

/** A mapping that lets other keys through (Kubernetes objects: their unused fields are ignored, not refused). */
export function loose<S extends z.core.$ZodLooseShape>(shape: S, expected = 'a mapping') {
  return z.looseObject(shape, { error: () => phrase(expected) });
}

/** A list (absent → empty unless `required`). */
export function list<T extends z.ZodType>(item: T, expected: string, bounds: { min?: number; max?: number; minText?: string } = {}) {
  let s = z.array(item, { error: () => phrase(expected) });
  if (bounds.min !== undefined) s = s.min(bounds.min, { error: () => phrase(bounds.minText ?? `at least ${bounds.min} entries`) });
  if (bounds.max !== undefined) s = s.max(bounds.max, { error: () => phrase(`at most ${bounds.max} entries`) });
  return s;
}

const TYPE_PHRASE: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** Phrases for issues raised by a zod schema that has no phrase of its own. */
function fallback(iss: z.core.$ZodRawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      return phrase(TYPE_PHRASE[iss.expected] ?? String(iss.expected));
    case 'too_small':
      return phrase(iss.origin === 'array' ? `at least ${iss.minimum} entries` : `a value ≥ ${iss.minimum}`);
    case 'too_big':
      return phrase(iss.origin === 'array' ? `at most ${iss.maximum} entries` : `a value ≤ ${iss.maximum}`);
    case 'invalid_value':
      return phrase(`one of ${iss.values.map((v) => String(v)).join(', ')}`);
    case 'unrecognized_keys':
      return `${KEYS}${KEYS}`;
    default:
      return phrase('a valid value');
  }
}

export function getAt(data: unknown, path: Path): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (typeof seg !== 'number' && !/^\d+$/.test(seg)) return undefined;
      cur = cur[Number(seg)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[String(seg)];
    }
  }
  return cur;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Where problems go and how paths are shown: `prefix` + path, positioned by `loc` (relative to the same root). */
export interface Ctx {
  readonly prefix: Path;
  readonly loc: Locator;
  readonly problems: Problems;
}

export function subCtx(ctx: Ctx, path: Path): Ctx {
  return { prefix: [...ctx.prefix, ...path], loc: subLocator(ctx.loc, path), problems: ctx.problems };
}

/** Reports a problem at `path` (relative to ctx), showing `got` or the value there. */
export function report(ctx: Ctx, path: Path, expected: string, got: string, note?: string): void {
  ctx.problems.add(ctx.loc.at(path), [...ctx.prefix, ...path], expected, got, note);
}

/** Reports zod issues for `data` (the value the schema was run on, at ctx's root). */
export function reportIssues(issues: readonly z.core.$ZodIssue[], data: unknown, ctx: Ctx): void {
  for (const iss of issues) {
    const path = iss.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (iss.code === 'unrecognized_keys') {
      const [, allowed = '', notYetText = ''] = iss.message.split(KEYS);
      const notYet = notYetText === '' ? [] : notYetText.split(',');
      for (const key of iss.keys) {
        const ny = notYet.includes(key);
        const expected = allowed === '' ? 'no other keys' : `one of ${allowed}`;
        ctx.problems.add(ctx.loc.at([...path, key], true), [...ctx.prefix, ...path, key], expected, `${ny ? 'key' : 'unknown key'} ${JSON.stringify(key)}`, ny ? NOT_YET : undefined);
      }
      continue;
    }
    const [expected = 'a valid value', note] = iss.message.split(NOTE);
    const value = getAt(data, path);
    if (value === undefined && path.length > 0 && !ctx.loc.isNullAt(path)) {
      const parentPath = path.slice(0, -1);
      const parent = getAt(data, parentPath);
      const key = path[path.length - 1];
      if (isPlainObject(parent) && typeof key === 'string') {
        ctx.problems.add(ctx.loc.at(path), [...ctx.prefix, ...parentPath], `key ${JSON.stringify(key)} (${expected})`, brief(parent), note);
        continue;
      }
    }
    ctx.problems.add(ctx.loc.at(path), [...ctx.prefix, ...path], expected, brief(value), note);
  }
}

/**
 * Runs `schema` on `parent[key]`; on failure reports its issues (a missing
 * required key at the parent) and returns undefined.
 */
export function parseField<T>(schema: z.ZodType<T>, parent: Record<string, unknown>, key: string | number, ctx: Ctx): T | undefined {
  const value = getAt(parent, [key]);
  const r = schema.safeParse(value, { error: fallback });
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ ...i, path: [key, ...i.path] }) as z.core.$ZodIssue);
  reportIssues(issues, parent, ctx);
  return undefined;
}

/**
 * Parses `value` with `schema` inside a transform and forwards its issues
 * (their paths stay relative to the value), for fields that take one of
 * several shapes (a count or a list).
 */
export function forward<T>(schema: z.ZodType<T>, value: unknown, ctx: z.core.$RefinementCtx<unknown>): T | typeof z.NEVER {
  const r = schema.safeParse(value, { error: fallback });
  if (r.success) return r.data;
  for (const i of r.error.issues) ctx.issues.push({ ...i } as Parameters<typeof ctx.issues.push>[0]);
  return z.NEVER;
}

/** Pushes one issue from inside a transform. */
export function fail(ctx: z.core.$RefinementCtx<unknown>, value: unknown, expected: string, note?: string): typeof z.NEVER {
  ctx.issues.push({ code: 'custom', message: phrase(expected, note), input: value });
  return z.NEVER;
}

/**
 * What a path may step into below a schema that is opaque to zod (a
 * transform that takes a count or a list): read by the sweep and `--set`
 * path check.
 */
export const PATH_HINTS = new WeakMap<object, z.ZodType>();

export function withHint<T extends z.ZodType>(schema: T, children: z.ZodType): T {
  PATH_HINTS.set(schema, children);
  return schema;
}

/**
 * Like {@link parseValue} for a mapping schema, but each key is parsed on its
 * own, so that a bad key does not hide the problems or the values of the
 * others. Keys not in the shape are passed through (loose objects only).
 */
export function parseEach<S extends z.ZodObject>(schema: S, value: unknown, ctx: Ctx): z.infer<S> | undefined {
  if (!isPlainObject(value)) return parseValue(schema as unknown as z.ZodType<z.infer<S>>, value, ctx);
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const [k, sub] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const r = sub.safeParse(getAt(value, [k]), { error: fallback });
    if (r.success) {
      if (r.data !== undefined) out[k] = r.data;
    } else {
      ok = false;
      reportIssues(r.error.issues.map((i) => ({ ...i, path: [k, ...i.path] }) as z.core.$ZodIssue), value, ctx);
    }
  }
  return ok ? (out as unknown as z.infer<S>) : undefined;
}

/**
 * Parses the value at `path` below ctx's root (whose value is `root`); a
 * missing required key is reported at its parent. Undefined if the parent is
 * not a mapping (reported by whoever checks the parent).
 */
export function parseAt<T>(schema: z.ZodType<T>, root: unknown, path: Path, ctx: Ctx): T | undefined {
  const parentPath = path.slice(0, -1);
  const parent = getAt(root, parentPath);
  const key = path[path.length - 1];
  if (!(isPlainObject(parent) || Array.isArray(parent)) || key === undefined) return undefined;
  return parseField(schema, parent as Record<string, unknown>, key, subCtx(ctx, parentPath));
}

/** Checks that `path` holds a mapping; a problem (missing key at the parent) otherwise. */
export function needMapping(root: unknown, path: Path, ctx: Ctx, expected = 'a mapping'): boolean {
  const v = getAt(root, path);
  if (isPlainObject(v)) return true;
  const parentPath = path.slice(0, -1);
  const parent = getAt(root, parentPath);
  if (!isPlainObject(parent)) return false;
  const key = path[path.length - 1];
  if (v === undefined) report(ctx, parentPath, `key ${JSON.stringify(key)} (${expected})`, brief(parent));
  else report(ctx, path, expected, brief(v));
  return false;
}

/** Runs `schema` on `value` (at ctx's root). */
export function parseValue<T>(schema: z.ZodType<T>, value: unknown, ctx: Ctx): T | undefined {
  const r = schema.safeParse(value, { error: fallback });
  if (r.success) return r.data;
  reportIssues(r.error.issues, value, ctx);
  return undefined;
}

// ---- checks -----------------------------------------------------------------

export function intIn(min: number, max: number): Check<number> {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : bad());
}

export function numberWhere(ok: (n: number) => boolean): Check<number> {
  return (v) => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : bad());
}

export function stringWhere(ok: (s: string) => boolean): Check<string> {
  return (v) => (typeof v === 'string' && ok(v) ? v : bad());
}

export function bool(): Check<boolean> {
  return (v) => (typeof v === 'boolean' ? v : bad());
}

/** One of `values`; one of `notYet` is refused as "not yet supported". */
export function oneOf<const T extends string>(values: readonly T[], notYet: readonly string[] = []): Check<T> {
  return (v) => {
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    return bad(typeof v === 'string' && notYet.includes(v) ? NOT_YET : undefined);
  };
}

export function oneOfPhrase(values: readonly string[]): string {
  return `one of ${values.join(', ')}`;
}

/** A duration (`ns us ms s m h`, a bare number is seconds) for which `ok` holds, in ns. */
export function durationWhere(ok: (ns: Ns) => boolean): Check<Ns> {
  return (v) => {
    if (typeof v !== 'string' && typeof v !== 'number') return bad();
    const ns = parseDuration(v);
    return ns !== null && ok(ns) ? ns : bad();
  };
}
