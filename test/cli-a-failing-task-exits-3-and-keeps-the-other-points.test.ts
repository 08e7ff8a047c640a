/**
 * A task that throws inside a worker thread is reported in one line with its
 * point and run (no stack trace without --debug); its point is not written,
 * every other point is, and the exit code is 3. (The failure is injected in
 * the worker by CLUSTERIP_SIM_TEST_FAIL_TASK=point/run.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bin, root, tempDir } from './helpers/cli.js';

const scenario = join(root, 'scenarios', 'proxy-modes-at-high-load.yaml');

function run(out: string, extra: string[] = []) {
  return spawnSync(
    process.execPath,
    [bin, 'run', scenario, '--out', out, '--set', 'duration=1s', '--set', 'warmup=0s', '--runs', '2', '--workers', '2', '--progress', 'none', ...extra],
    { encoding: 'utf8', env: { ...process.env, CLUSTERIP_SIM_TEST_FAIL_TASK: '4/1' } },
  );
}

test('point 4 run 1 throws: exit 3, one line naming them, the other 8 points written', () => {
  const out = tempDir();
  try {
    const r = run(out);
    assert.is(r.status, 3, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => /failed/.test(l));
    assert.is(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /point 4, run 1 failed .*test failure injected/);
    assert.not.match(r.stderr, /\n\s+at /);
    const points = readFileSync(join(out, 'proxy-modes-at-high-load', 'summary.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]);
    assert.equal(points, ['0', '1', '2', '3', '5', '6', '7', '8']);
    // --debug adds the stack
    assert.match(run(join(out, 'debug'), ['--debug']).stderr, /\n\s+at /);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
