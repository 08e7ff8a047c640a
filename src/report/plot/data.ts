/**
 * The data behind the charts, read from a result dir's CSV files (README,
 * "Results") and folded over runs: plain rows ready to inline into a
 * Vega-Lite spec. Files a result dir lacks give empty lists (the chart is
 * then left out); columns are found by name, so extra columns are ignored.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { col, num, readCsv, type CsvTable } from '../compare-input.js';

export const ERROR_KIND_NAMES = ['refused', 'reset', 'timeout', 'dropped', 'rejected'] as const;

/** A point's name in charts: its sweep values (`mode=iptables rate=840`), or `point N` without a sweep. */
export function pointLabel(t: CsvTable, row: readonly string[]): string {
  const params = t.header
    .map((h, i) => [h, i] as const)
    .filter(([h]) => h.startsWith('param_'))
    .map(([h, i]) => `${h.slice('param_'.length).split('.').pop()}=${row[i]}`);
  return params.length > 0 ? params.join(' ') : `point ${row[col(t, 'point')]}`;
}

function table(dir: string, file: string): CsvTable | null {
  const f = path.join(dir, file);
  return existsSync(f) ? readCsv(f) : null;
}

export interface SeriesRow {
  readonly point: number;
  readonly label: string;
  readonly t: number;
  readonly t_end: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly throughput: number;
  readonly offered: number;
  /** Mean errors per run in the interval, by kind. */
  readonly errors: Readonly<Record<(typeof ERROR_KIND_NAMES)[number], number>>;
  /** Mean over runs of stale_nodes at the interval's end; null when timeseries.csv has no such column. */
  readonly stale: number | null;
}

export interface EventMark {
  readonly point: number;
  readonly t: number;
  readonly text: string;
  /** Pixels down from the top for its label: labels of one point take three lanes in turn, so close events do not overprint. */
  lane: number;
}

/** timeseries.csv folded over runs: per (point, interval) the mean over runs (latencies over the runs that have one). */
export function readSeries(dir: string): { rows: SeriesRow[]; events: EventMark[] } {
  const t = table(dir, 'timeseries.csv');
  if (t === null || t.rows.length === 0) return { rows: [], events: [] };
  const i = (c: string) => col(t, c);
  const acc = new Map<string, { point: number; label: string; t: number; t_end: number; runs: Set<string>; p50: number[]; p99: number[]; thr: number; req: number; stale: number; err: Record<string, number> }>();
  const hasStale = i('stale_nodes') >= 0;
  const events = new Map<string, EventMark>();
  for (const row of t.rows) {
    const point = num(row[i('point')]) ?? 0;
    const t0 = num(row[i('t_start_s')]) ?? 0;
    const t1 = num(row[i('t_end_s')]) ?? t0;
    const key = `${point}/${t0}`;
    let a = acc.get(key);
    if (a === undefined) {
      a = { point, label: pointLabel(t, row), t: t0, t_end: t1, runs: new Set(), p50: [], p99: [], thr: 0, req: 0, stale: 0, err: {} };
      acc.set(key, a);
    }
    a.runs.add(row[i('run')]!);
    const p50 = num(row[i('latency_p50_ms')]);
    const p99 = num(row[i('latency_p99_ms')]);
    if (p50 !== null) a.p50.push(p50);
    if (p99 !== null) a.p99.push(p99);
    a.thr += num(row[i('throughput_rps')]) ?? 0;
    a.req += num(row[i('requests')]) ?? 0;
    if (hasStale) a.stale += num(row[i('stale_nodes')]) ?? 0;
    for (const k of ERROR_KIND_NAMES) a.err[k] = (a.err[k] ?? 0) + (i(`errors_${k}`) >= 0 ? (num(row[i(`errors_${k}`)]) ?? 0) : 0);
    const ev = i('scenario_events') >= 0 ? row[i('scenario_events')]! : '';
    if (ev !== '' && !events.has(key)) events.set(key, { point, t: t0, text: ev.split(';').join(', '), lane: 0 });
  }
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);
  const rows = [...acc.values()]
    .sort((a, b) => a.point - b.point || a.t - b.t)
    .map((a) => {
      const n = a.runs.size;
      const width = a.t_end > a.t ? a.t_end - a.t : 1;
      const errors = Object.fromEntries(ERROR_KIND_NAMES.map((k) => [k, (a.err[k] ?? 0) / n])) as SeriesRow['errors'];
      return { point: a.point, label: a.label, t: a.t, t_end: a.t_end, p50: mean(a.p50), p99: mean(a.p99), throughput: a.thr / n, offered: a.req / n / width, errors, stale: hasStale ? a.stale / n : null };
    });
  const sorted = [...events.values()].sort((a, b) => a.point - b.point || a.t - b.t);
  sorted.forEach((e, k) => {
    const first = sorted.findIndex((x) => x.point === e.point);
    e.lane = ((k - first) % 3) * 12;
  });
  return { rows, events: sorted };
}

