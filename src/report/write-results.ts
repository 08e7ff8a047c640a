/**
 * Writes a scenario's result directory `outRoot/<name>/` (runs.csv,
 * summary.csv, histograms.csv, manifest.json) atomically: everything goes
 * into a fresh sibling temp dir `outRoot/.<name>.tmp-<pid>-<n>`, which then
 * replaces `outRoot/<name>` by rename (an old dir is renamed aside first,
 * then removed). On any error the temp dir is removed and the old results
 * are left as they were.
 *
 * Byte-identical output for identical input: rows are sorted by (point, run)
 * whatever order results arrive in, numbers are formatted by ./format.ts,
 * manifest.json has a fixed key order and no timestamps. `wall_s` is the only
 * cell that may differ between identical runs.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { METRIC_KINDS, METRIC_NAMES, runMetrics, type RunResult } from '../metrics/run-result.js';
import type { LoadedScenario, PointModel } from '../scenario/types.js';
import { formatInt, formatMetric, formatMetricStat, formatWallS } from './format.js';
import { paramColumn, paramValue, sortResults, summarize, SUMMARY_STATS, type SummaryRow } from './summary.js';

export interface ResultsMeta {
  readonly toolVersion: string;
  readonly gitCommit: string | null;
  readonly nodeVersion: string;
}

export interface WriteResultsOptions {
  /**
   * More files to place in the same directory in the same atomic step
   * (e.g. timeseries.csv written by another module): bare file name →
   * contents. They may not replace the files written here.
   */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

export const RUNS_CSV = 'runs.csv';
export const SUMMARY_CSV = 'summary.csv';
export const HISTOGRAMS_CSV = 'histograms.csv';
export const MANIFEST_JSON = 'manifest.json';
const OWN_FILES = [RUNS_CSV, SUMMARY_CSV, HISTOGRAMS_CSV, MANIFEST_JSON];

/** runs.csv header. */
export function runsColumns(sweepKeys: readonly string[]): string[] {
  return ['scenario', 'point', 'run', 'seed', ...sweepKeys.map(paramColumn), ...METRIC_NAMES, 'events', 'wall_s'];
}

/** summary.csv header. */
export function summaryColumns(sweepKeys: readonly string[]): string[] {
  return [
    'scenario',
    'point',
    ...sweepKeys.map(paramColumn),
    'runs',
    ...METRIC_NAMES,
    ...METRIC_NAMES.flatMap((m) => SUMMARY_STATS.map((s) => `${m}_${s}`)),
  ];
}

/** histograms.csv header. */
export function histogramsColumns(sweepKeys: readonly string[]): string[] {
  return ['scenario', 'point', 'run', ...sweepKeys.map(paramColumn), 'count', 'min_ns', 'max_ns', 'sum_ns', 'histogram'];
}

function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { record_delimiter: 'unix' });
}

function pointsByIndex(loaded: LoadedScenario): Map<number, PointModel> {
  return new Map(loaded.points.map((p) => [p.index, p]));
}

function runsCsv(loaded: LoadedScenario, sorted: readonly RunResult[]): string {
  const points = pointsByIndex(loaded);
  const rows = sorted.map((r) => {
    const point = points.get(r.point)!;
    const m = runMetrics(r);
    return [
      loaded.name,
      formatInt(r.point),
      formatInt(r.run),
      formatInt(point.spec.seed),
      ...loaded.sweepKeys.map((k) => paramValue(point, k)),
      ...METRIC_NAMES.map((name) => formatMetric(METRIC_KINDS[name], m[name])),
      formatInt(r.events),
      formatWallS(r.wallS),
    ];
  });
  return csv(runsColumns(loaded.sweepKeys), rows);
}

function summaryCsv(loaded: LoadedScenario, summary: readonly SummaryRow[]): string {
  const num = (v: number | string | null | undefined): number | null => (typeof v === 'number' ? v : null);
  const rows = summary.map((row) => [
    loaded.name,
    formatInt(row.point),
    ...loaded.sweepKeys.map((k) => String(row[paramColumn(k)] ?? '')),
    formatInt(row.runs),
    ...METRIC_NAMES.map((m) => formatMetric(METRIC_KINDS[m], num(row[m]))),
    ...METRIC_NAMES.flatMap((m) => SUMMARY_STATS.map((s) => formatMetricStat(METRIC_KINDS[m], num(row[`${m}_${s}`])))),
  ]);
  return csv(summaryColumns(loaded.sweepKeys), rows);
}

/**
 * histograms.csv: per (point, run) the latency histogram of successful
 * requests as an HdrHistogram V2 compressed base64 string ("HISTF…").
 * Values are integer NANOSECONDS (lowestDiscernibleValue 1,
 * highestTrackableValue 2^43, 3 significant digits). `count`, `min_ns`,
 * `max_ns` and `sum_ns` are exact (the encoding keeps only bucket counts), so
 * that merge and resume can rebuild the exact mean and max; min/max/sum are
 * empty when count is 0.
 */
