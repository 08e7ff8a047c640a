/**
 * A result directory written by a version with other columns (here: a
 * timeseries.csv before stale_nodes, and no network-programming.csv) cannot
 * have its rows copied into this version's files: `--resume` says so and
 * runs the scenario in full — the same bytes as a fresh run — and `merge`
 * refuses such a shard (exit 2, nothing written).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';
import { assertSameResults } from './helpers/result-files.js';

const scenario = join(root, 'scenarios', 'backend-webapp.yaml');
const args = ['--runs', '2', '--set', 'duration=1s', '--set', 'warmup=0s', '--progress', 'none'];
const name = 'backend-webapp';

/** Make `dir` look like the output of the version before stale_nodes and network-programming.csv. */
function downgrade(dir: string): void {
  const file = join(dir, 'timeseries.csv');
  const lines = readFileSync(file, 'utf8').split('\n');
  const col = lines[0]!.split(',').indexOf('stale_nodes');
  assert.ok(col > 0);
  // no quoted cells in this scenario's rows (no events), so splitting on commas is safe
  writeFileSync(file, lines.map((l) => (l === '' ? l : l.split(',').filter((_, i) => i !== col).join(','))).join('\n'));
  rmSync(join(dir, 'network-programming.csv'));
}

test('--resume over an older version\'s files runs in full and writes what a fresh run writes', () => {
  const t = tempDir();
  try {
    const fresh = cli(['run', scenario, '--out', join(t, 'fresh'), ...args]);
    assert.is(fresh.status, 0, fresh.stderr);
    const old = cli(['run', scenario, '--out', join(t, 'old'), ...args]);
    assert.is(old.status, 0, old.stderr);
    downgrade(join(t, 'old', name));
    const resumed = cli(['run', scenario, '--out', join(t, 'old'), ...args, '--resume']);
    assert.is(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, /timeseries\.csv, network-programming\.csv missing or with other columns .*running backend-webapp in full/);
    assertSameResults(join(t, 'fresh', name), join(t, 'old', name));
  } finally {
    rmSync(t, { recursive: true, force: true });
  }
});

test('merge refuses a shard written by another version', () => {
  const t = tempDir();
  try {
    for (const i of [1, 2]) {
      const r = cli(['run', scenario, '--out', join(t, `s${i}`), '--shard', `${i}/2`, ...args]);
      assert.is(r.status, 0, r.stderr);
    }
    downgrade(join(t, 's2', name));
    const m = cli(['merge', join(t, 's1'), join(t, 's2'), '--out', join(t, 'merged')]);
    assert.is(m.status, 2, m.stderr);
    assert.match(m.stderr, /s2[/\\]backend-webapp: expected the result files this version writes, got timeseries\.csv, network-programming\.csv missing or with other columns/);
    assert.not.ok(existsSync(join(t, 'merged', name)));
  } finally {
    rmSync(t, { recursive: true, force: true });
  }
});

test.run();
