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
// Synchronous file calls: the CLI has nothing to overlap them with, and each
// promise-based call costs a thread-pool round trip (~15 ms idle per result
// directory, measured, in a 0.4 s run).
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_KINDS, METRIC_KINDS, METRIC_NAMES, runMetrics, type MetricName, type RunResult } from '../metrics/run-result.js';
import { LatencyHistogram } from '../metrics/histogram.js';
import { confidenceInterval95 } from '../metrics/stats.js';
import { pooledPercentileIntervals } from '../metrics/percentile-interval.js';

/** The percentile columns and their percentiles: their interval is for the pooled value. */
const PERCENTILE_METRICS: readonly (readonly [MetricName, number])[] = [
  ['latency_p50_ms', 50],
  ['latency_p90_ms', 90],
  ['latency_p95_ms', 95],
  ['latency_p99_ms', 99],
  ['latency_p999_ms', 99.9],
];
import type { LoadedScenario, PointModel } from '../scenario/types.js';
import { formatInt, formatMetric, formatMetricStat, formatMs, formatReal, formatWallS } from './format.js';
import { percentileSpectrum } from '../metrics/spectrum.js';
import { paramColumn, paramValue, SUMMARY_STATS, type SummaryRow } from './summary.js';
import { RunRows, csvText } from './run-rows.js';

export interface ResultsMeta {
  readonly toolVersion: string;
  readonly gitCommit: string | null;
  readonly nodeVersion: string;
  /**
   * `--shard i/N` that produced this directory, with the scenario's point and
   * task counts (so that merge can tell when shards are missing); absent for a
   * whole run and after merge.
   */
  readonly shard?: { readonly index: number; readonly count: number; readonly points: number; readonly tasks: number };
  /** The `--set path=value` arguments as given (manifest.json `set`). */
  readonly set?: readonly string[];
}

export interface WriteResultsOptions {
  /**
   * More files to place in the same directory in the same atomic step
   * (e.g. timeseries.csv written by another module): bare file name →
   * contents, one string or texts written one after another (a file longer
   * than V8's longest string). They may not replace the files written here.
   */
  readonly extraFiles?: Readonly<Record<string, string | readonly string[]>>;
  /** Notes for manifest.json (e.g. a guard that fired), in order. */
  readonly notes?: readonly string[];
  /** manifest.json `effective` as already written (merge copies the shards'); default: from the points. */
  readonly effective?: unknown;
}

export const RUNS_CSV = 'runs.csv';
export const SUMMARY_CSV = 'summary.csv';
export const HISTOGRAMS_CSV = 'histograms.csv';
export const MANIFEST_JSON = 'manifest.json';
export const SPECTRUM_CSV = 'spectrum.csv';
const OWN_FILES = [RUNS_CSV, SUMMARY_CSV, HISTOGRAMS_CSV, SPECTRUM_CSV, MANIFEST_JSON];

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

/** spectrum.csv header. */
export function spectrumColumns(sweepKeys: readonly string[]): string[] {
  return ['scenario', 'point', ...sweepKeys.map(paramColumn), 'latency_ms', 'percentile', 'total_count', 'inverse_percentile'];
}

/**
 * spectrum.csv rows of one point: HdrHistogram's percentile spectrum of the
 * point's merged latency histogram (metrics/spectrum.ts) — the table wrk2
 * prints and HdrHistogram's plotter reads. `percentile` is a fraction (0 … 1,
 * 12 decimals, as HdrHistogram writes it), `inverse_percentile` 1/(1 − p),
 * empty on the final 100 % line.
 */
function spectrumRows(loaded: LoadedScenario, point: PointModel, merged: LatencyHistogram): string[][] {
  const params = loaded.sweepKeys.map((k) => paramValue(point, k));
  return percentileSpectrum(merged).map((l) => [
    loaded.name,
    formatInt(point.index),
    ...params,
    formatMs(l.valueNs / 1e6),
    (l.percentile / 100).toFixed(12),
    formatInt(l.totalCount),
    l.percentile >= 100 ? '' : formatReal(1 / (1 - l.percentile / 100)),
  ]);
}

/** histograms.csv header. */
export function histogramsColumns(sweepKeys: readonly string[]): string[] {
  return ['scenario', 'point', 'run', ...sweepKeys.map(paramColumn), 'count', 'min_ns', 'max_ns', 'sum_ns', 'responses_in_window', 'window_ns', 'histogram'];
}


