/**
 * The human summary a run prints on stderr: one line per point, then each
 * threshold's verdict. Counts are totals over the point's runs (`errors` is
 * a count, `err %` the rate); `p99 95% CI` is summary.csv's interval for the
 * pooled p99 (empty with one run).
 */
import type { LoadedScenario } from '../scenario/types.js';

type Row = Readonly<Record<string, unknown>>;
interface Check {
  readonly point: number;
  readonly metric: string;
  readonly text: string;
  readonly actual: number;
  readonly ok: boolean;
}

/** [header, cell of a summary row]. */
const COLUMNS: readonly [string, (r: Row) => string][] = [
  ['requests', (r) => cell(r['requests'])],
  ['errors', (r) => cell(r['errors'])],
  ['err %', (r) => percent(r['error_rate'])],
  ['rps', (r) => cell(r['throughput_rps'])],
  ['p50 ms', (r) => cell(r['latency_p50_ms'])],
  ['p99 ms', (r) => cell(r['latency_p99_ms'])],
  ['p99 95% CI', (r) => interval(r['latency_p99_ms_ci_lo'], r['latency_p99_ms_ci_hi'])],
  ['max ms', (r) => cell(r['latency_max_ms'])],
];

function percent(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const p = v * 100;
  return p >= 10 ? p.toFixed(1) : p >= 0.01 ? p.toFixed(2) : '< 0.01';
}

function interval(lo: unknown, hi: unknown): string {
  const a = cell(lo);
  const b = cell(hi);
  return a === '' || b === '' ? '' : `${a} – ${b}`;
}

function cell(v: unknown): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (Number.isInteger(v)) return String(v);
    return v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toPrecision(3);
  }
  return v === undefined || v === null ? '' : String(v);
}

export function formatTable(loaded: LoadedScenario, summary: readonly Row[], checks: readonly Check[]): string {
  const head = ['point', ...loaded.sweepKeys, 'runs', ...COLUMNS.map((c) => c[0])];
  const rows = summary.map((r) => [
    cell(r['point']),
    ...loaded.sweepKeys.map((k) => cell(r[`param_${k}`])),
    cell(r['runs']),
    ...COLUMNS.map(([, f]) => f(r)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [`scenario ${loaded.name}`, line(head), ...rows.map(line)];
  for (const c of checks) {
    out.push(`  ${c.ok ? 'ok  ' : 'FAIL'} point ${c.point}: ${c.metric} ${c.text} (actual ${cell(c.actual)})`);
  }
  return out.join('\n');
}
