/**
 * The determinism contract through the real CLI: the same scenario and seed
 * give byte-identical CSVs (wall_s aside), and a different seed does not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';

const scenario = join(root, 'scenarios', 'proxy-modes-at-high-load.yaml');
const args = ['--set', 'duration=3s', '--set', 'warmup=1s', '--runs', '2', '--progress', 'none'];

function dropWall(csv: string): string {
  const lines = csv.split('\n');
  const col = lines[0]!.split(',').indexOf('wall_s');
  return lines.map((l) => (col < 0 || l === '' ? l : l.split(',').filter((_, i) => i !== col).join(','))).join('\n');
}

test('two runs with the same seed write byte-identical CSVs and manifest', () => {
  const a = tempDir();
  const b = tempDir();
  try {
    const ra = cli(['run', scenario, '--out', a, ...args]);
    const rb = cli(['run', scenario, '--out', b, ...args]);
    assert.is(ra.status, 0, ra.stderr);
    assert.is(rb.status, 0, rb.stderr);
    const dir = 'proxy-modes-at-high-load';
    const files = readdirSync(join(a, dir)).sort();
    assert.equal(files, ['endpoints.csv', 'histograms.csv', 'manifest.json', 'network-programming.csv', 'runs.csv', 'spectrum.csv', 'summary.csv', 'timeseries.csv', 'traffic.csv']);
    for (const f of files) {
      const x = readFileSync(join(a, dir, f), 'utf8');
      const y = readFileSync(join(b, dir, f), 'utf8');
      if (f === 'runs.csv') assert.is(dropWall(x), dropWall(y));
      else assert.is(x, y, `${f} differs`);
    }
    // 9 points × 2 runs, and every planned request ended exactly once
    const rows = readFileSync(join(a, dir, 'runs.csv'), 'utf8').trim().split('\n');
    const head = rows[0]!.split(',');
    assert.is(rows.length, 1 + 18);
    for (const r of rows.slice(1)) {
      const v = r.split(',');
      const get = (c: string) => Number(v[head.indexOf(c)]);
      const errs = ['refused', 'reset', 'timeout', 'dropped', 'rejected'].reduce((n, k) => n + get(`errors_${k}`), 0);
      assert.is(get('completed') + errs, get('requests'));
      assert.is(get('errors'), errs);
    }
    // a different seed changes the numbers
    const c = tempDir();
    const rc = cli(['run', scenario, '--out', c, ...args, '--seed', '8']);
    assert.is(rc.status, 0, rc.stderr);
    assert.is.not(dropWall(readFileSync(join(c, dir, 'runs.csv'), 'utf8')), dropWall(readFileSync(join(a, dir, 'runs.csv'), 'utf8')));
    rmSync(c, { recursive: true, force: true });
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('switching the proxy mode keeps the arrival stream: the same requests are planned (common random numbers)', () => {
  const a = tempDir();
  try {
    const r = cli(['run', scenario, '--out', a, ...args]);
    assert.is(r.status, 0, r.stderr);
    const rows = readFileSync(join(a, 'proxy-modes-at-high-load', 'runs.csv'), 'utf8').trim().split('\n');
    const head = rows[0]!.split(',');
    const req = (i: number) => rows[i]!.split(',')[head.indexOf('requests')];
    const rate = (i: number) => rows[i]!.split(',')[head.indexOf('param_traffic[0].arrival.rate')];
    // points are (mode, rate) with mode slowest: point p and p+3 differ only in mode
    for (let p = 0; p < 3; p++) {
      for (let run = 0; run < 2; run++) {
        const i = 1 + p * 2 + run;
        const j = 1 + (p + 3) * 2 + run;
        assert.is(rate(i), rate(j));
        assert.is(req(i), req(j));
      }
    }
  } finally {
    rmSync(a, { recursive: true, force: true });
  }
});

test.run();
void writeFileSync;
