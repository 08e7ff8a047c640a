/**
 * Field checks of Kubernetes objects as `kubectl apply --validate=strict`
 * does them: every key of a manifest must be a field of its object's
 * schema (an unknown key is an error at that key, with a did-you-mean), and
 * every value must have the field's JSON type (a number where a string
 * belongs is an error too). The schema is KUBE_TYPES, generated from the
 * pinned `kubernetes-models` package (Kubernetes 1.33 OpenAPI), never a
 * hand-written list. `null` is accepted for every field, as the API server
 * does (`creationTimestamp: null` in `kubectl get -o yaml` output). `status`
 * is not checked: the server writes it, nothing reads it here, and a dump
 * from a newer cluster may carry status fields this schema does not know.
 */
import { brief } from './errors.js';
import type { Path } from './errors.js';
import { isPlainObject } from './issues.js';
import type { Ctx } from './issues.js';
import { KUBE_TYPES } from './kube-schema.generated.js';

/** Root types of the objects the loader reads (names of KUBE_TYPES). */
export const KUBE_ROOT = {
  Service: 'CoreV1Service',
  Deployment: 'AppsV1Deployment',
  EndpointSlice: 'DiscoveryV1EndpointSlice',
  ListMeta: 'meta:MetaV1ListMeta',
} as const;

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions: `replcias` → `replicas` is 1). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/** The closest of `names` to `word` (case-insensitive match first, then edit distance ≤ 1 + len/4), or undefined. */
export function didYouMean(word: string, names: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const same = names.find((n) => n.toLowerCase() === lower);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestD = Math.min(3, 1 + Math.floor(word.length / 4)) + 1;
  for (const n of names) {
    const d = editDistance(lower, n.toLowerCase());
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return best;
}

/** The type's name as kubectl says it: `DeploymentSpec`, `ObjectMeta`. */
function typeName(t: string): string {
  return t.replace(/^meta:MetaV1/, '').replace(/^[A-Z][a-z]+V\d+(?:(?:alpha|beta)\d+)?/, '');
}

const TYPE_WORD: Readonly<Record<string, string>> = { s: 'a string', n: 'a number', b: 'true or false' };

function typeOk(code: string, v: unknown): boolean {
  if (v === null || v === undefined || code === 'x') return true;
  switch (code) {
    case 's':
      return typeof v === 'string';
    case 'n':
      return typeof v === 'number';
    case 'b':
      return typeof v === 'boolean';
  }
  if (code.startsWith('[')) return Array.isArray(v);
  return isPlainObject(v);
}

function expectedOf(code: string): string {
  const w = TYPE_WORD[code];
  if (w !== undefined) return w;
  if (code.startsWith('[')) return 'a list';
  if (code.startsWith('{')) return 'a mapping';
  return `a mapping (${typeName(code)})`;
}

/**
 * Reports every key of `value` (rooted at ctx) that is not a field of
 * `type`, and every value of the wrong JSON type, unless a problem was
 * already reported at that position (the loader's own, more specific
 * checks of the fields it reads). `skip` lists top-level keys checked
 * elsewhere or not at all (default: `status`).
 */
export function checkKubeFields(value: unknown, type: string, ctx: Ctx, skip: readonly string[] = ['status']): void {
  walk(value, type, [], ctx, skip);
}

function walk(value: unknown, code: string, path: Path, ctx: Ctx, skip: readonly string[]): void {
  if (value === null || value === undefined || code === 'x') return;
  if (!typeOk(code, value)) {
    const pos = ctx.loc.at(path);
    if (!ctx.problems.hasProblemAt(pos)) ctx.problems.add(pos, [...ctx.prefix, ...path], expectedOf(code), brief(value));
    return;
  }
  if (code.startsWith('[')) {
    const item = code.slice(1);
    (value as unknown[]).forEach((v, i) => walk(v, item, [...path, i], ctx, []));
    return;
  }
  if (code.startsWith('{')) {
    const item = code.slice(1);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, item, [...path, k], ctx, []);
    return;
  }
  if (code === 's' || code === 'n' || code === 'b') return;
  const fields = KUBE_TYPES[code];
  if (fields === undefined) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (path.length === 0 && skip.includes(k)) continue;
    const sub = Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : undefined;
    if (sub === undefined) {
      const names = Object.keys(fields);
      const guess = didYouMean(k, names);
      const fieldPath = [...ctx.prefix, ...path, k];
      const note = guess !== undefined ? `unknown field; did you mean "${guess}"?` : `unknown field; ${typeName(code)} has ${names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')}, …`}`;
      ctx.problems.add(ctx.loc.at([...path, k], true), fieldPath, `a field of ${typeName(code)}`, JSON.stringify(k), note);
      continue;
    }
    walk(v, sub, [...path, k], ctx, []);
  }
}
