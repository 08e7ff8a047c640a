/** Threshold checks: each point's spec.thresholds against that point's pooled summary values. */
import type { LoadedScenario, ThresholdOp } from '../scenario/types.js';
import { isSummaryMetric, type SummaryRow } from './summary.js';

export interface ThresholdCheck {
  readonly point: number;
  readonly metric: string;
  /** The threshold as written, e.g. "< 50". */
  readonly text: string;
  /** The point's summary value; NaN when it has none (no successful request), which fails. */
  readonly actual: number;
  readonly ok: boolean;
}

function holds(actual: number, op: ThresholdOp, value: number): boolean {
  switch (op) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
  }
}

/**
 * One check per (summary row, threshold of that row's point), in point then
 * file order. A threshold metric is a runs.csv metric column (compared with
 * the pooled value) or `<metric>_mean` / `_ci_lo` / `_ci_hi`. An unknown
 * metric name throws (the loader should have rejected it).
 */
export function evaluateThresholds(loaded: LoadedScenario, summary: readonly SummaryRow[]): ThresholdCheck[] {
  const points = new Map(loaded.points.map((p) => [p.index, p]));
  const checks: ThresholdCheck[] = [];
  for (const row of summary) {
    const point = points.get(row.point);
    if (point === undefined) throw new Error(`summary row for point ${row.point}, which scenario ${loaded.name} does not have`);
    for (const t of point.spec.thresholds) {
      if (!isSummaryMetric(t.metric)) {
        throw new Error(`${t.pos.file}:${t.pos.line}:${t.pos.col}: thresholds: unknown metric ${JSON.stringify(t.metric)}`);
      }
      const v = row[t.metric];
      const actual = typeof v === 'number' ? v : NaN;
      checks.push({ point: row.point, metric: t.metric, text: t.text, actual, ok: !Number.isNaN(actual) && holds(actual, t.op, t.value) });
    }
  }
  return checks;
}
