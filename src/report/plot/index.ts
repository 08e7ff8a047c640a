/**
 * `plot <result dir>... [--out DIR]`: Vega-Lite specs, SVG and PNG of each
 * chart, and index.html. One result dir: its charts go next to its CSVs (or
 * into --out). Several: A/B bars and a shared spectrum go to --out (default
 * results/plots/). Each file is written aside and renamed into place.
 *
 * Charts (file stems):
 *   failure-<point>  latency p50/p99 and throughput over time, errors by kind, events
 *   spectrum         percentile spectrum on a log 1/(1 − p) axis, one line per point
 *   endpoints        per-endpoint share and errors
 *   sweep            each metric against the swept parameter, with interval whiskers
 *   ab               (several dirs) bars per dir and point, with intervals
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readResultSet, resolveResultDir, type ManifestInfo } from '../compare-input.js';
import { readEndpoints, readSeries, readSpectrum, readSummary, type SummaryPoint } from './data.js';
import { abSpec, CHART_METRICS, endpointsSpec, failureSpec, spectrumSpec, sweepSpec, type AbRow, type VlSpec } from './specs.js';
import { indexHtml, type PageChart, type PageSummary } from './html.js';

export interface PlotOptions {
  readonly dirs: readonly string[];
  readonly out?: string;
}

/** Failure pictures drawn per result dir at most (one per point). */
export const MAX_FAILURE_CHARTS = 12;

export interface ChartSpec {
  readonly name: string;
  readonly title: string;
  readonly spec: VlSpec;
}

let sequence = 0;

function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${++sequence}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function facts(m: ManifestInfo | null, dir: string): string[] {
  const out = [`results: ${dir}`];
  if (m === null) return out;
  const bits: string[] = [];
  if (m.seed !== null) bits.push(`seed ${m.seed}`);
  if (m.runs !== null) bits.push(`${m.runs} runs per point`);
  if (m.version !== null) bits.push(`clusterip-sim ${m.version}`);
  if (bits.length > 0) out.push(bits.join(', '));
  if (m.set !== null && m.set.length > 0) out.push(`--set ${m.set.join(' ')}`);
  if (m.file !== null) out.push(`scenario file: ${m.file}${m.scenarioHash !== null ? ` (sha256 ${m.scenarioHash.slice(0, 12)})` : ''}`);
  return out;
}

/** The charts of one result dir. */
export function chartsOfDir(dir: string, scenario: string): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const summary = readSummary(dir);
  const runsOf = new Map(summary.points.map((p) => [p.point, p.runs]));
  const { rows, events } = readSeries(dir);
  const points = [...new Set(rows.map((r) => r.point))];
  for (const point of points.slice(0, MAX_FAILURE_CHARTS)) {
    const mine = rows.filter((r) => r.point === point);
    const label = mine[0]!.label;
    charts.push({
      name: `failure-${point}`,
      title: `Failure picture: ${label}`,
      spec: failureSpec(scenario, label, runsOf.get(point) ?? 1, mine, events.filter((e) => e.point === point)),
    });
  }
  const spectrum = readSpectrum(dir);
  if (spectrum.length > 0) charts.push({ name: 'spectrum', title: 'Latency percentile spectrum', spec: spectrumSpec(`${scenario}: latency percentile spectrum`, spectrum) });
  const endpoints = readEndpoints(dir);
  if (endpoints.length > 0) charts.push({ name: 'endpoints', title: 'Load per endpoint', spec: endpointsSpec(scenario, endpoints) });
  if (summary.keys.length > 0 && summary.points.length > 1) {
    charts.push({ name: 'sweep', title: 'Metrics across the sweep', spec: sweepSpec(scenario, summary.keys, summary.points) });
  }
  return charts;
}

/** Names for several dirs: the scenario name, or `parent/scenario` where two share a name. */
function dirLabels(sets: readonly { dir: string; scenario: string }[]): string[] {
  const count = new Map<string, number>();
  for (const s of sets) count.set(s.scenario, (count.get(s.scenario) ?? 0) + 1);
  const labels = sets.map((s) => (count.get(s.scenario)! > 1 ? `${path.basename(path.dirname(path.resolve(s.dir)))}/${s.scenario}` : s.scenario));
  return labels.map((l, i) => (labels.indexOf(l) !== i ? `${l} (${i + 1})` : l));
}

/** The A/B and shared-spectrum charts of several result dirs. */
export function chartsOfSeveral(sets: readonly { dir: string; label: string; points: readonly SummaryPoint[] }[]): ChartSpec[] {
  const ab: AbRow[] = [];
  for (const s of sets) {
    for (const p of s.points) {
      for (const [m] of CHART_METRICS) ab.push({ dir: s.label, point: p.label, metric: m, v: p.values[m] ?? null, lo: p.values[`${m}_ci_lo`] ?? null, hi: p.values[`${m}_ci_hi`] ?? null });
    }
  }
  const spectrum = sets.flatMap((s) => readSpectrum(s.dir, `${s.label}: `));
  const charts: ChartSpec[] = [{ name: 'ab', title: 'A/B', spec: abSpec(ab) }];
  if (spectrum.length > 0) charts.push({ name: 'spectrum', title: 'Latency percentile spectrum', spec: spectrumSpec('latency percentile spectrum', spectrum) });
  return charts;
}

/** Render and write every chart and index.html; returns the index path and the chart files. */
export async function writePlots(opts: PlotOptions): Promise<{ index: string; charts: string[] }> {
  const sets = opts.dirs.map((d) => {
    const r = readResultSet(d);
    return { dir: resolveResultDir(d), scenario: r.scenario, manifest: r.manifest };
  });
  const single = sets.length === 1;
  const out = opts.out ?? (single ? sets[0]!.dir : path.join('results', 'plots'));
  const labels = dirLabels(sets);
  const summaries: PageSummary[] = sets.map((s, i) => {
    const sum = readSummary(s.dir);
    return { title: single ? `Summary` : `Summary: ${labels[i]}`, facts: facts(s.manifest, s.dir), keys: sum.keys, points: sum.points };
  });
  const charts = single
    ? chartsOfDir(sets[0]!.dir, sets[0]!.scenario)
    : chartsOfSeveral(sets.map((s, i) => ({ dir: s.dir, label: labels[i]!, points: summaries[i]!.points })));
  const { renderPng, renderSvg } = await import('./render.js');
  mkdirSync(out, { recursive: true });
  const page: PageChart[] = [];
  const files: string[] = [];
  for (const c of charts) {
    const svg = await renderSvg(c.spec);
    const { png } = await renderPng(svg);
    writeAtomic(path.join(out, `${c.name}.vl.json`), `${JSON.stringify(c.spec, null, 1)}\n`);
    writeAtomic(path.join(out, `${c.name}.svg`), svg);
    writeAtomic(path.join(out, `${c.name}.png`), png);
    files.push(`${c.name}.svg`, `${c.name}.png`, `${c.name}.vl.json`);
    page.push({ name: c.name, title: c.title, svg });
  }
  const title = single ? `clusterip-sim: ${sets[0]!.scenario}` : `clusterip-sim: ${labels.join(' vs ')}`;
  const index = path.join(out, 'index.html');
  writeAtomic(index, indexHtml(title, summaries, page));
  return { index, charts: files };
}

/** The CLI's entry: write, then say where on stderr. */
export async function plotResults(opts: PlotOptions): Promise<number> {
  const { index, charts } = await writePlots(opts);
  process.stderr.write(`plots: ${charts.length / 3} charts (SVG, PNG, Vega-Lite spec each) and ${index}\n`);
  return 0;
}
