/**
 * Vega-Lite specs of the charts (pure: data in, a JSON spec out, data
 * inlined so that each `.vl.json` file stands alone). Mark names (`name` on
 * a unit) become CSS classes in the rendered SVG (`<g class="mark-rule
 * role-mark events_0_marks">`), which the tests use to find the marks. A
 * name must be unique in the whole spec: Vega-Lite 6 merges the scales of
 * concatenated views whose units share a name (every panel then drew with
 * the last panel's y scale).
 */
import { ERROR_KIND_NAMES, type EndpointRow, type EventMark, type SeriesRow, type SpectrumRow, type SummaryPoint } from './data.js';

export type VlSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** One font, shipped with the tool (npm dejavu-fonts-ttf), so PNG text looks the same on every machine. */
export const FONT = 'DejaVu Sans';
const CONFIG = { font: FONT, background: 'white', view: { stroke: '#dddddd' }, legend: { labelLimit: 400 }, axis: { labelFontSize: 11, titleFontSize: 12 }, title: { fontSize: 14, anchor: 'start' } };
const WIDTH = 640;

/** Error kinds in a fixed order with fixed colours, so that every chart reads the same. */
const ERROR_COLORS = ['#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2'];

function eventLayers(events: readonly EventMark[], withText: boolean, panel: number, domain: readonly [number, number] = [0, 1]): VlSpec[] {
  if (events.length === 0) return [];
  const layers: VlSpec[] = [
    {
      name: `events_${panel}`,
      data: { values: events },
      mark: { type: 'rule', color: '#444444', strokeDash: [4, 3] },
      encoding: { x: { field: 't', type: 'quantitative' } },
    },
  ];
  if (withText) {
    layers.push({
      name: `event_labels_${panel}`,
      // a label stops at the panel's right edge (ellipsis; `room`: pixels from its rule to that edge) instead of running into the legend
      data: { values: events.map((e) => ({ ...e, room: Math.max(24, Math.floor((WIDTH * (domain[1] - e.t)) / Math.max(1e-9, domain[1] - domain[0])) - 6) })) },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: 10, color: '#444444', limit: { expr: 'datum.room' } },
      encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'lane', type: 'quantitative', scale: null }, text: { field: 'text' } },
    });
  }
  return layers;
}

/**
 * The failure picture of one point: latency p50/p99 and throughput over time,
 * errors per interval stacked by kind, the nodes still routing to a gone
 * endpoint (stale_nodes, when any was), the scenario's events as dashed
 * rules (labelled on the top panel). Values are means over the runs.
 */
