/**
 * `plot` through the real CLI on a real sweep (proxy-modes-at-high-load: 3
 * modes × 3 rates, 2 short runs each), with two scenario events and some
 * errors written into point 0's timeseries.csv (the simulator does not emit
 * events yet). The rendered SVGs are parsed for the marks each chart must hold — one per
 * point, endpoint, series or event as the data says — the PNGs are checked
 * for size (2 × the SVG's) and for coloured pixels, and index.html for
 * inlined charts and no network reference.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';
import { countColor, pngPixels, pngSize } from './helpers/png.js';
import { parseCsv } from '../src/report/compare-input.js';

const scenario = join(root, 'scenarios', 'proxy-modes-at-high-load.yaml');
const args = ['--set', 'duration=2s', '--set', 'warmup=1s', '--runs', '2', '--progress', 'none'];
const tmp = tempDir();
const dir = join(tmp, 'a', 'proxy-modes-at-high-load');
const dirB = join(tmp, 'b', 'proxy-modes-at-high-load');

/** Items drawn by the marks named `name` (Vega writes `<g class="mark-TYPE role-mark NAME_marks">` around them). */
function marks(svg: string, name: string): { type: string; items: string[] } {
  // an empty mark is written as a self-closed <g …/>
  const re = new RegExp(`<g class="mark-(\\w+) role-mark ${name}_marks"[^>]*?(/>|>(.*?)</g>)`, 'gs');
  let type = '';
  const items: string[] = [];
  for (const m of svg.matchAll(re)) {
    type = m[1]!;
    items.push(...((m[3] ?? '').match(/<(path|line|text|circle|rect)\b[^>]*?(\/>|>.*?<\/\1>)/gs) ?? []));
  }
  return { type, items };
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
}

