/**
 * index.html: the summary table and every chart in one page that opens from
 * disk with no network — the SVGs are inlined, there is no script, no web
 * font and no external stylesheet; each chart links to its SVG, PNG and
 * Vega-Lite spec beside the page.
 */
import type { SummaryPoint } from './data.js';

export interface PageChart {
  /** File stem: `<name>.svg`, `<name>.png`, `<name>.vl.json`. */
  readonly name: string;
  readonly title: string;
  readonly svg: string;
}

export interface PageSummary {
  readonly title: string;
  /** Lines shown under the title (seed, runs, --set, …). */
  readonly facts: readonly string[];
  readonly keys: readonly string[];
  readonly points: readonly SummaryPoint[];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : String(Number(v.toPrecision(4)));
}

const COLUMNS: readonly (readonly [string, string])[] = [
  ['requests', 'requests'],
  ['error_rate', 'error rate'],
  ['throughput_rps', 'throughput rps'],
  ['latency_p50_ms', 'p50 ms'],
  ['latency_p99_ms', 'p99 ms'],
  ['latency_p999_ms', 'p99.9 ms'],
  ['latency_max_ms', 'max ms'],
];

function summaryTable(s: PageSummary): string {
  const head = ['point', ...s.keys, 'runs', ...COLUMNS.map((c) => c[1])];
  const rows = s.points.map((p) => {
    const cells = [String(p.point), ...s.keys.map((k) => String(p.params[k] ?? '')), String(p.runs)];
    for (const [m] of COLUMNS) {
      const v = fmt(p.values[m]);
      const lo = p.values[`${m}_ci_lo`];
      const hi = p.values[`${m}_ci_hi`];
      cells.push(m !== 'requests' && lo !== null && lo !== undefined && hi !== null && hi !== undefined && p.runs > 1 ? `${v} <small>(${fmt(lo)}–${fmt(hi)})</small>` : v);
    }
    return `<tr>${cells.map((c, i) => (i < 1 + s.keys.length ? `<td>${i === 0 ? c : escapeHtml(c)}</td>` : `<td class="n">${c}</td>`)).join('')}</tr>`;
  });
  return `<table>
<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** The whole page. */
export function indexHtml(title: string, summaries: readonly PageSummary[], charts: readonly PageChart[]): string {
  const sections = summaries.map(
    (s) => `<section>
<h2>${escapeHtml(s.title)}</h2>
${s.facts.length > 0 ? `<p class="facts">${s.facts.map(escapeHtml).join('<br>')}</p>` : ''}
${summaryTable(s)}
<p class="note">Pooled over runs; in brackets the 95 % interval over runs (summary.csv).</p>
</section>`,
  );
  const figures = charts.map(
    (c) => `<figure id="${escapeHtml(c.name)}">
<h2>${escapeHtml(c.title)}</h2>
${c.svg.replace(/^<\?xml[^>]*>\s*/, '')}
<figcaption><a href="${encodeURI(c.name)}.svg">SVG</a> · <a href="${encodeURI(c.name)}.png">PNG</a> · <a href="${encodeURI(c.name)}.vl.json">Vega-Lite spec</a></figcaption>
</figure>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1400px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
small, .note, .facts, figcaption { color: #666; }
figure { margin: 0 0 2em 0; overflow-x: auto; }
svg { max-width: none; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<nav>${charts.map((c) => `<a href="#${escapeHtml(c.name)}">${escapeHtml(c.title)}</a>`).join(' · ')}</nav>
${sections.join('\n')}
${figures.join('\n')}
</body>
</html>
`;
}