export function failureSpec(scenario: string, label: string, runs: number, rows: readonly SeriesRow[], events: readonly EventMark[]): VlSpec {
  const t0 = rows.reduce((m, r) => Math.min(m, r.t), Infinity);
  const t1 = rows.reduce((m, r) => Math.max(m, r.t_end), -Infinity);
  const x = { field: 't', type: 'quantitative', title: 'time from t=0 (s)', scale: { nice: false, domain: [t0, t1] } };
  // step lines: each interval's value from its start; the last one held to its end
  const last = rows[rows.length - 1];
  const steps = last === undefined ? rows : [...rows, { ...last, t: last.t_end }];
  // an interval with no response has no percentile: the line breaks there (a null point) instead of
  // holding the last value across it; a value followed by a gap is held to its interval's end
  const latency = (['p50', 'p99'] as const).flatMap((series) =>
    rows.flatMap((r, k): { t: number; series: string; ms: number | null }[] => {
      const v = r[series];
      if (v === null) return [{ t: r.t, series, ms: null }];
      const next = rows[k + 1];
      return next === undefined || next[series] === null ? [{ t: r.t, series, ms: v }, { t: r.t_end, series, ms: v }] : [{ t: r.t, series, ms: v }];
    }),
  );
  const throughput = steps.flatMap((r) => [
    { t: r.t, series: 'throughput', rps: r.throughput },
    { t: r.t, series: 'offered', rps: r.offered },
  ]);
  // zero rows left out: a zero-height bar still draws a hairline
  const errors = rows.flatMap((r) =>
    ERROR_KIND_NAMES.map((k, order) => ({ t: r.t, t_end: r.t_end, kind: k, order, errors: r.errors[k] })).filter((e) => e.errors > 0),
  );
  const maxErrors = rows.reduce((m, r) => Math.max(m, ERROR_KIND_NAMES.reduce((s, k) => s + r.errors[k], 0)), 0);
  // stale_nodes is sampled at each interval's end: drawn as sample-and-hold from there (0 at t=0: the cluster starts synced)
  const stale = rows.some((r) => r.stale !== null && r.stale > 0) ? [{ t: t0, nodes: 0 }, ...rows.map((r) => ({ t: r.t_end, nodes: r.stale ?? 0 }))] : [];
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: `${scenario} — ${label}: the failure picture`, subtitle: `mean over ${runs} run${runs === 1 ? '' : 's'} per interval; dashed lines: scenario events` },
    vconcat: [
      {
        width: WIDTH,
        height: 180,
        layer: [
          {
            name: 'latency',
            data: { values: latency },
            mark: { type: 'line', interpolate: 'step-after' },
            encoding: {
              x,
              y: { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
              color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['p50', 'p99'], range: ['#1f77b4', '#d62728'] } },
            },
          },
          ...eventLayers(events, true, 0, [t0, t1]),
        ],
      },
      {
        width: WIDTH,
        height: 110,
        layer: [
          {
            name: 'throughput',
            data: { values: throughput },
            mark: { type: 'line', interpolate: 'step-after' },
            encoding: {
              x,
              y: { field: 'rps', type: 'quantitative', title: 'requests/s' },
              color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['throughput', 'offered'], range: ['#2ca02c', '#aaaaaa'] } },
              strokeDash: { field: 'series', type: 'nominal', legend: null, scale: { domain: ['throughput', 'offered'], range: [[1, 0], [4, 2]] } },
            },
          },
          ...eventLayers(events, false, 1),
        ],
        resolve: { scale: { color: 'independent' } },
      },
      {
        width: WIDTH,
        height: 110,
        layer: [
          {
            // rects from an explicit stack: a bar with x and x2 would be drawn as a horizontal bar
            name: 'errors',
            data: { values: errors },
            transform: [{ stack: 'errors', groupby: ['t'], sort: [{ field: 'order' }], as: ['y0', 'y1'] }],
            mark: { type: 'rect' },
            encoding: {
              x,
              x2: { field: 't_end' },
              y: { field: 'y0', type: 'quantitative', title: 'errors / interval', scale: { domain: [0, Math.max(1, maxErrors)] }, axis: { format: ',~r' } },
              y2: { field: 'y1' },
              color: { field: 'kind', type: 'nominal', title: 'error kind', scale: { domain: [...ERROR_KIND_NAMES], range: ERROR_COLORS } },
            },
          },
          ...eventLayers(events, false, 2),
        ],
      },
      ...(stale.length === 0
        ? []
        : [
            {
              width: WIDTH,
              height: 80,
              layer: [
                {
                  name: 'stale',
                  data: { values: stale },
                  mark: { type: 'line', interpolate: 'step-after', color: '#8c564b' },
                  encoding: { x, y: { field: 'nodes', type: 'quantitative', title: 'stale nodes', axis: { format: ',~r' } } },
                },
                ...eventLayers(events, false, 3),
              ],
            },
          ]),
    ],
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  };
}

/**
 * The percentile spectrum as HdrHistogram's plotter draws it: latency
 * against 1/(1 − p) on a log axis labelled in percentiles, one line per
 * point (or per result dir and point).
 */