async function histogramsCsv(loaded: LoadedScenario, sorted: readonly RunResult[]): Promise<string> {
  const points = pointsByIndex(loaded);
  const rows: string[][] = [];
  for (const r of sorted) {
    const point = points.get(r.point)!;
    const h = r.latency;
    rows.push([
      loaded.name,
      formatInt(r.point),
      formatInt(r.run),
      ...loaded.sweepKeys.map((k) => paramValue(point, k)),
      formatInt(h.count),
      h.count > 0 ? formatInt(h.min) : '',
      h.count > 0 ? formatInt(h.max) : '',
      h.count > 0 ? formatInt(h.sum) : '',
      await h.encode(),
    ]);
  }
  return csv(histogramsColumns(loaded.sweepKeys), rows);
}

function manifestJson(loaded: LoadedScenario, meta: ResultsMeta): string {
  const first = loaded.points[0];
  const manifest = {
    tool: 'clusterip-sim',
    version: meta.toolVersion,
    gitCommit: meta.gitCommit,
    node: meta.nodeVersion,
    scenario: loaded.name,
    file: loaded.file,
    scenarioHash: loaded.hash,
    seed: first?.spec.seed ?? null,
    runs: first?.spec.runs ?? null,
    points: loaded.points.length,
    sweepKeys: loaded.sweepKeys,
    resolved: loaded.resolved,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** A scenario name must be one plain path component (the loader enforces DNS-1123; this is a backstop). */
function checkName(name: string): void {
  if (name === '' || name.startsWith('.') || /[/\\\0]/.test(name)) {
    throw new Error(`scenario name ${JSON.stringify(name)} cannot name a result directory`);
  }
}

function checkExtraFiles(extra: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(extra)) {
    if (OWN_FILES.includes(name) || name === '' || name.startsWith('.') || /[/\\\0]/.test(name)) {
      throw new Error(`extra result file name ${JSON.stringify(name)} is not allowed`);
    }
  }
}

let sequence = 0;

/** Name fits in 255 bytes even for a 253-character scenario name. */
function siblingName(name: string, kind: 'tmp' | 'old'): string {
  return `.${name.slice(0, 200)}.${kind}-${process.pid}-${++sequence}`;
}

function errnoCode(e: unknown): string | undefined {
  return (e as { code?: unknown }).code as string | undefined;
}

/** Create a fresh temp dir next to the target (never reuse one that exists). */
async function makeTempDir(outRoot: string, name: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const dir = path.join(outRoot, siblingName(name, 'tmp'));
    try {
      await mkdir(dir);
      return dir;
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST' || attempt >= 100) throw e;
    }
  }
}

/** Put `tmp` in place of `target`: old target aside, new one in, old one removed. */
async function swapIn(outRoot: string, name: string, tmp: string, target: string): Promise<void> {
  let aside: string | null = path.join(outRoot, siblingName(name, 'old'));
  try {
    await rename(target, aside);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
    aside = null;
  }
  try {
    await rename(tmp, target);
  } catch (e) {
    if (aside !== null) await rename(aside, target).catch(() => undefined);
    throw e;
  }
  // The new results are in place; a leftover `.<name>.old-…` dir would be harmless.
  if (aside !== null) await rm(aside, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Write `outRoot/<loaded.name>/` from the runs' results (any order; at most
 * one per (point, run); every point must be one of loaded.points). Returns
 * the directory and the summary rows (one per point with results).
 */
export async function writeResults(
  outRoot: string,
  loaded: LoadedScenario,
  results: readonly RunResult[],
  meta: ResultsMeta,
  options: WriteResultsOptions = {},
): Promise<{ dir: string; summary: SummaryRow[] }> {
  checkName(loaded.name);
  const extra = options.extraFiles ?? {};
  checkExtraFiles(extra);
  const sorted = sortResults(loaded, results);
  const summary = summarize(loaded, sorted);

  await mkdir(outRoot, { recursive: true });
  const target = path.join(outRoot, loaded.name);
  const tmp = await makeTempDir(outRoot, loaded.name);
  try {
    await writeFile(path.join(tmp, RUNS_CSV), runsCsv(loaded, sorted));
    await writeFile(path.join(tmp, SUMMARY_CSV), summaryCsv(loaded, summary));
    await writeFile(path.join(tmp, HISTOGRAMS_CSV), await histogramsCsv(loaded, sorted));
    await writeFile(path.join(tmp, MANIFEST_JSON), manifestJson(loaded, meta));
    for (const name of Object.keys(extra).sort()) await writeFile(path.join(tmp, name), extra[name]!);
    await swapIn(outRoot, loaded.name, tmp, target);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
  return { dir: target, summary };
}
