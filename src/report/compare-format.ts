/**
 * Printing a Comparison (compare.ts) as `text` (aligned columns, for a
 * terminal or a CI log), `markdown` (a PR comment or a job summary) or `csv`
 * (one row per (point, metric), for programs). Text and markdown have one
 * row per (point, metric) naming both, benchstat's columns — each side's
 * median ± its 95 % interval as a % of the median, then the delta with
 * `(p=… n=…)`, or `~` when the change is not significant — and a verdict.
 */
import { isFractionMetric, type Comparison, type MetricComparison, type SideStats } from './compare.js';
import { csvText } from './run-rows.js';

export type CompareFormat = 'text' | 'markdown' | 'csv';

/** A value for people: 4 significant digits, no exponent for the ranges we write. */
export function human(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 1e-4) return String(Number(v.toPrecision(4)));
  return v.toExponential(2);
}

function side(s: SideStats): string {
  if (s.centre === null) return 'n/a';
  if (s.lo === null || s.hi === null) return `${human(s.centre)} ± ∞`;
  const half = Math.max(s.hi - s.centre, s.centre - s.lo);
  if (s.centre === 0) return half === 0 ? '0 ± 0%' : `0 ± ${human(half)}`;
  const pct = (half / Math.abs(s.centre)) * 100;
  return `${human(s.centre)} ± ${pct < 1 ? pct.toFixed(1) : pct.toFixed(0)}%`;
}

function signedPct(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+∞%' : '−∞%';
  const s = Math.abs(x) < 10 ? x.toFixed(2) : x.toFixed(1);
  return `${x > 0 ? '+' : x < 0 ? '' : ''}${s}%`;
}

/** The delta cell: `+10.02% (p=0.002 n=10)`, `~ (p=0.432 n=10)`, or for a fraction also in pp. */
function deltaCell(r: MetricComparison): string {
  if (r.p === null || r.delta === null) return 'n/a';
  const stat = `(p=${r.p < 0.001 ? r.p.toExponential(1) : r.p.toFixed(3)} n=${r.n})`;
  if (!r.significant) return `~ ${stat}`;
  const pct = r.deltaPct === null ? '' : signedPct(r.deltaPct);
  if (isFractionMetric(r.metric)) return `${pct} (${r.delta >= 0 ? '+' : ''}${human(r.delta * 100)}pp) ${stat}`;
  return `${pct} ${stat}`;
}

function verdictCell(r: MetricComparison): string {
  if (r.budget === null) return r.verdict;
  return `${r.verdict}; budget ${r.budget.unit === 'pp' ? `${r.budget.limit}pp` : `${r.budget.limit}%`} ${r.budgetExceeded ? 'EXCEEDED' : 'ok'}`;
}

function headerLines(c: Comparison): [string, string][] {
  const describe = (s: Comparison['baseline']) => {
    const m = s.manifest;
    const runs = new Set(s.points.map((p) => p.runs.size));
    const bits = [`scenario ${s.scenario}`, `${s.points.length} point${s.points.length === 1 ? '' : 's'}`, `${[...runs].join('/')} runs`];
    if (m?.seed !== null && m?.seed !== undefined) bits.push(`seed ${m.seed}`);
    return `${s.dir} (${bits.join(', ')})`;
  };
  const out: [string, string][] = [
    ['baseline', describe(c.baseline)],
    ['candidate', describe(c.candidate)],
  ];
  const change = c.change.length > 0 ? c.change : ['none found (same scenario, --set and seed)'];
  change.forEach((l, i) => out.push([i === 0 ? 'change' : '', l]));
  const pairings = [...new Set(c.pairs.map((p) => p.pairing))];
  const tests = pairings.map((p) => (p.startsWith('paired') ? `${p} → Wilcoxon signed-rank over the run pairs` : `${p} → Mann–Whitney U over the runs`));
  tests.forEach((t, i) => out.push([i === 0 ? 'test' : '', t]));
  out.push(['', `~ = not significant (p ≥ 0.05); changes under ${human(c.noise * 100)}% (--noise) are "no change"`]);
  for (const u of c.unmatched) out.push(['unmatched', u]);
  for (const n of c.notes) out.push(['note', n]);
  return out;
}

interface Table {
  readonly head: string[];
  readonly rows: string[][];
}

