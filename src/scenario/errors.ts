/**
 * The one error type of `scenario/` and the helpers that word its problems.
 *
 * Every problem is one line, `file:line:col: path: expected X, got Y`, with
 * 1-based positions of the offending YAML node (or of an override such as
 * `--set:1:12`). A load collects every problem it finds and throws them all
 * at once as one {@link ScenarioError}; nothing else escapes the loader.
 */
import type { SourcePos } from './types.js';

/** A path into a YAML document: mapping keys and sequence indices. */
export type Path = readonly (string | number)[];

export class ScenarioError extends Error {
  /** Each problem is one line, `file:line:col: path: expected X, got Y`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.length === 0 ? 'invalid scenario' : problems.join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['spec', 'traffic', 0, 'arrival']` → `spec.traffic[0].arrival`; odd keys as `labels["app.kubernetes.io/name"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(document)' : out;
}

/**
 * A short, JSON-like rendering of a value for "got …": strings quoted,
 * numbers bare, collections in flow form, cut at about `max` characters.
 * It never walks more of a large value than it prints.
 */
export function brief(value: unknown, max = 40): string {
  if (value === undefined) return 'nothing';
  const out: string[] = [];
  let len = 0;
  const push = (s: string): boolean => {
    out.push(s);
    len += s.length;
    return len <= max;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (v === null) return push('null');
    switch (typeof v) {
      case 'string':
        return push(JSON.stringify(v.length > max ? v.slice(0, max + 1) : v));
      case 'number':
        return push(Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf');
      case 'boolean':
        return push(String(v));
      case 'bigint':
        return push(String(v));
      case 'object':
        break;
      default:
        return push(typeof v);
    }
    if (depth > 8) return push('…');
    if (Array.isArray(v)) {
      if (!push('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !push(',')) return false;
        if (!walk(v[i], depth + 1)) return false;
      }
      return push(']');
    }
    if (!push('{')) return false;
    let first = true;
    for (const k of Object.keys(v as object)) {
      if ((v as Record<string, unknown>)[k] === undefined) continue;
      if (!first && !push(',')) return false;
      first = false;
      if (!push(`${JSON.stringify(k)}:`)) return false;
      if (!walk((v as Record<string, unknown>)[k], depth + 1)) return false;
    }
    return push('}');
  };
  walk(value, 0);
  const s = out.join('');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

interface Entry {
  readonly rank: number;
  readonly line: number;
  readonly col: number;
  readonly seq: number;
  readonly text: string;
}

/**
 * Collects problems (deduplicated: a sweep validates the same base spec once
 * per point) and warnings, then sorts them by source and position.
 */
export class Problems {
  private readonly entries: Entry[] = [];
  private readonly seen = new Set<string>();
  private readonly warningEntries: Entry[] = [];
  private readonly warningSeen = new Set<string>();
  private readonly ranks = new Map<string, number>();
  private readonly muted = new Set<string>();
  private readonly problemAt = new Set<string>();

  /** `mainFile` sorts first, then `sources` in order, then any other source in order of first use. */
  constructor(mainFile: string, sources: readonly string[] = []) {
    this.ranks.set(mainFile, 0);
    for (const s of sources) this.rank(s);
  }

  get count(): number {
    return this.entries.length;
  }

  private rank(file: string): number {
    let r = this.ranks.get(file);
    if (r === undefined) {
      r = this.ranks.size;
      this.ranks.set(file, r);
    }
    return r;
  }

  /** `file:line:col: path: expected X, got Y (note)`. */
  add(pos: SourcePos, path: Path | string, expected: string, got: string, note?: string): void {
    const p = typeof path === 'string' ? path : formatPath(path);
    this.addLine(pos, `${p}: expected ${expected}, got ${got}${note === undefined ? '' : ` (${note})`}`);
  }

  /**
   * Further problems at `pos` are dropped: they follow from the one already
   * reported there (a tagged value that then has the wrong type).
   */
  mute(pos: SourcePos): void {
    this.muted.add(`${pos.file}:${pos.line}:${pos.col}`);
  }

  /** True when a problem was already reported at `pos` (so a more general check can stay quiet there). */
  hasProblemAt(pos: SourcePos): boolean {
    return this.problemAt.has(`${pos.file}:${pos.line}:${pos.col}`);
  }

  /** A problem whose message is already worded. */
  addLine(pos: SourcePos, message: string): void {
    const where = `${pos.file}:${pos.line}:${pos.col}`;
    if (this.muted.has(where)) return;
    const text = `${where}: ${message}`;
    if (this.seen.has(text)) return;
    this.seen.add(text);
    this.problemAt.add(where);
    this.entries.push({ rank: this.rank(pos.file), line: pos.line, col: pos.col, seq: this.entries.length, text });
  }

  warn(pos: SourcePos, message: string): void {
    const text = `${pos.file}:${pos.line}:${pos.col}: ${message}`;
    if (this.warningSeen.has(text)) return;
    this.warningSeen.add(text);
    this.warningEntries.push({ rank: this.rank(pos.file), line: pos.line, col: pos.col, seq: this.warningEntries.length, text });
  }

  lines(): string[] {
    return sortEntries(this.entries);
  }

  warnings(): string[] {
    return sortEntries(this.warningEntries);
  }

  /** Throws a {@link ScenarioError} with every problem so far, if there is any. */
  throwIfAny(): void {
    if (this.entries.length > 0) throw new ScenarioError(this.lines());
  }
}

function sortEntries(entries: readonly Entry[]): string[] {
  return [...entries]
    .sort((a, b) => a.rank - b.rank || a.line - b.line || a.col - b.col || a.seq - b.seq)
    .map((e) => e.text);
}
