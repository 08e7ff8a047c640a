/**
 * Thresholds are checked per point on the pooled summary: one that fails
 * makes `run` exit 1 — after writing the results, so CI can show them — and
 * the table on stderr says which point and metric failed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';

const seed = join(root, 'scenarios', 'backend-webapp.yaml');
const short = ['--runs', '2', '--set', 'duration=10s', '--progress', 'none'];

test('a p99 budget the seed example cannot meet exits 1 and still writes the results', () => {
  const out = tempDir();
  try {
    const r = cli(['run', seed, '--out', out, ...short, '--set', 'thresholds.latency_p99_ms="< 5"']);
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stderr, /FAIL point 0: latency_p99_ms < 5 \(actual [\d.]+\)/);
    assert.match(r.stderr, /ok {3}point 0: error_rate < 0\.001/);
    assert.ok(existsSync(join(out, 'backend-webapp', 'summary.csv')));
    // the verdict matches the file: the pooled p99 in summary.csv is over 5 ms
    const [head, row] = readFileSync(join(out, 'backend-webapp', 'summary.csv'), 'utf8').trim().split('\n');
    const p99 = Number(row!.split(',')[head!.split(',').indexOf('latency_p99_ms')]);
    assert.ok(p99 > 5, `p99 ${p99}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a threshold may name a statistic over runs: the upper end of the 95 % interval', () => {
  const out = tempDir();
  try {
    const r = cli(['run', seed, '--out', out, ...short, '--set', 'thresholds={latency_p99_ms_ci_hi: "< 5", error_rate_mean: "<= 0"}']);
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stderr, /FAIL point 0: latency_p99_ms_ci_hi < 5/);
    assert.match(r.stderr, /ok {3}point 0: error_rate_mean <= 0/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the same run with budgets it meets exits 0', () => {
  const out = tempDir();
  try {
    const r = cli(['run', seed, '--out', out, ...short]);
    assert.is(r.status, 0, r.stderr);
    assert.not.match(r.stderr, /FAIL/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
