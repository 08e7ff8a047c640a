/**
 * YAML as data only: parse a multi-document stream with positions, turn each
 * document into plain JSON-like values, and map a path back to the source
 * position of its node.
 *
 * What is refused (each a problem with its position): syntax errors, any tag
 * other than the core ones (`!foo`, `!!binary`, `!!timestamp`), collection
 * keys, duplicate keys, more than {@link MAX_ALIAS_EXPANSIONS} alias
 * expansions per document (a "billion laughs" stops after that many), nesting
 * deeper than {@link MAX_DEPTH}. A `key:` with no value is read as an absent
 * key, so that defaults apply.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { brief, formatPath } from './errors.js';
import type { Path, Problems } from './errors.js';
import type { SourcePos } from './types.js';

export const MAX_ALIAS_EXPANSIONS = 100;
export const MAX_DEPTH = 64;
/** Values (nodes, counting alias expansions) per document. */
export const MAX_NODES = 2_000_000;

const CORE_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

const PARSE_OPTIONS = {
  prettyErrors: false,
  logLevel: 'silent',
  version: '1.2',
  schema: 'core',
  merge: false,
  // Duplicate keys are found (with their path) while converting, see toPlain.
  uniqueKeys: false,
  intAsBigInt: false,
} as const;

/** Maps a path (relative to some root) to a source position. */
export interface Locator {
  /** Position of the node at `path`; with `key`, of its mapping key. Falls back to the deepest node that exists. */
  at(path: Path, key?: boolean): SourcePos;
  /** True when `path` names a key written with no value (`key:`), which reads as absent. */
  isNullAt(path: Path): boolean;
  /** The keys of the mapping at `path` written with no value (`key:` or `key: null`), which the data leaves out. */
  nullKeys(path: Path): string[];
  /** The source text of the scalar at `path` (`10ms`, `ipvs`, `250`); undefined for collections or absent nodes. */
  source(path: Path): string | undefined;
}

type AnyDoc = Document.Parsed | Document;

/** Offsets → 1-based positions. */
export type PosFn = (offset: number) => SourcePos;

export function posFn(file: string, lc: LineCounter): PosFn {
  return (offset) => {
    const { line, col } = lc.linePos(Math.max(0, offset));
    return line === 0 ? { file, line: 1, col: offset + 1 } : { file, line, col };
  };
}

function nodeOffset(node: unknown): number | null {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const r = (node as { range?: readonly number[] | null }).range;
    if (r && typeof r[0] === 'number') return r[0];
  }
  return null;
}

function isNullScalar(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** Follows aliases (a bounded number of times) to the anchored node. */
function deref(doc: AnyDoc, node: unknown): unknown {
  let cur = node;
  for (let i = 0; i < 16 && isAlias(cur); i++) {
    try {
      cur = cur.resolve(doc as Document);
    } catch {
      return undefined;
    }
  }
  return cur;
}

/** Locates paths inside one YAML node of one document. */
export class YamlLocator implements Locator {
  constructor(
    private readonly doc: AnyDoc,
    private readonly root: unknown,
    private readonly pos: PosFn,
    /** Position used when the root has no range (an empty document). */
    private readonly fallback: number = 0,
  ) {}

  at(path: Path, key = false): SourcePos {
    return this.pos(this.walk(path, key).offset);
  }

  isNullAt(path: Path): boolean {
    return this.walk(path, false).nullValue;
  }

  nullKeys(path: Path): string[] {
    const w = this.walk(path, false);
    const node = w.nullValue ? undefined : deref(this.doc, w.node);
    if (!isMap(node)) return [];
    return node.items.filter((it) => isPair(it) && isScalar(it.key) && isNullScalar(it.value)).map((it) => String((it.key as { value: unknown }).value));
  }

  source(path: Path): string | undefined {
    const node = deref(this.doc, this.walk(path, false).node);
    if (!isScalar(node)) return undefined;
    if (typeof node.value === 'string') return node.value;
    if (typeof node.source === 'string' && node.source !== '') return node.source;
    return String(node.value);
  }

  private walk(path: Path, key: boolean): { offset: number; nullValue: boolean; node?: unknown } {
    let cur: unknown = this.root;
    let offset = nodeOffset(cur) ?? this.fallback;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      cur = deref(this.doc, cur);
      if (isMap(cur)) {
        let found: unknown = undefined;
        for (const item of cur.items) {
          if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(seg)) found = item;
        }
        if (!isPair(found)) return { offset, nullValue: false };
        const keyOffset = nodeOffset(found.key) ?? offset;
        if (i === path.length - 1 && key) return { offset: keyOffset, nullValue: false, node: found.key };
        if (isNullScalar(found.value)) return { offset: keyOffset, nullValue: i === path.length - 1 };
        cur = found.value;
        offset = nodeOffset(cur) ?? keyOffset;
      } else if (isSeq(cur) && (typeof seg === 'number' || /^\d+$/.test(String(seg)))) {
        const item: unknown = cur.items[Number(seg)];
        if (item === undefined) return { offset, nullValue: false };
        cur = item;
        offset = nodeOffset(cur) ?? offset;
      } else {
        return { offset, nullValue: false };
      }
    }
    return { offset, nullValue: false, node: cur };
  }
}

