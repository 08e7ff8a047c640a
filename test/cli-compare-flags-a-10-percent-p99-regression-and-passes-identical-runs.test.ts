/**
 * `compare` through the real CLI on real results (the seed scenario, 8 short
 * runs): a candidate whose per-run p99 is the baseline's × 1.10 (injected
 * into a copy of runs.csv) is "regressed" by +10 %, breaks a 5 % budget and
 * exits 1; two runs of the same scenario and seed are `~` on every row and
 * exit 0 under the same budget. Also the markdown and csv formats, and
 * budgets that cannot be read (exit 2).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';
import { parseCsv } from '../src/report/compare-input.js';

const scenario = join(root, 'scenarios', 'backend-webapp.yaml');
const args = ['--set', 'duration=3s', '--set', 'warmup=1s', '--runs', '8', '--progress', 'none'];
const dir = tempDir();
const a = join(dir, 'a', 'backend-webapp');
const b = join(dir, 'b', 'backend-webapp');
const slow = join(dir, 'slow', 'backend-webapp');

test.before(() => {
  for (const out of ['a', 'b']) {
    const r = cli(['run', scenario, '--out', join(dir, out), ...args]);
    assert.is(r.status, 0, r.stderr);
  }
  cpSync(a, slow, { recursive: true });
  const t = parseCsv(readFileSync(join(slow, 'runs.csv'), 'utf8'));
  const i = t.header.indexOf('latency_p99_ms');
  const rows = t.rows.map((r) => r.map((c, k) => (k === i ? String(Number(c) * 1.1) : c)));
  writeFileSync(join(slow, 'runs.csv'), [t.header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

function row(text: string, metric: string): string {
  const line = text.split('\n').find((l) => l.split(/\s+/)[1] === metric);
  assert.ok(line !== undefined, `no row for ${metric} in\n${text}`);
  return line!;
}

test('a 10 % p99 regression is flagged, breaks a 5 % budget and exits 1', () => {
  const r = cli(['compare', a, slow, '--max-regression', 'latency_p99_ms=5%,error_rate=0.1pp']);
  assert.is(r.status, 1, r.stdout + r.stderr);
  const p99 = row(r.stdout, 'latency_p99_ms');
  assert.match(p99, /\+10\.0% \(p=0\.008 n=8\)/); // all 8 pairs worse: 2/2^8
  assert.match(p99, /regressed; budget 5% EXCEEDED/);
  assert.not.match(p99, /~/);
  assert.match(row(r.stdout, 'latency_p50_ms'), /~ \(p=1\.000 n=8\)\s+no change/);
  assert.match(row(r.stdout, 'error_rate'), /budget 0\.1pp ok/);
  assert.match(r.stdout, /paired: same seed 42/);
  assert.match(r.stderr, /budget exceeded: 0 latency_p99_ms changed \+10\.0% \(p=0\.008\), over latency_p99_ms=5%/);
  // a 15 % budget holds
  assert.is(cli(['compare', a, slow, '--max-regression', 'latency_p99_ms=15%']).status, 0);
  // runs.csv paths work as inputs too
  assert.is(cli(['compare', join(a, 'runs.csv'), join(slow, 'runs.csv'), '--max-regression', 'latency_p99_ms=5%']).status, 1);
});

test('two runs of the same scenario and seed are ~ on every row and exit 0', () => {
  const r = cli(['compare', a, b, '--max-regression', 'latency_p99_ms=5%']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  for (const m of ['error_rate', 'throughput_rps', 'latency_mean_ms', 'latency_p50_ms', 'latency_p90_ms', 'latency_p99_ms', 'latency_p999_ms']) {
    assert.match(row(r.stdout, m), /~ \(p=1\.000 n=8\)\s+no change/);
  }
  assert.match(r.stdout, /change\s+none found/);
  assert.is(r.stderr, '');
});

test('markdown has the table and a title; csv has one row per metric with the verdict', () => {
  const md = cli(['compare', a, slow, '--format', 'markdown', '--max-regression', 'latency_p99_ms=5%']);
  assert.is(md.status, 1);
  assert.match(md.stdout, /^### clusterip-sim compare: budget exceeded \(1\)/);
  assert.match(md.stdout, /\| point \| metric \| baseline \| candidate \| delta \| verdict \|/);
  assert.match(md.stdout, /\| 0 \| latency_p99_ms \| .* \| \+10\.0% \(p=0\.008 n=8\) \| \*\*regressed; budget 5% EXCEEDED\*\* \|/);
  const c = cli(['compare', a, slow, '--format', 'csv']);
  assert.is(c.status, 0); // no budget given
  const t = parseCsv(c.stdout);
  assert.is(t.rows.length, 7);
  const p99 = t.rows.find((r) => r[t.header.indexOf('metric')] === 'latency_p99_ms')!;
  assert.is(p99[t.header.indexOf('verdict')], 'regressed');
  assert.is(p99[t.header.indexOf('test')], 'wilcoxon');
  assert.ok(Math.abs(Number(p99[t.header.indexOf('delta_pct')]) - 10) < 1e-9);
});

test('unreadable budgets, formats and inputs exit 2 with a message', () => {
  const cases: [string[], RegExp][] = [
    [['compare', a, b, '--max-regression', 'latency_p99=5%'], /expected a runs\.csv metric/],
    [['compare', a, b, '--max-regression', 'latency_p99_ms=5pp'], /pp is for rates that are fractions/],
    [['compare', a, b, '--max-regression', 'latency_p99_ms'], /expected metric=N% or metric=Npp/],
    [['compare', a, b, '--format', 'html'], /--format: expected one of text, markdown, csv/],
    [['compare', a, b, '--noise', 'lots'], /--noise: expected a percentage/],
    [['compare', a], /expected <baseline> <candidate>/],
    [['compare', a, join(dir, 'missing')], /does not exist/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.not.match(r.stderr, /at .*\.js:\d+/); // no stack trace
  }
});

test.run();