function table(c: Comparison): Table {
  const head = ['point', 'metric', 'baseline', 'candidate', 'delta', 'verdict'];
  const rows = c.rows.map((r) => [c.pairs[r.pair]!.label, r.metric, side(r.baseline), side(r.candidate), deltaCell(r), verdictCell(r)]);
  for (const g of c.geomean) rows.push(['geomean', g.metric, human(g.baseline), human(g.candidate), signedPct(g.deltaPct), `(${g.n} points)`]);
  return { head, rows };
}

function textFormat(c: Comparison): string {
  const hl = headerLines(c);
  const w0 = Math.max(...hl.map((l) => l[0].length));
  const lines = hl.map(([k, v]) => `${k.padEnd(w0)}  ${v}`);
  const t = table(c);
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((x, i) => (i === cells.length - 1 ? x : x.padEnd(widths[i]!))).join('  ');
  lines.push('', line(t.head), ...t.rows.map(line));
  return `${lines.join('\n')}\n`;
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function markdownFormat(c: Comparison): string {
  const exceeded = c.rows.filter((r) => r.budgetExceeded);
  const regressed = c.rows.filter((r) => r.verdict === 'regressed').length;
  const improved = c.rows.filter((r) => r.verdict === 'improved').length;
  const title = exceeded.length > 0 ? `budget exceeded (${exceeded.length})` : regressed > 0 ? `${regressed} regressed` : improved > 0 ? `${improved} improved, none regressed` : 'no significant change';
  const lines = [`### clusterip-sim compare: ${title}`, ''];
  for (const [k, v] of headerLines(c)) lines.push(k === '' ? `  ${mdEscape(v)}  ` : `**${k}**: ${mdEscape(v)}  `);
  const t = table(c);
  lines.push('', `| ${t.head.join(' | ')} |`, `|${t.head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const r of t.rows) {
    const cells = r.map(mdEscape);
    if (/EXCEEDED|regressed/.test(r[5]!)) cells[5] = `**${cells[5]}**`;
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

const CSV_HEAD = [
  'point',
  'baseline_point',
  'candidate_point',
  'metric',
  'baseline_n',
  'baseline_median',
  'baseline_ci_lo',
  'baseline_ci_hi',
  'candidate_n',
  'candidate_median',
  'candidate_ci_lo',
  'candidate_ci_hi',
  'delta',
  'delta_pct',
  'test',
  'p',
  'n',
  'significant',
  'verdict',
  'budget',
  'budget_exceeded',
];

function csvFormat(c: Comparison): string {
  const v = (x: number | null) => (x === null || !Number.isFinite(x) ? (x === null ? '' : x > 0 ? 'inf' : '-inf') : String(x));
  const rows = c.rows.map((r) => {
    const pp = c.pairs[r.pair]!;
    return [
      pp.label,
      String(pp.baseline.point),
      String(pp.candidate.point),
      r.metric,
      String(r.baseline.n),
      v(r.baseline.centre),
      v(r.baseline.lo),
      v(r.baseline.hi),
      String(r.candidate.n),
      v(r.candidate.centre),
      v(r.candidate.lo),
      v(r.candidate.hi),
      v(r.delta),
      v(r.deltaPct),
      r.test ?? '',
      v(r.p),
      String(r.n),
      String(r.significant),
      r.verdict,
      r.budget?.text ?? '',
      r.budget === null ? '' : String(r.budgetExceeded),
    ];
  });
  return csvText(CSV_HEAD, rows);
}

export function formatComparison(c: Comparison, format: CompareFormat): string {
  switch (format) {
    case 'text':
      return textFormat(c);
    case 'markdown':
      return markdownFormat(c);
    case 'csv':
      return csvFormat(c);
  }
}

/** One line per exceeded budget, for stderr. */
export function budgetFailures(c: Comparison): string[] {
  return c.rows
    .filter((r) => r.budgetExceeded)
    .map((r) => {
      const by = r.budget!.unit === 'pp' ? `${human(r.delta! * 100)}pp` : signedPct(r.deltaPct!);
      return `budget exceeded: ${c.pairs[r.pair]!.label} ${r.metric} changed ${by} (p=${r.p!.toFixed(3)}), over ${r.budget!.text}`;
    });
}
