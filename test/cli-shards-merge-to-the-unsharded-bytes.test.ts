/**
 * `run --shard i/N` runs a deterministic slice of the (point, run) tasks;
 * `merge` of shards 1/3, 2/3, 3/3 writes exactly the files of the unsharded
 * run (wall_s aside) — summary.csv and spectrum.csv rebuilt from runs.csv and
 * histograms.csv. A missing shard is refused (exit 2). merge checks the
 * Scenario's thresholds on the merged summary, as the unsharded run does.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';
import { assertSameResults } from './helpers/result-files.js';

const scenario = join(root, 'scenarios', 'proxy-modes-at-high-load.yaml');
// 9 points × 2 runs = 18 tasks: the shards of 6 cut points in the middle
const args = ['--set', 'duration=2s', '--set', 'warmup=1s', '--runs', '2', '--progress', 'none'];
const dir = 'proxy-modes-at-high-load';

test('shards 1/3, 2/3, 3/3 merged equal the unsharded run; a missing shard is refused', () => {
  const t = tempDir();
  try {
    const whole = cli(['run', scenario, '--out', join(t, 'whole'), ...args]);
    assert.is(whole.status, 0, whole.stderr);
    for (const i of [1, 2, 3]) {
      const r = cli(['run', scenario, '--out', join(t, `s${i}`), '--shard', `${i}/3`, '--workers', '1', ...args]);
      assert.is(r.status, 0, r.stderr);
      // a shard holds its slice only: 6 of the 18 (point, run) tasks
      assert.is(readFileSync(join(t, `s${i}`, dir, 'runs.csv'), 'utf8').trim().split('\n').length, 1 + 6);
    }
    const m = cli(['merge', join(t, 's3'), join(t, 's1'), join(t, 's2'), '--out', join(t, 'merged')]);
    assert.is(m.status, 0, m.stderr);
    assertSameResults(join(t, 'whole', dir), join(t, 'merged', dir));

    const missing = cli(['merge', join(t, 's1'), join(t, 's3'), '--out', join(t, 'partial')]);
    assert.is(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /missing 2\/3/);
    assert.not.ok(existsSync(join(t, 'partial', dir)));
  } finally {
    rmSync(t, { recursive: true, force: true });
  }
});

test("merge checks the scenario's thresholds on the merged summary: exit 1 when one fails", () => {
  const t = tempDir();
  try {
    const seed = join(root, 'scenarios', 'backend-webapp.yaml');
    const common = ['--runs', '2', '--set', 'duration=5s', '--set', 'thresholds.latency_p99_ms=< 1', '--progress', 'none'];
    for (const i of [1, 2]) {
      const r = cli(['run', seed, '--out', join(t, `s${i}`), '--shard', `${i}/2`, ...common]);
      assert.is(r.status, 0, r.stderr); // a shard holds part of a point: no verdict yet
      assert.not.match(r.stderr, /FAIL/);
    }
    const m = cli(['merge', join(t, 's1'), join(t, 's2'), '--out', join(t, 'merged')]);
    assert.is(m.status, 1, m.stderr);
    assert.match(m.stderr, /FAIL point 0: latency_p99_ms < 1 \(actual [\d.]+\)/);
    assert.match(m.stderr, /ok {3}point 0: error_rate < 0\.001/);
  } finally {
    rmSync(t, { recursive: true, force: true });
  }
});

test.run();