test.before(() => {
  for (const [out, seed] of [['a', '7'], ['b', '8']] as const) {
    const r = cli(['run', scenario, '--out', join(tmp, out), ...args, '--seed', seed]);
    assert.is(r.status, 0, r.stderr);
  }
  const file = join(dir, 'timeseries.csv');
  const t = parseCsv(readFileSync(file, 'utf8'));
  const ev = t.header.indexOf('scenario_events');
  const events: Record<string, string> = { '1': 'kill-pod api', '2': 'node-down node-2;node-up node-2' };
  const start = t.header.indexOf('t_start_s');
  // and errors in point 0's interval [2 s, 3 s): 30 refused and 12 timeouts in every run
  const injected: Record<number, string> = { [t.header.indexOf('errors_refused')]: '30', [t.header.indexOf('errors_timeout')]: '12' };
  const rows = t.rows.map((r) =>
    r.map((c, i) => {
      if (r[1] !== '0') return c;
      if (i === ev && events[r[start]!] !== undefined) return events[r[start]!]!;
      if (r[start] === '2' && injected[i] !== undefined) return injected[i]!;
      return c;
    }),
  );
  writeFileSync(file, [t.header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
});
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('one result dir: failure pictures, spectrum, endpoints and sweep charts with the marks the data implies', () => {
  const r = cli(['plot', dir]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /plots: 12 charts/);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');

  // failure picture of point 0: p50 and p99 lines, 2 events as dashed rules on all 3 panels, labelled once
  const failure = read('failure-0.svg');
  assert.is(marks(failure, 'latency').type, 'line');
  assert.is(marks(failure, 'latency').items.length, 2);
  assert.is(marks(failure, 'throughput').items.length, 2); // throughput and offered
  for (const panel of [0, 1, 2]) assert.is(marks(failure, `events_${panel}`).items.length, 2, `events on panel ${panel}`);
  const labels = marks(failure, 'event_labels_0').items.join('\n');
  assert.match(labels, />kill-pod api</);
  // a label near the right edge is cut there (ellipsis); the SVG keeps its whole text for screen readers
  assert.match(labels, /aria-label="[^"]*text: node-down node-2, node-up node-2"[^>]*>node-down[^<]*</);
  // errors stacked by kind: refused (red) 30 below timeout (purple) 12, heights 30 : 12
  const errs = marks(failure, 'errors').items.map((p) => {
    const m = /d="M([\d.]+),([\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+Z" fill="(#\w+)"/.exec(p)!;
    return { y: Number(m[2]), h: Number(m[4]), fill: m[5] };
  });
  assert.equal(errs.map((e) => e.fill), ['#d62728', '#9467bd']);
  assert.ok(Math.abs(errs[0]!.h / errs[1]!.h - 30 / 12) < 1e-9, `heights ${errs[0]!.h} / ${errs[1]!.h}`);
  assert.ok(Math.abs(errs[1]!.y + errs[1]!.h - errs[0]!.y) < 1e-9, 'timeouts stacked on the refused');
  // point 1 had no events and no errors: no event marks, no error rects
  assert.is(marks(read('failure-1.svg'), 'errors').items.length, 0);
  assert.is(marks(read('failure-1.svg'), 'events_0').items.length, 0);
  assert.ok(existsSync(join(dir, 'failure-8.svg')) && !existsSync(join(dir, 'failure-9.svg')));

  // spectrum: one line per point, on a log x axis labelled in percentiles
  const spectrum = read('spectrum.svg');
  assert.is(marks(spectrum, 'spectrum').items.length, 9);
  for (const l of ['0%', '90%', '99%', '99.9%']) assert.match(spectrum, new RegExp(`>${l.replace('.', '\\.')}</text>`));

  // endpoints: 6 pods × 9 points bars, an even-share tick on each
  const endpoints = read('endpoints.svg');
  assert.is(marks(endpoints, 'share').items.length, 54);
  assert.is(marks(endpoints, 'even_share').items.length, 54);

  // sweep: per metric, one line per rate (3) and one whisker per point (9; 2 runs give an interval)
  const sweep = read('sweep.svg');
  for (const i of [0, 1, 2, 3]) {
    assert.is(marks(sweep, `sweep_value_${i}`).items.length, 3, `sweep lines ${i}`);
    assert.is(marks(sweep, `sweep_interval_${i}`).items.length, 9, `sweep whiskers ${i}`);
  }

  // PNGs: twice the SVG's size, and the red p99 line is there in colour
  for (const name of ['failure-0', 'spectrum', 'endpoints', 'sweep']) {
    const s = svgSize(read(`${name}.svg`));
    assert.equal(pngSize(readFileSync(join(dir, `${name}.png`))), { width: 2 * s.width, height: 2 * s.height }, name);
  }
  assert.ok(countColor(pngPixels(readFileSync(join(dir, 'failure-0.png'))), [0xd6, 0x27, 0x28]) > 500, 'red p99 line in the PNG');

  // the Vega-Lite specs stand alone (data inlined)
  const spec = JSON.parse(read('spectrum.vl.json')) as { data: { values: unknown[] } };
  assert.ok(spec.data.values.length > 9);

  // index.html: every chart inlined, the summary table, nothing fetched from a network
  const html = read('index.html');
  assert.is((html.match(/<svg/g) ?? []).length, 12);
  assert.is((html.match(/<tr>/g) ?? []).length, 10); // header + 9 points
  assert.not.match(html, /<script|<link|@import|url\(|src="/);
  const urls = html.match(/https?:\/\/[^"'\s)]+/g) ?? [];
  assert.ok(urls.every((u) => u.startsWith('http://www.w3.org/')), urls.join(' ')); // SVG namespaces only
});

test('several result dirs: A/B bars with whiskers and a shared spectrum in --out', () => {
  const out = join(tmp, 'ab');
  const r = cli(['plot', dir, dirB, '--out', out]);
  assert.is(r.status, 0, r.stderr);
  const ab = readFileSync(join(out, 'ab.svg'), 'utf8');
  for (const i of [0, 1, 2]) {
    assert.is(marks(ab, `ab_value_${i}`).items.length, 18, `bars ${i}`); // 9 points × 2 dirs
    assert.is(marks(ab, `ab_interval_${i}`).items.length, 18, `whiskers ${i}`);
  }
  assert.match(ab, />a\/proxy-modes-at-high-load</);
  assert.match(ab, />b\/proxy-modes-at-high-load</);
  assert.is(marks(readFileSync(join(out, 'spectrum.svg'), 'utf8'), 'spectrum').items.length, 18);
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  assert.is((html.match(/<svg/g) ?? []).length, 2);
  assert.match(html, /Summary: a\/proxy-modes-at-high-load/);
  // nothing was written into the result dirs themselves
  assert.not.ok(existsSync(join(dirB, 'index.html')));
});

test('plot of something that is not a result dir exits 2', () => {
  const r = cli(['plot', join(tmp, 'nothing')]);
  assert.is(r.status, 2);
  assert.match(r.stderr, /does not exist/);
});

test.run();
