/**
 * `npm run bench`: the microbenchmarks (routing core, engine, histogram), the
 * whole-simulator throughput, then every scenario directly under scenarios/
 * through the real CLI (results under results/). Writes
 * results/bench-core.csv and prints a table with each target's verdict.
 * `--large` (npm run bench:large) runs scenarios/large/ instead of scenarios/.
 * `--only parallel|simulate` runs that suite alone (and no scenarios).
 * Ratios compare against a baseline measured in the same run, because the
 * machines are noisy; absolute numbers are for the README's record.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { parseCsv } from '../src/report/result-dir.js';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import type { BenchRow } from './types.js';
import { engineBench } from './engine.js';
import { routingBench } from './routing.js';
import { histogramBench } from './histogram.js';
import { simulateBench } from './simulate.js';
import { maglevBench } from './maglev.js';
import { parallelBench } from './parallel.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const large = process.argv.includes('--large');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

const parse = (line: string): string[] => parseCsv(`${line}\n`)[0]!;

function fmt(n: number | null, digits = 3): string {
  if (n === null || !Number.isFinite(n)) return '';
  return n >= 1000 ? Math.round(n).toString() : Number(n.toPrecision(digits)).toString();
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  if (only !== undefined) {
    // one suite alone: its rows replace that suite's rows in results/bench-core.csv
    if (only === 'parallel') rows.push(...parallelBench());
    else if (only === 'simulate') rows.push(...simulateBench());
    else throw new Error(`--only: expected parallel or simulate, got ${only}`);
  } else if (!large) {
    process.stderr.write('routing core …\n');
    rows.push(...(await routingBench()));
    process.stderr.write('engine …\n');
    rows.push(...(await engineBench()));
    process.stderr.write('histogram …\n');
    rows.push(...(await histogramBench()));
    process.stderr.write('maglev …\n');
    rows.push(...(await maglevBench()));
    process.stderr.write('simulator …\n');
    rows.push(...simulateBench());
    process.stderr.write('worker pool: 10 runs with --workers 1, then 2 …\n');
    rows.push(...parallelBench());
  }

  // every scenario under scenarios/ (or scenarios/large/) through the CLI
  const dir = join(root, 'scenarios', ...(large ? ['large'] : []));
  const files = only === undefined && existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  const bin = join(root, 'dist', 'clusterip-sim.mjs');
  let failed = 0;
  for (const f of files) {
    process.stderr.write(`scenario ${f} …\n`);
    const t0 = process.hrtime.bigint();
    const preload = new URL('./peak-rss.js', import.meta.url).href;
    const r = spawnSync(process.execPath, ['--import', preload, bin, 'run', join(dir, f), '--out', join(root, 'results'), '--progress', 'none'], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const err = r.stderr.toString();
    const rss = /peak_rss_kb=(\d+)/.exec(err);
    process.stderr.write(err.replace(/\npeak_rss_kb=.*\n/, ''));
    // exit 1 = a threshold failed: the scenario ran and says so in its table
    if (r.status !== 0 && r.status !== 1) failed++;
    const peak = rss === null ? '' : `, peak RSS ${(Number(rss[1]) / 1024).toFixed(0)} MB`;
    rows.push({ suite: 'scenario', name: f, ops_per_s: 1 / s, ns_per_op: s * 1e9, ratio_to_baseline: null, baseline: `exit ${r.status}, ${s.toFixed(2)} s wall${peak}` });
  }

  mkdirSync(join(root, 'results'), { recursive: true });
  const out = join(root, 'results', large ? 'bench-large.csv' : 'bench-core.csv');
  const kept: string[][] = [];
  if (only !== undefined && existsSync(out)) {
    const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    for (const l of lines) if (!l.startsWith(`${only},`)) kept.push(parse(l));
  }
  const csv = stringify(
    [...kept, ...rows.map((r) => [r.suite, r.name, fmt(r.ops_per_s, 4), fmt(r.ns_per_op, 4), fmt(r.ratio_to_baseline), r.baseline])],
    { header: true, columns: ['suite', 'name', 'ops_per_s', 'ns_per_op', 'ratio_to_baseline', 'baseline'] },
  );
  writeFileSync(`${out}.tmp`, csv);
  renameSync(`${out}.tmp`, out);

  const head = ['suite', 'name', 'ops/s', 'ns/op', 'ratio', 'baseline / note'];
  const table = rows.map((r) => [r.suite, r.name, fmt(r.ops_per_s, 4), fmt(r.ns_per_op, 4), fmt(r.ratio_to_baseline), r.baseline]);
  const w = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i >= 2 && i <= 4 ? x.padStart(w[i]!) : x.padEnd(w[i]!))).join('  ');
  process.stdout.write(`${line(head)}\n${table.map(line).join('\n')}\n\nwritten: ${out}\n`);
  if (failed > 0) {
    process.stderr.write(`${failed} scenario run(s) failed\n`);
    process.exitCode = 1;
  }
}

void main();
