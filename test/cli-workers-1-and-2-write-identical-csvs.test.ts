/**
 * The determinism contract across worker counts: a sweep run on one worker
 * thread, on two (tasks finishing in another order), and in the main thread
 * (a job this small, without --workers) writes the same bytes in every file,
 * wall_s aside.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';
import { assertSameResults } from './helpers/result-files.js';

const scenario = join(root, 'scenarios', 'proxy-modes-at-high-load.yaml');
const args = ['--set', 'duration=2s', '--set', 'warmup=1s', '--runs', '3', '--progress', 'none'];

test('--workers 1, --workers 2 and the main thread give byte-identical results for a 9-point sweep', () => {
  const a = tempDir();
  const b = tempDir();
  const c = tempDir();
  try {
    const ra = cli(['run', scenario, '--out', a, '--workers', '1', ...args]);
    const rb = cli(['run', scenario, '--out', b, '--workers', '2', ...args]);
    assert.is(ra.status, 0, ra.stderr);
    assert.is(rb.status, 0, rb.stderr);
    const dir = 'proxy-modes-at-high-load';
    const files = assertSameResults(join(a, dir), join(b, dir));
    assert.ok(files.includes('timeseries.csv') && files.includes('endpoints.csv'));
    // network-programming.csv is always written (header only: this scenario has no events), stale_nodes filled
    assert.ok(files.includes('network-programming.csv'));
    assert.is(readFileSync(join(a, dir, 'network-programming.csv'), 'utf8').split('\n')[0]!.split(',').slice(-8).join(','), 'change,service,endpoint,kind,node,changed_at_s,programmed_at_s,latency_s');
    const ts = readFileSync(join(a, dir, 'timeseries.csv'), 'utf8').split('\n');
    assert.ok(ts[0]!.endsWith(',latency_p99_ms,stale_nodes,scenario_events'), ts[0]);
    assert.ok(ts[1]!.endsWith(',0,'), `no stale node, no event: ${ts[1]}`);
    assert.is(readFileSync(join(a, dir, 'runs.csv'), 'utf8').trim().split('\n').length, 1 + 9 * 3);
    const rc = cli(['run', scenario, '--out', c, ...args]);
    assert.is(rc.status, 0, rc.stderr);
    assertSameResults(join(a, dir), join(c, dir));
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
    rmSync(c, { recursive: true, force: true });
  }
});

test.run();