function pointsByIndex(loaded: LoadedScenario): Map<number, PointModel> {
  return new Map(loaded.points.map((p) => [p.index, p]));
}

/** runs.csv cells of one run. */
function runsRow(loaded: LoadedScenario, point: PointModel, r: RunResult, m: Record<MetricName, number | null>): string[] {
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
  return csvText(summaryColumns(loaded.sweepKeys), rows);
}

/**
 * histograms.csv: per (point, run) the latency histogram of successful
 * requests as an HdrHistogram V2 compressed base64 string ("HISTF…").
 * Values are integer NANOSECONDS (lowestDiscernibleValue 1,
 * highestTrackableValue 2^43, 3 significant digits). `count`, `min_ns`,
 * `max_ns` and `sum_ns` are exact (the encoding keeps only bucket counts), so
 * that merge and resume can rebuild the exact mean and max; min/max/sum are
 * empty when count is 0. `responses_in_window` (successful responses that
 * reached their clients during the measured window) and `window_ns` (its
 * length) rebuild throughput_rps exactly — with runs.csv's integer counts,
 * everything summary.csv needs.
 */
function histogramsRow(loaded: LoadedScenario, point: PointModel, r: RunResult): string[] {
  const h = r.latency;
  return [
    loaded.name,
    formatInt(r.point),
    formatInt(r.run),
    ...loaded.sweepKeys.map((k) => paramValue(point, k)),
    formatInt(h.count),
    h.count > 0 ? formatInt(h.min) : '',
    h.count > 0 ? formatInt(h.max) : '',
    h.count > 0 ? formatInt(h.sum) : '',
    formatInt(r.goodput),
    formatInt(r.measuredNs),
    h.encodeSync(),
  ];
}

function manifestJson(loaded: LoadedScenario, meta: ResultsMeta, notes: readonly string[], effective?: unknown): string {
  const first = loaded.points[0];
  const manifest = {
    tool: 'clusterip-sim',
    version: meta.toolVersion,
    gitCommit: meta.gitCommit,
    node: meta.nodeVersion,
    scenario: loaded.name,
    file: loaded.file,
    scenarioHash: loaded.hash,
    ...(meta.shard !== undefined ? { shard: meta.shard } : {}),
    seed: first?.spec.seed ?? null,
    runs: first?.spec.runs ?? null,
    set: meta.set ?? loaded.overrides ?? [],
    points: loaded.points.length,
    sweepKeys: loaded.sweepKeys,
    resolved: loaded.resolved,
    // every point's spec as the simulator ran it, every default filled in (durations in ns)
    effective: effective ?? loaded.points.map((p) => ({ point: p.index, params: p.params, spec: p.spec })),
    notes,
  };
  // source positions are for messages, not results: leave them out
  return `${JSON.stringify(manifest, (k, v: unknown) => (k === 'pos' ? undefined : v), 2)}\n`;
}

/** A scenario name must be one plain path component (the loader enforces DNS-1123; this is a backstop). */
function checkName(name: string): void {
  if (name === '' || name.startsWith('.') || /[/\\\0]/.test(name)) {
    throw new Error(`scenario name ${JSON.stringify(name)} cannot name a result directory`);
  }
}

function checkExtraFiles(extra: Readonly<Record<string, string | readonly string[]>>): void {
  for (const name of Object.keys(extra)) {
    if (OWN_FILES.includes(name) || name === '' || name.startsWith('.') || /[/\\\0]/.test(name)) {
      throw new Error(`extra result file name ${JSON.stringify(name)} is not allowed`);
    }
  }
}

