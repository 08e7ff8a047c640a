/**
 * Reading result directories back: the CSV files `run` wrote (README,
 * "Results") and manifest.json, for `compare` and `plot`. Input is a
 * scenario result dir (`DIR/<scenario>/`), its runs.csv, or an `--out` root
 * that holds exactly one scenario result dir. Problems are collected and
 * thrown together as an InputProblems (exit 2, no stack trace).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { METRIC_NAMES, type MetricName } from '../metrics/run-result.js';

/** Bad input found while reading results: every problem, one line each. */
export class InputProblems extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'InputProblems';
    this.problems = problems;
  }
}

/** A parsed CSV file: header and rows of strings (RFC 4180 quoting, `\n` or `\r\n` line ends). */
export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Parse CSV text (quoted fields may hold commas, quotes as "" and line breaks). */
export function parseCsv(text: string, file = '<csv>'): CsvTable {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  if (header === undefined) throw new InputProblems([`${file}:1:1: expected a CSV header line, got an empty file`]);
  for (let r = 0; r < rows.length; r++) {
    if (rows[r]!.length !== header.length) {
      throw new InputProblems([`${file}:${r + 2}:1: expected ${header.length} fields as in the header, got ${rows[r]!.length}`]);
    }
  }
  return { file, header, rows };
}

export function readCsv(file: string): CsvTable {
  return parseCsv(readFileSync(file, 'utf8'), file);
}

/** Column accessor: index of a column, or -1. */
export function col(t: CsvTable, name: string): number {
  return t.header.indexOf(name);
}

/** A number cell: '' → null. */
export function num(cell: string | undefined): number | null {
  if (cell === undefined || cell === '') return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}

/** What manifest.json says about a run (fields older writers lack are null). */
export interface ManifestInfo {
  readonly scenario: string | null;
  readonly file: string | null;
  readonly scenarioHash: string | null;
  readonly seed: number | null;
  readonly runs: number | null;
  /** The `--set path=value` arguments, as given; null when the manifest predates recording them. */
  readonly set: readonly string[] | null;
  readonly version: string | null;
  readonly resolved: unknown;
}

/** One sweep point of a result: its parameter values and each run's metrics. */
export interface PointRuns {
  readonly point: number;
  /** sweep key (without `param_`) → value as written. */
  readonly params: Readonly<Record<string, string>>;
  readonly seed: number | null;
  /** run index → metric → value (null = empty cell). */
  readonly runs: ReadonlyMap<number, Readonly<Record<MetricName, number | null>>>;
}

/** One side of a comparison, or one input of a plot. */
export interface ResultSet {
  /** The path as given. */
  readonly label: string;
  /** The scenario result directory (where runs.csv is). */
  readonly dir: string;
  readonly scenario: string;
  readonly sweepKeys: readonly string[];
  readonly points: readonly PointRuns[];
  readonly manifest: ManifestInfo | null;
}

/** Resolve an argument to a scenario result dir: the dir itself, runs.csv's dir, or the one scenario dir under an --out root. */
export function resolveResultDir(arg: string): string {
  let st;
  try {
    st = statSync(arg);
  } catch {
    throw new InputProblems([`${arg}: expected a result directory or its runs.csv, got a path that does not exist`]);
  }
  if (st.isFile()) {
    if (path.basename(arg) !== 'runs.csv') throw new InputProblems([`${arg}: expected a result directory or a runs.csv file, got another file`]);
    return path.dirname(arg);
  }
  if (existsSync(path.join(arg, 'runs.csv'))) return arg;
  const inner = readdirSync(arg, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(path.join(arg, e.name, 'runs.csv')))
    .map((e) => e.name)
    .sort();
  if (inner.length === 1) return path.join(arg, inner[0]!);
  if (inner.length === 0) throw new InputProblems([`${arg}: expected a result directory (with runs.csv), got a directory without one`]);
  throw new InputProblems([`${arg}: holds several scenario results (${inner.join(', ')}); name one, e.g. ${path.join(arg, inner[0]!)}`]);
}

function readManifest(dir: string): ManifestInfo | null {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) return null;
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new InputProblems([`${file}:1:1: expected JSON, got a parse error: ${(e as Error).message}`]);
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const int = (v: unknown) => (typeof v === 'number' ? v : null);
  const set = Array.isArray(m['set']) ? (m['set'] as unknown[]).map(String) : null;
  return {
    scenario: str(m['scenario']),
    file: str(m['file']),
    scenarioHash: str(m['scenarioHash']),
    seed: int(m['seed']),
    runs: int(m['runs']),
    set,
    version: str(m['version']),
    resolved: m['resolved'] ?? null,
  };
}

/** Read a result (dir, runs.csv, or an --out root with one scenario) as per-point, per-run metrics. */
export function readResultSet(arg: string): ResultSet {
  const dir = resolveResultDir(arg);
  const file = path.join(dir, 'runs.csv');
  const t = readCsv(file);
  const problems: string[] = [];
  for (const c of ['scenario', 'point', 'run']) if (col(t, c) < 0) problems.push(`${file}:1:1: expected a column ${JSON.stringify(c)} (a runs.csv), got none`);
  if (problems.length > 0) throw new InputProblems(problems);
  const sweepKeys = t.header.filter((h) => h.startsWith('param_')).map((h) => h.slice('param_'.length));
  const metricCols = METRIC_NAMES.map((m) => [m, col(t, m)] as const);
  const iScenario = col(t, 'scenario');
  const iPoint = col(t, 'point');
  const iRun = col(t, 'run');
  const iSeed = col(t, 'seed');
  const points = new Map<number, { params: Record<string, string>; seed: number | null; runs: Map<number, Record<MetricName, number | null>> }>();
  let scenario = '';
  t.rows.forEach((row, r) => {
    const point = num(row[iPoint]);
    const run = num(row[iRun]);
    if (point === null || run === null) {
      problems.push(`${file}:${r + 2}:1: point, run: expected integers, got ${JSON.stringify(row[iPoint])}, ${JSON.stringify(row[iRun])}`);
      return;
    }
    scenario = row[iScenario]!;
    let p = points.get(point);
    if (p === undefined) {
      const params: Record<string, string> = {};
      for (const k of sweepKeys) params[k] = row[col(t, `param_${k}`)]!;
      p = { params, seed: iSeed >= 0 ? num(row[iSeed]) : null, runs: new Map() };
      points.set(point, p);
    }
    const m = {} as Record<MetricName, number | null>;
    for (const [name, i] of metricCols) m[name] = i >= 0 ? num(row[i]) : null;
    p.runs.set(run, m);
  });
  if (problems.length > 0) throw new InputProblems(problems);
  if (points.size === 0) throw new InputProblems([`${file}:2:1: expected at least one run, got none`]);
  const manifest = readManifest(dir);
  return {
    label: arg,
    dir,
    scenario: scenario || manifest?.scenario || path.basename(dir),
    sweepKeys,
    points: [...points.entries()].sort((a, b) => a[0] - b[0]).map(([point, p]) => ({ point, params: p.params, seed: p.seed, runs: p.runs })),
    manifest,
  };
}