/** Thrown inside {@link toPlain} to give up on one document (alias bomb, too deep, too big). */
class Abort {
  constructor(readonly offset: number, readonly path: Path, readonly expected: string, readonly got: string) {}
}

interface Budget {
  aliases: number;
  nodes: number;
  /** Anchored nodes being expanded right now: an alias to one of them would never end. */
  readonly active: Set<unknown>;
}

/**
 * Converts a YAML node into plain data, reporting tags, collection keys and
 * duplicate keys as problems. Mapping entries with a null value are dropped
 * (`key:` means "not set").
 */
function toPlain(
  text: string,
  doc: AnyDoc,
  node: unknown,
  path: Path,
  pathPrefix: Path,
  pos: PosFn,
  problems: Problems,
  budget: Budget,
  depth: number,
): unknown {
  if (--budget.nodes < 0) {
    throw new Abort(nodeOffset(node) ?? 0, path, `at most ${MAX_NODES} values in a document`, 'more');
  }
  if (depth > MAX_DEPTH) throw new Abort(nodeOffset(node) ?? 0, path, `at most ${MAX_DEPTH} levels of nesting`, 'more');
  const here = (): SourcePos => pos(nodeOffset(node) ?? 0);
  const tag = node !== null && typeof node === 'object' && 'tag' in node ? (node as { tag?: unknown }).tag : undefined;
  if (typeof tag === 'string' && !CORE_TAGS.has(tag)) {
    const at = pos(tagOffset(text, nodeOffset(node) ?? 0));
    problems.add(at, [...pathPrefix, ...path], 'plain YAML data (no tags)', `tag ${JSON.stringify(shortTag(tag))}`, 'custom tags are not allowed');
    problems.mute(here());
  }
  if (isAlias(node)) {
    if (--budget.aliases < 0) {
      throw new Abort(nodeOffset(node) ?? 0, path, `at most ${MAX_ALIAS_EXPANSIONS} alias expansions`, 'more', );
    }
    let target: unknown;
    try {
      target = node.resolve(doc as Document);
    } catch {
      target = undefined;
    }
    if (target === undefined) {
      problems.add(here(), [...pathPrefix, ...path], 'an alias of an anchor defined before it', `*${node.source}`);
      return null;
    }
    if (budget.active.has(target)) {
      problems.add(here(), [...pathPrefix, ...path], 'an alias outside the node it names', `*${node.source}`, 'recursive alias');
      return null;
    }
    budget.active.add(target);
    try {
      return toPlain(text, doc, target, path, pathPrefix, pos, problems, budget, depth + 1);
    } finally {
      budget.active.delete(target);
    }
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return v;
    if (typeof tag === 'string' && !CORE_TAGS.has(tag)) return node.source ?? null;
    problems.add(here(), [...pathPrefix, ...path], 'a string, number, boolean or null', brief(String(v)));
    return null;
  }
  if (isMap(node) || isSeq(node)) budget.active.add(node);
  try {
    return collection(text, doc, node, path, pathPrefix, pos, problems, budget, depth);
  } finally {
    budget.active.delete(node);
  }
}