export interface SpectrumRow {
  readonly point: number;
  readonly label: string;
  readonly latency_ms: number;
  readonly percentile: number;
  readonly inverse: number;
}

/** spectrum.csv without its final 100 % line (no 1/(1 − p) there). */
export function readSpectrum(dir: string, labelPrefix = ''): SpectrumRow[] {
  const t = table(dir, 'spectrum.csv');
  if (t === null) return [];
  const out: SpectrumRow[] = [];
  for (const row of t.rows) {
    const inv = num(row[col(t, 'inverse_percentile')]);
    const ms = num(row[col(t, 'latency_ms')]);
    if (inv === null || ms === null) continue;
    out.push({ point: num(row[col(t, 'point')]) ?? 0, label: labelPrefix + pointLabel(t, row), latency_ms: ms, percentile: num(row[col(t, 'percentile')]) ?? 0, inverse: inv });
  }
  return out;
}

export interface EndpointRow {
  readonly point: number;
  readonly label: string;
  readonly service: string;
  readonly endpoint: string;
  readonly node: string;
  /** Mean over runs. */
  readonly share: number;
  readonly requests: number;
  readonly errors: number;
}

/** endpoints.csv folded over runs: per (point, Service port, endpoint) the mean share, requests and errors. */
export function readEndpoints(dir: string): EndpointRow[] {
  const t = table(dir, 'endpoints.csv');
  if (t === null) return [];
  const acc = new Map<string, { point: number; label: string; service: string; endpoint: string; node: string; runs: Set<string>; share: number; requests: number; errors: number; order: number }>();
  t.rows.forEach((row, order) => {
    const point = num(row[col(t, 'point')]) ?? 0;
    const service = row[col(t, 'service')] ?? '';
    const endpoint = row[col(t, 'endpoint')] ?? '';
    const key = JSON.stringify([point, service, endpoint]);
    let a = acc.get(key);
    if (a === undefined) {
      a = { point, label: pointLabel(t, row), service, endpoint, node: col(t, 'node') >= 0 ? row[col(t, 'node')]! : '', runs: new Set(), share: 0, requests: 0, errors: 0, order };
      acc.set(key, a);
    }
    a.runs.add(row[col(t, 'run')]!);
    a.share += num(row[col(t, 'share')]) ?? 0;
    a.requests += num(row[col(t, 'requests')]) ?? 0;
    a.errors += col(t, 'errors') >= 0 ? (num(row[col(t, 'errors')]) ?? 0) : 0;
  });
  return [...acc.values()]
    .sort((a, b) => a.order - b.order)
    .map((a) => {
      const n = a.runs.size;
      return { point: a.point, label: a.label, service: a.service, endpoint: a.endpoint, node: a.node, share: a.share / n, requests: a.requests / n, errors: a.errors / n };
    });
}

export interface SummaryPoint {
  readonly point: number;
  readonly label: string;
  /** sweep key → value (numbers when every point's value is numeric). */
  readonly params: Readonly<Record<string, string | number>>;
  readonly runs: number;
  /** column → value (pooled metrics, `_mean`, `_ci_lo`, `_ci_hi`). */
  readonly values: Readonly<Record<string, number | null>>;
}

export function readSummary(dir: string): { keys: string[]; points: SummaryPoint[] } {
  const t = table(dir, 'summary.csv');
  if (t === null) return { keys: [], points: [] };
  const keys = t.header.filter((h) => h.startsWith('param_')).map((h) => h.slice('param_'.length));
  const numeric = new Map(keys.map((k) => [k, t.rows.every((r) => num(r[col(t, `param_${k}`)]) !== null)]));
  const points = t.rows.map((row) => {
    const params: Record<string, string | number> = {};
    for (const k of keys) {
      const raw = row[col(t, `param_${k}`)]!;
      params[k] = numeric.get(k) === true ? Number(raw) : raw;
    }
    const values: Record<string, number | null> = {};
    t.header.forEach((h, i) => {
      if (h !== 'scenario' && h !== 'point' && !h.startsWith('param_')) values[h] = num(row[i]);
    });
    return { point: num(row[col(t, 'point')]) ?? 0, label: pointLabel(t, row), params, runs: num(row[col(t, 'runs')]) ?? 0, values };
  });
  return { keys, points };
}
