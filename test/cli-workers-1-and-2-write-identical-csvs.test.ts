/**
 * The determinism contract across worker counts: a sweep run on one worker
 * thread and on two (tasks finishing in another order) writes the same bytes
 * in every file, wall_s aside.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';
import { assertSameResults } from './helpers/result-files.js';

const scenario = join(root, 'scenarios', 'proxy-modes-at-high-load.yaml');
const args = ['--set', 'duration=2s', '--set', 'warmup=1s', '--runs', '3', '--progress', 'none'];

test('--workers 1 and --workers 2 give byte-identical results for a 9-point sweep', () => {
  const a = tempDir();
  const b = tempDir();
  try {
    const ra = cli(['run', scenario, '--out', a, '--workers', '1', ...args]);
    const rb = cli(['run', scenario, '--out', b, '--workers', '2', ...args]);
    assert.is(ra.status, 0, ra.stderr);
    assert.is(rb.status, 0, rb.stderr);
    const dir = 'proxy-modes-at-high-load';
    const files = assertSameResults(join(a, dir), join(b, dir));
    assert.ok(files.includes('timeseries.csv') && files.includes('endpoints.csv'));
    assert.is(readFileSync(join(a, dir, 'runs.csv'), 'utf8').trim().split('\n').length, 1 + 9 * 3);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test.run();