export function spectrumSpec(title: string, rows: readonly SpectrumRow[]): VlSpec {
  const maxInv = rows.reduce((m, r) => Math.max(m, r.inverse), 1);
  const ticks: number[] = [];
  for (let v = 1; v <= maxInv * 10 && ticks.length < 8; v *= 10) ticks.push(v);
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: title, subtitle: 'latency by percentile (HdrHistogram percentile spectrum, merged over runs)' },
    width: WIDTH,
    height: 320,
    data: { values: rows },
    layer: [
      {
        name: 'spectrum',
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: {
            field: 'inverse',
            type: 'quantitative',
            title: 'percentile',
            scale: { type: 'log', domain: [1, ticks[ticks.length - 1]!] },
            axis: { values: ticks, labelExpr: "datum.value <= 1 ? '0%' : format(100 - 100 / datum.value, '.6~r') + '%'", grid: true },
          },
          y: { field: 'latency_ms', type: 'quantitative', title: 'latency (ms)' },
          color: { field: 'label', type: 'nominal', title: null, sort: null },
        },
      },
    ],
  };
}

/**
 * Per endpoint: its share of its Service port's requests (bars; a tick marks
 * the even share 1/N) and its errors, means over runs, one colour per point.
 */
export function endpointsSpec(scenario: string, rows: readonly EndpointRow[]): VlSpec {
  const services = new Set(rows.map((r) => r.service));
  const perService = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = perService.get(r.service) ?? new Set();
    s.add(r.endpoint);
    perService.set(r.service, s);
  }
  const values = rows.map((r) => ({
    ...r,
    name: `${services.size > 1 ? `${r.service} ` : ''}${r.endpoint}${r.node !== '' ? ` (${r.node})` : ''}`,
    even: 1 / perService.get(r.service)!.size,
  }));
  const names = [...new Set(values.map((v) => v.name))];
  const points = new Set(rows.map((r) => r.label));
  const many = names.length > 40;
  const x = {
    field: 'name',
    type: 'nominal',
    sort: names,
    title: many ? `endpoints (${names.length})` : services.size > 1 ? 'Service port, endpoint' : `endpoint of ${[...services][0] ?? ''}`,
    axis: many ? { labels: false, ticks: false } : { labelAngle: -30, labelLimit: 400 },
  };
  const color = { field: 'label', type: 'nominal', title: null, sort: null };
  const offset = points.size > 1 ? { xOffset: { field: 'label', type: 'nominal', sort: null } } : {};
  const width = Math.max(WIDTH, Math.min(4000, names.length * Math.max(1, points.size) * 8));
  const maxErrors = rows.reduce((m, r) => Math.max(m, r.errors), 0);
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: `${scenario}: load per endpoint`, subtitle: 'share of its Service port’s requests (tick: even share 1/N) and errors; means over runs' },
    data: { values },
    vconcat: [
      {
        width,
        height: 200,
        layer: [
          { name: 'share', mark: { type: 'bar' }, encoding: { x, y: { field: 'share', type: 'quantitative', title: 'share of requests', axis: { format: '%' } }, color, ...offset } },
          { name: 'even_share', mark: { type: 'tick', color: 'black', thickness: 2 }, encoding: { x, y: { field: 'even', type: 'quantitative' } } },
        ],
      },
      {
        width,
        height: 110,
        layer: [{ name: 'endpoint_errors', mark: { type: 'bar', color: '#d62728' }, encoding: { x, y: { field: 'errors', type: 'quantitative', title: 'errors per run', scale: { domain: [0, Math.max(1, maxErrors)] }, axis: { format: ',~r' } }, color, ...offset } }],
      },
    ],
  };
}

/** A y scale that still draws an axis when every value is 0 (Vega's ticks of a [0, 0] domain print `0.000000`). */
function yScale(values: readonly { v: number | null; hi?: number | null }[], zero: boolean): VlSpec {
  const max = values.reduce((m, r) => Math.max(m, r.v ?? 0, r.hi ?? 0), 0);
  const min = values.reduce((m, r) => Math.min(m, r.v ?? 0), 0);
  if (max === 0 && min === 0) return { domain: [0, 1] };
  return zero ? {} : { zero: false };
}