function collection(
  text: string,
  doc: AnyDoc,
  node: unknown,
  path: Path,
  pathPrefix: Path,
  pos: PosFn,
  problems: Problems,
  budget: Budget,
  depth: number,
): unknown {
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const pair of node.items) {
      const keyNode: unknown = pair.key;
      if (keyNode !== null && !isScalar(keyNode)) {
        const at = pos(nodeOffset(keyNode) ?? nodeOffset(node) ?? 0);
        problems.add(at, [...pathPrefix, ...path], 'string keys', 'a collection as a key');
        continue;
      }
      const keyTag = isScalar(keyNode) ? keyNode.tag : undefined;
      if (typeof keyTag === 'string' && !CORE_TAGS.has(keyTag)) {
        const at = pos(tagOffset(text, nodeOffset(keyNode) ?? 0));
        problems.add(at, [...pathPrefix, ...path], 'plain YAML data (no tags)', `tag ${JSON.stringify(shortTag(keyTag))}`, 'custom tags are not allowed');
      }
      const kv = isScalar(keyNode) ? keyNode.value : null;
      const k = kv === null || kv === undefined ? '' : typeof kv === 'object' ? String(keyNode?.source ?? '') : String(kv);
      if (seen.has(k)) {
        const at = pos(nodeOffset(keyNode) ?? 0);
        problems.add(at, [...pathPrefix, ...path, k], 'each key once', `${JSON.stringify(k)} again`, 'duplicate key');
      }
      seen.add(k);
      if (isNullScalar(pair.value) && !(isScalar(pair.value) && typeof pair.value.tag === 'string' && !CORE_TAGS.has(pair.value.tag))) {
        if (k in out) delete out[k];
        continue;
      }
      const v = toPlain(text, doc, pair.value, [...path, k], pathPrefix, pos, problems, budget, depth + 1);
      if (k === '__proto__' || k in out) {
        Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
      } else {
        out[k] = v;
      }
    }
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      out.push(toPlain(text, doc, item, [...path, i], pathPrefix, pos, problems, budget, depth + 1));
    });
    return out;
  }
  return null;
}

/** Where the tag of the node at `offset` is written (`!foo &a value`): scans back over an anchor and blanks. */
function tagOffset(text: string, offset: number): number {
  let i = offset - 1;
  for (let n = 0; n < 2; n++) {
    while (i >= 0 && /\s/.test(text[i]!)) i--;
    const end = i;
    while (i >= 0 && !/[\s[{,]/.test(text[i]!)) i--;
    const token = text.slice(i + 1, end + 1);
    if (token.startsWith('!')) return i + 1;
    if (!token.startsWith('&')) break;
  }
  return offset;
}

function shortPath(path: Path): string {
  return path.length <= 8 ? formatPath(path) : `${formatPath(path.slice(0, 8))}…`;
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** One document of the stream. */
export interface SourceDoc {
  /** 0-based index in the stream. */
  readonly index: number;
  /** Plain data; undefined when the document could not be read (then a problem was reported). */
  readonly value: unknown;
  /** True when the document holds nothing (`---` alone, comments). */
  readonly empty: boolean;
  /** Paths are relative to the document's root node. */
  readonly locator: Locator;
  readonly pos: SourcePos;
}

export interface YamlSource {
  readonly docs: readonly SourceDoc[];
  /** Some document could not be read at all: cross-document checks would only add noise. */
  readonly anyUnreadable: boolean;
}

function oneLine(s: string): string {
  if (/call stack/i.test(s)) return 'nesting too deep to parse';
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 0 ? t[0]!.toLowerCase() + t.slice(1) : 'an error';
}

/** Syntax errors of one document: the first few (one bad line often yields a cascade). */
const MAX_SYNTAX_ERRORS = 5;

function reportYamlErrors(errors: readonly { pos: [number, number]; message: string }[], pos: PosFn, problems: Problems, expected: string): void {
  errors.slice(0, MAX_SYNTAX_ERRORS).forEach((e) => problems.add(pos(e.pos[0]), 'yaml', expected, oneLine(e.message)));
  if (errors.length > MAX_SYNTAX_ERRORS) {
    const last = errors[MAX_SYNTAX_ERRORS]!;
    problems.add(pos(last.pos[0]), 'yaml', expected, `${errors.length - MAX_SYNTAX_ERRORS} more errors in this document (not shown)`);
  }
}

/** Reads every document of `text`. Problems go to `problems`; nothing throws (but a stack overflow, which the caller catches). */
export function parseYamlSource(text: string, file: string, problems: Problems): YamlSource {
  const lc = new LineCounter();
  const pos = posFn(file, lc);
  const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lc });
  const list: readonly AnyDoc[] = Array.isArray(parsed) ? parsed : [];
  const docs: SourceDoc[] = [];
  let anyUnreadable = false;
  list.forEach((doc, index) => {
    const contents: unknown = doc.contents;
    const start = nodeOffset(contents) ?? (doc as { range?: number[] }).range?.[0] ?? 0;
    const locator = new YamlLocator(doc, contents, pos, start);
    const docPos = pos(start);
    if (doc.errors.length > 0) {
      anyUnreadable = true;
      reportYamlErrors(doc.errors, pos, problems, 'valid YAML');
      docs.push({ index, value: undefined, empty: false, locator, pos: docPos });
      return;
    }
    const empty = isNullScalar(contents) && !(isScalar(contents) && typeof contents.tag === 'string');
    if (empty) {
      docs.push({ index, value: undefined, empty: true, locator, pos: docPos });
      return;
    }
    const budget: Budget = { aliases: MAX_ALIAS_EXPANSIONS, nodes: MAX_NODES, active: new Set() };
    try {
      const value = toPlain(text, doc, contents, [], [], pos, problems, budget, 0);
      docs.push({ index, value, empty: false, locator, pos: docPos });
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      anyUnreadable = true;
      problems.add(pos(e.offset), shortPath(e.path), e.expected, e.got, 'document not read');
      docs.push({ index, value: undefined, empty: false, locator, pos: docPos });
    }
  });
  return { docs, anyUnreadable };
}

/**
 * Parses one value written on a command line (`--set path=VALUE`) as YAML
 * flow content. Positions are reported on line `line` of `file`, starting at
 * column `col` (1-based) for the first character of the value.
 */
export function parseInlineValue(
  text: string,
  file: string,
  line: number,
  col: number,
  problems: Problems,
  pathPrefix: Path = [],
): { value: unknown; locator: Locator } | null {
  const lc = new LineCounter();
  const pos: PosFn = (offset) => ({ file, line, col: col + Math.max(0, offset) });
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lc });
  const contents: unknown = doc.contents;
  const locator = new YamlLocator(doc, contents, pos, 0);
  if (doc.errors.length > 0) {
    reportYamlErrors(doc.errors, pos, problems, 'a valid YAML value');
    return null;
  }
  const before = problems.count;
  try {
    const value = isNullScalar(contents) ? null : toPlain(text, doc, contents, [], pathPrefix, pos, problems, { aliases: MAX_ALIAS_EXPANSIONS, nodes: 100_000, active: new Set() }, 0);
    if (problems.count > before) return null;
    return { value, locator: nullAware(locator) };
  } catch (e) {
    if (!(e instanceof Abort)) throw e;
    problems.add(pos(e.offset), shortPath([...pathPrefix, ...e.path]), e.expected, e.got);
    return null;
  }
}