/** A file from one string or from texts written one after another. */
function writeChunks(file: string, contents: string | readonly string[]): void {
  if (typeof contents === 'string') {
    writeFileSync(file, contents);
    return;
  }
  const fd = openSync(file, 'w');
  try {
    for (const chunk of contents) writeFileSync(fd, chunk);
  } finally {
    closeSync(fd);
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
function makeTempDir(outRoot: string, name: string): string {
  for (let attempt = 0; ; attempt++) {
    const dir = path.join(outRoot, siblingName(name, 'tmp'));
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST' || attempt >= 100) throw e;
    }
  }
}

/** Put `tmp` in place of `target`: old target aside, new one in, old one removed. */
function swapIn(outRoot: string, name: string, tmp: string, target: string): void {
  let aside: string | null = path.join(outRoot, siblingName(name, 'old'));
  try {
    renameSync(target, aside);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
    aside = null;
  }
  try {
    renameSync(tmp, target);
  } catch (e) {
    if (aside !== null) {
      try {
        renameSync(aside, target);
      } catch {
        // the old results stay aside, under their .old- name
      }
    }
    throw e;
  }
  // The new results are in place; a leftover `.<name>.old-…` dir would be harmless.
  if (aside !== null) {
    try {
      rmSync(aside, { recursive: true, force: true });
    } catch {
      // harmless leftover
    }
  }
}

/** What one point keeps while its runs arrive: totals, the merged histogram, each run's metrics. */
interface PointAccumulator {
  readonly pooled: RunResult;
  readonly perRun: Map<number, Record<MetricName, number | null>>;
}

/**
 * Results folded in run by run, so that memory holds one merged histogram per
 * point and each run's rows as text — not every run's 280 KB histogram (10,000
 * runs would otherwise take ~3 GB). Runs may arrive in any order (a worker
 * pool finishes them out of order); rows are sorted by (point, run) and
 * per-run statistics computed in run order when written, so the bytes do not
 * depend on the arrival order. After `add(r)` the caller may drop `r`.
 */
export class ResultsAccumulator {
  readonly #loaded: LoadedScenario;
  readonly #points: Map<number, PointModel>;
  readonly #runsRows = new RunRows();
  readonly #histRows = new RunRows();
  readonly #acc = new Map<number, PointAccumulator>();

  constructor(loaded: LoadedScenario) {
    checkName(loaded.name);
    this.#loaded = loaded;
    this.#points = pointsByIndex(loaded);
  }

  /** Fold in one run; throws on an unknown point or a second result for the same (point, run). */
  add(r: RunResult): void {
    const point = this.#point(r);
    this.#fold(r, [runsRow(this.#loaded, point, r, runMetrics(r))], [histogramsRow(this.#loaded, point, r)]);
  }

  /**
   * Fold in a run read back from a result directory (resume, merge): its
   * runs.csv and histograms.csv rows are kept as they were (wall_s included),
   * `r` rebuilt from them feeds the summary.
   */
  addStored(r: RunResult, runsRowCells: string[], histRowCells: string[]): void {
    this.#point(r);
    this.#fold(r, [runsRowCells], [histRowCells]);
  }

  /** Whether (point, run) has a result. */
  has(point: number, run: number): boolean {
    return this.#runsRows.has(point, run);
  }

  #point(r: RunResult): PointModel {
    const point = this.#points.get(r.point);
    if (point === undefined) throw new Error(`result for point ${r.point}, which scenario ${this.#loaded.name} does not have`);
    if (this.#runsRows.has(r.point, r.run)) throw new Error(`two results for point ${r.point}, run ${r.run}`);
    return point;
  }

  #fold(r: RunResult, runsRows: string[][], histRows: string[][]): void {
    const m = runMetrics(r);
    this.#runsRows.set(r.point, r.run, runsRows);
    this.#histRows.set(r.point, r.run, histRows);
    let acc = this.#acc.get(r.point);
    if (acc === undefined) {
      const errors = { refused: 0, reset: 0, timeout: 0, dropped: 0, rejected: 0 };
      acc = {
        pooled: { point: r.point, run: -1, requests: 0, completed: 0, goodput: 0, errors, measuredNs: 0, latency: new LatencyHistogram(), events: 0, wallS: 0 },
        perRun: new Map(),
      };
      this.#acc.set(r.point, acc);
    }
    const p = acc.pooled;
    p.requests += r.requests;
    p.completed += r.completed;
    p.goodput += r.goodput;
    for (const k of ERROR_KINDS) p.errors[k] += r.errors[k];
    p.measuredNs += r.measuredNs;
    p.events += r.events;
    p.latency.add(r.latency);
    acc.perRun.set(r.run, m);
  }

  /** Summary rows of the points that have results (all of them, or those in `only`), in point order. */
  summary(only?: ReadonlySet<number>): SummaryRow[] {
    const rows: SummaryRow[] = [];
    for (const index of [...this.#acc.keys()].sort((a, b) => a - b)) {
      if (only !== undefined && !only.has(index)) continue;
      const acc = this.#acc.get(index)!;
      const point = this.#points.get(index)!;
      const row: Record<string, number | string | null> = { point: index };
      for (const key of this.#loaded.sweepKeys) row[paramColumn(key)] = paramValue(point, key);
      row['runs'] = acc.perRun.size;
      const pooled = runMetrics(acc.pooled);
      for (const m of METRIC_NAMES) row[m] = pooled[m];
      const runOrder = [...acc.perRun.keys()].sort((a, b) => a - b);
      const perRun = runOrder.map((run) => acc.perRun.get(run)!);
      // percentiles: an interval for the POOLED percentile, the runs as replications (metrics/percentile-interval.ts)
      const pooledCi = pooledPercentileIntervals(
        acc.pooled.latency,
        runOrder.length,
        (visit) => {
          for (const run of runOrder) {
            const cells = this.#histRows.get(index, run)![0]!;
            const h = LatencyHistogram.decodeSync(cells[cells.length - 1]!);
            visit(h.counts, h.count);
          }
        },
        PERCENTILE_METRICS.map(([, p]) => p),
      );
      for (const m of METRIC_NAMES) {
        const values = perRun.map((v) => v[m]).filter((v): v is number => v !== null);
        const ci = values.length > 0 ? confidenceInterval95(values) : null;
        row[`${m}_mean`] = ci?.mean ?? null;
        // one run: no interval (empty cells), not a zero-width one
        const some = runOrder.length >= 2 && values.length >= 2;
        row[`${m}_ci_lo`] = some ? ci!.lo : null;
        row[`${m}_ci_hi`] = some ? ci!.hi : null;
      }
      PERCENTILE_METRICS.forEach(([m], k) => {
        const ci = pooledCi[k]!;
        row[`${m}_ci_lo`] = ci === null ? null : ci.lo / 1e6;
        row[`${m}_ci_hi`] = ci === null ? null : ci.hi / 1e6;
      });
      rows.push(row as SummaryRow);
    }
    return rows;
  }

  /**
   * Write `outRoot/<name>/` atomically with the points in `only` (default:
   * all that have results) — an interrupted run writes its finished points.
   */
  async write(
    outRoot: string,
    meta: ResultsMeta,
    options: WriteResultsOptions & { readonly only?: ReadonlySet<number> } = {},
  ): Promise<{ dir: string; summary: SummaryRow[] }> {
    const loaded = this.#loaded;
    const extra = options.extraFiles ?? {};
    checkExtraFiles(extra);
    const only = options.only;
    const summary = this.summary(only);
    const shown: LoadedScenario = only === undefined ? loaded : { ...loaded, points: loaded.points.filter((p) => only.has(p.index)) };

    mkdirSync(outRoot, { recursive: true });
    const target = path.join(outRoot, loaded.name);
    const tmp = makeTempDir(outRoot, loaded.name);
    try {
      writeFileSync(path.join(tmp, RUNS_CSV), csvText(runsColumns(loaded.sweepKeys), this.#runsRows.sorted(only)));
      writeFileSync(path.join(tmp, SUMMARY_CSV), summaryCsv(loaded, summary));
      writeFileSync(path.join(tmp, HISTOGRAMS_CSV), csvText(histogramsColumns(loaded.sweepKeys), this.#histRows.sorted(only)));
      const spectrum = summary.flatMap((row) => spectrumRows(loaded, this.#points.get(row.point)!, this.#acc.get(row.point)!.pooled.latency));
      writeFileSync(path.join(tmp, SPECTRUM_CSV), csvText(spectrumColumns(loaded.sweepKeys), spectrum));
      writeFileSync(path.join(tmp, MANIFEST_JSON), manifestJson(shown, meta, options.notes ?? [], options.effective));
      for (const name of Object.keys(extra).sort()) writeChunks(path.join(tmp, name), extra[name]!);
      swapIn(outRoot, loaded.name, tmp, target);
    } catch (e) {
      try {
        rmSync(tmp, { recursive: true, force: true });
      } catch {
        // nothing more to do: the error below is what matters
      }
      throw e;
    }
    return { dir: target, summary };
  }
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
  const acc = new ResultsAccumulator(loaded);
  for (const r of results) acc.add(r);
  return acc.write(outRoot, meta, options);
}