/** The metrics drawn in sweep and A/B charts, with their titles. */
export const CHART_METRICS: readonly (readonly [string, string])[] = [
  ['latency_p99_ms', 'p99 latency (ms)'],
  ['latency_p50_ms', 'p50 latency (ms)'],
  ['throughput_rps', 'throughput (requests/s)'],
  ['error_rate', 'error rate'],
];

/**
 * A sweep: each metric against the first swept parameter, one line per
 * combination of the others, whiskers from summary.csv's 95 % interval
 * (`_ci_lo` … `_ci_hi`; none with one run).
 */
export function sweepSpec(scenario: string, keys: readonly string[], points: readonly SummaryPoint[]): VlSpec {
  const xKey = keys[0]!;
  const rest = keys.slice(1);
  const numeric = points.every((p) => typeof p.params[xKey] === 'number');
  const values = points.flatMap((p) =>
    CHART_METRICS.map(([m]) => ({
      metric: m,
      x: p.params[xKey],
      series: rest.length > 0 ? rest.map((k) => `${k.split('.').pop()}=${p.params[k]}`).join(' ') : scenario,
      v: p.values[m] ?? null,
      lo: p.values[`${m}_ci_lo`] ?? null,
      hi: p.values[`${m}_ci_hi`] ?? null,
    })),
  );
  const order = [...new Set(points.map((p) => p.params[xKey]))];
  const x = numeric ? { field: 'x', type: 'quantitative', title: xKey, scale: { zero: false } } : { field: 'x', type: 'ordinal', title: xKey, sort: order };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: `${scenario}: metrics across the sweep`, subtitle: 'pooled value; whiskers: 95 % interval over runs (summary.csv)' },
    columns: 2,
    concat: CHART_METRICS.map(([m, title], i) => ({
      width: 300,
      height: 200,
      data: { values: values.filter((v) => v.metric === m) },
      layer: [
        {
          name: `sweep_value_${i}`,
          mark: { type: 'line', point: true },
          encoding: { x, y: { field: 'v', type: 'quantitative', title, scale: yScale(values.filter((v) => v.metric === m), false) }, color: { field: 'series', type: 'nominal', title: null, sort: null } },
        },
        {
          name: `sweep_interval_${i}`,
          transform: [{ filter: 'datum.lo != null && datum.hi != null' }],
          mark: { type: 'rule' },
          encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: { field: 'series', type: 'nominal', sort: null } },
        },
      ],
    })),
  };
}

export interface AbRow {
  readonly dir: string;
  readonly point: string;
  readonly metric: string;
  readonly v: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** A/B: for each metric, one bar per result dir (grouped by point) with its 95 % interval. */
export function abSpec(rows: readonly AbRow[]): VlSpec {
  const dirs = [...new Set(rows.map((r) => r.dir))];
  const points = [...new Set(rows.map((r) => r.point))];
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: `A/B: ${dirs.join(' vs ')}`, subtitle: 'pooled value per point; whiskers: 95 % interval over runs (summary.csv)' },
    columns: 2,
    concat: CHART_METRICS.map(([m, title], i) => ({
      width: Math.max(260, points.length * dirs.length * 22),
      height: 200,
      data: { values: rows.filter((r) => r.metric === m) },
      encoding: {
        x: { field: 'point', type: 'nominal', title: null, sort: points, axis: { labelAngle: -30, labelLimit: 200 } },
        xOffset: { field: 'dir', type: 'nominal', sort: dirs },
      },
      layer: [
        { name: `ab_value_${i}`, mark: { type: 'bar' }, encoding: { y: { field: 'v', type: 'quantitative', title, scale: yScale(rows.filter((r) => r.metric === m), true) }, color: { field: 'dir', type: 'nominal', title: null, sort: dirs } } },
        {
          name: `ab_interval_${i}`,
          transform: [{ filter: 'datum.lo != null && datum.hi != null' }],
          mark: { type: 'rule', color: 'black' },
          encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
        },
      ],
    })),
  };
}
