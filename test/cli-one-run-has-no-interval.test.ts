/**
 * With one run there is no interval over runs: summary.csv leaves every
 * `_ci_lo`/`_ci_hi` cell empty (not a zero-width interval), and a threshold
 * on a `_ci_` column is refused before anything runs (exit 2, with its
 * position), since it could never be checked.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/cli.js';
import { oracleScenario } from './helpers/simulate.js';

const base = oracleScenario({ replicas: 1, rate: 100, serviceTime: '{ distribution: exponential, mean: 5ms }', runs: 1, duration: '5s', warmup: '1s' });

test('one run: the interval cells are empty, the pooled and mean cells are not', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'one.yaml');
    writeFileSync(file, base);
    const r = cli(['run', file, '--out', join(dir, 'out'), '--progress', 'none']);
    assert.is(r.status, 0, r.stderr);
    const [head, row] = readFileSync(join(dir, 'out', 'oracle', 'summary.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const cell = (c: string) => row![head!.indexOf(c)];
    for (const c of head!.filter((h) => h.includes('_ci_'))) assert.is(cell(c), '', c);
    assert.ok(Number(cell('latency_p99_ms')) > 0);
    assert.is(cell('latency_p99_ms_mean'), cell('latency_p99_ms'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one run and a threshold on latency_p99_ms_ci_hi: exit 2 at the threshold, nothing written', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'one.yaml');
    writeFileSync(file, `${base}  thresholds:\n    latency_p99_ms_ci_hi: "< 50"\n`);
    const r = cli(['run', file, '--out', join(dir, 'out'), '--progress', 'none']);
    assert.is(r.status, 2, r.stderr);
    const line = base.split('\n').length + 1; // the threshold's line
    assert.match(r.stderr, new RegExp(`one\\.yaml:${line}:\\d+: thresholds\\.latency_p99_ms_ci_hi: expected runs >= 2`));
    assert.not.match(r.stderr, /\n\s+at /);
    assert.not.ok(existsSync(join(dir, 'out', 'oracle')));
    // with --runs 2 the same file runs
    assert.is.not(cli(['run', file, '--out', join(dir, 'out'), '--runs', '2', '--progress', 'none']).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