/** An override's `null` means "unset", never "written with no value". */
function nullAware(loc: Locator): Locator {
  return { at: (p, k) => loc.at(p, k), isNullAt: () => false, nullKeys: (p) => loc.nullKeys(p), source: (p) => loc.source(p) };
}

/** Locator for a value that replaced the node at some path (a sweep value, an override). */
export interface Substitution {
  readonly path: Path;
  readonly locator: Locator;
}

/** The base locator, except under a substituted path, where the substitution's locator answers (last one wins). */
export function overlayLocator(base: Locator, subs: readonly Substitution[]): Locator {
  const find = (path: Path): { sub: Substitution; rest: Path } | null => {
    for (let i = subs.length - 1; i >= 0; i--) {
      const sub = subs[i]!;
      if (sub.path.length <= path.length && sub.path.every((s, j) => String(s) === String(path[j]))) {
        return { sub, rest: path.slice(sub.path.length) };
      }
    }
    return null;
  };
  return {
    at(path, key) {
      const hit = find(path);
      if (hit === null) return base.at(path, key);
      // The key of a substituted value is where the file has it, else where the substitution is written.
      if (key === true && hit.rest.length === 0) return hasKey(base, path) ? base.at(path, key) : hit.sub.locator.at([]);
      return hit.sub.locator.at(hit.rest, key);
    },
    isNullAt(path) {
      const hit = find(path);
      return hit === null ? base.isNullAt(path) : hit.sub.locator.isNullAt(hit.rest);
    },
    nullKeys(path) {
      const hit = find(path);
      return hit === null ? base.nullKeys(path) : hit.sub.locator.nullKeys(hit.rest);
    },
    source(path) {
      const hit = find(path);
      return hit === null ? base.source(path) : hit.sub.locator.source(hit.rest);
    },
  };
}

/** True when the base locator reaches a node at `path` (its key exists in the file). */
function hasKey(base: Locator, path: Path): boolean {
  if (path.length === 0) return true;
  const parent = base.at(path.slice(0, -1));
  const self = base.at(path);
  return self.line !== parent.line || self.col !== parent.col;
}

/** Locator of a sub-tree: paths relative to `prefix` of `base`. */
export function subLocator(base: Locator, prefix: Path): Locator {
  return {
    at: (p, k) => base.at([...prefix, ...p], k),
    isNullAt: (p) => base.isNullAt([...prefix, ...p]),
    nullKeys: (p) => base.nullKeys([...prefix, ...p]),
    source: (p) => base.source([...prefix, ...p]),
  };
}

/** A locator that answers one fixed position (for values with no YAML behind them). */
export function fixedLocator(pos: SourcePos): Locator {
  return { at: () => pos, isNullAt: () => false, nullKeys: () => [], source: () => undefined };
}
