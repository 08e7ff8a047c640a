/**
 * Generates src/scenario/kube-schema.generated.ts — the field names of the
 * Kubernetes objects the loader reads (Service, Deployment, EndpointSlice and
 * everything they contain) — from the pinned devDependency `kubernetes-models`
 * (its type declarations are generated from the Kubernetes OpenAPI spec of the
 * release it names). The loader checks every field of a manifest against this
 * table, as `kubectl apply --validate=strict` does, without loading the
 * package (32 MB) at run time.
 *
 *   npm run build && node dist/scripts/generate-kube-schema.js   (rewrites the file)
 *
 * test/kube-field-table-matches-the-pinned-kubernetes-schema.test.ts fails when
 * the committed table differs from what this prints for the installed package.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Objects the loader reads, and where kubectl's List wrapper takes its metadata. */
export const ROOTS = [
  'IoK8sApiCoreV1Service',
  'IoK8sApiAppsV1Deployment',
  'IoK8sApiDiscoveryV1EndpointSlice',
  'IoK8sApimachineryPkgApisMetaV1ListMeta',
] as const;

type Def = { kind: 'interface'; fields: [string, string][] } | { kind: 'alias'; type: string };

function walk(dir: string, out: string[]): void {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.endsWith('.d.ts')) out.push(p);
  }
}

/** Every interface and type alias of the declaration files, by its full exported name (IoK8s…). */
function readDefs(dirs: readonly string[]): Map<string, Def> {
  const defs = new Map<string, Def>();
  const files: string[] = [];
  for (const d of dirs) walk(d, files);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const local = new Map<string, Def>();
    for (const m of text.matchAll(/^export interface (I\w+)(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/gm)) {
      const fields: [string, string][] = [];
      const body = m[2]!.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/^[ \t]*\n/gm, '');
      for (const p of body.matchAll(/^ {4}"([^"]+)"\??: ([\s\S]*?);\n(?= {4}"|$)/gm)) fields.push([p[1]!, p[2]!.replace(/\s+/g, ' ')]);
      local.set(m[1]!, { kind: 'interface', fields });
    }
    for (const m of text.matchAll(/^export declare type (I\w+) = ([^;]+);/gm)) local.set(m[1]!, { kind: 'alias', type: m[2]! });
    for (const m of text.matchAll(/^export \{ ([^}]+) \};/gm)) {
      for (const part of m[1]!.split(',')) {
        const [from, to] = part.trim().split(/\s+as\s+/);
        const def = from === undefined ? undefined : local.get(from);
        if (def !== undefined && to !== undefined && to.startsWith('IIoK8s')) defs.set(to.slice(1), def);
      }
    }
  }
  return defs;
}

/**
 * Field type codes: `s` string (or a string enum), `n` number, `b` boolean,
 * `x` a scalar of several types or a free-form value (IntOrString,
 * Quantity, FieldsV1, RawExtension), `[T` a list of T, `{T` a map of T,
 * otherwise the name of another type of the table.
 */
function code(t: string, defs: Map<string, Def>, need: string[]): string {
  const s = t.trim();
  let m = /^Array<([\s\S]+)>$/.exec(s);
  if (m) return `[${code(m[1]!, defs, need)}`;
  m = /^\{ \[key: string\]: ([\s\S]+?);? \}$/.exec(s);
  if (m) return `{${code(m[1]!, defs, need)}`;
  if (s === 'string' || /^"[^"]*"( \| "[^"]*")*$/.test(s) || /^I\w+\["(kind|apiVersion)"\]$/.test(s)) return 's';
  if (s === 'number') return 'n';
  if (s === 'boolean') return 'b';
  if (s === 'string | number' || s === 'number | string' || s === 'any' || s === 'object') return 'x';
  m = /^I(IoK8s\w+)$/.exec(s);
  if (m) {
    const name = m[1]!;
    const def = defs.get(name);
    if (def === undefined) throw new Error(`no declaration of ${name}`);
    if (def.kind === 'alias') return code(def.type, defs, need);
    if (def.fields.length === 0) return 'x';
    need.push(name);
    return short(name);
  }
  throw new Error(`unknown type expression ${JSON.stringify(s)}`);
}

function short(name: string): string {
  return name.replace(/^IoK8sApimachineryPkgApis/, 'meta:').replace(/^IoK8sApi/, '');
}

export function generateKubeSchema(): string {
  const require = createRequire(import.meta.url);
  const models = dirname(require.resolve('kubernetes-models/package.json'));
  const machinery = dirname(require.resolve('@kubernetes-models/apimachinery/package.json'));
  const version = (JSON.parse(readFileSync(join(models, 'package.json'), 'utf8')) as { version: string }).version;
  const defs = readDefs([join(models, 'v1'), join(models, 'apps', 'v1'), join(models, 'discovery.k8s.io', 'v1'), machinery]);
  const table = new Map<string, [string, string][]>();
  const queue: string[] = [...ROOTS];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (table.has(short(name))) continue;
    const def = defs.get(name);
    if (def === undefined || def.kind !== 'interface') throw new Error(`no interface ${name}`);
    const need: string[] = [];
    table.set(short(name), def.fields.map(([f, t]) => [f, code(t, defs, need)]));
    queue.push(...need);
  }
  const names = [...table.keys()].sort();
  const lines = names.map((n) => `  ${JSON.stringify(n)}: { ${table.get(n)!.map(([f, c]) => `${JSON.stringify(f)}: ${JSON.stringify(c)}`).join(', ')} },`);
  return `/**
 * GENERATED by scripts/generate-kube-schema.ts from kubernetes-models@${version}
 * (the Kubernetes OpenAPI spec of the release it names); do not edit.
 * Field names of every object the loader reads, by type. Type codes: s
 * string, n number, b boolean, x free-form or several scalar types, [T list
 * of T, {T map of T, otherwise another type of this table.
 */
export const KUBE_SCHEMA_SOURCE = ${JSON.stringify(`kubernetes-models@${version}`)};

export const KUBE_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
${lines.join('\n')}
};
`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'scenario', 'kube-schema.generated.ts');
  writeFileSync(target, generateKubeSchema());
  process.stdout.write(`wrote ${target}\n`);
}
