/** The human summary a run prints on stderr: one line per point, then each threshold's verdict. */
import type { LoadedScenario } from '../scenario/types.js';

type Row = Readonly<Record<string, unknown>>;
interface Check {
  readonly point: number;
  readonly metric: string;
  readonly text: string;
  readonly actual: number;
  readonly ok: boolean;
}

const COLUMNS: readonly [string, string][] = [
  ['requests', 'requests'],
  ['error_rate', 'errors'],
  ['throughput_rps', 'rps'],
  ['latency_p50_ms', 'p50 ms'],
  ['latency_p99_ms', 'p99 ms'],
  ['latency_max_ms', 'max ms'],
];

function cell(v: unknown): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (Number.isInteger(v)) return String(v);
    return v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toPrecision(3);
  }
  return v === undefined || v === null ? '' : String(v);
}

export function formatTable(loaded: LoadedScenario, summary: readonly Row[], checks: readonly Check[]): string {
  const head = ['point', ...loaded.sweepKeys, 'runs', ...COLUMNS.map((c) => c[1])];
  const rows = summary.map((r) => [
    cell(r['point']),
    ...loaded.sweepKeys.map((k) => cell(r[`param_${k}`])),
    cell(r['runs']),
    ...COLUMNS.map(([k]) => cell(r[k])),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [`scenario ${loaded.name}`, line(head), ...rows.map(line)];
  for (const c of checks) {
    out.push(`  ${c.ok ? 'ok  ' : 'FAIL'} point ${c.point}: ${c.metric} ${c.text} (actual ${cell(c.actual)})`);
  }
  return out.join('\n');
}
