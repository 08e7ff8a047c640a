/**
 * `run --save-baseline NAME` keeps a copy of the finished result dir under
 * results/baselines/NAME/<scenario>/ (relative to the working directory),
 * replacing an older one whole; `compare --baseline NAME <candidate>` finds
 * it by the candidate's scenario name. manifest.json records the --set
 * values, which compare prints as the change.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';

const scenario = join(root, 'scenarios', 'backend-webapp.yaml');
const args = ['--set', 'duration=2s', '--set', 'warmup=1s', '--runs', '6', '--progress', 'none'];

test('save a baseline, replace it, and compare a candidate against it by name', () => {
  const cwd = tempDir();
  try {
    const first = cli(['run', scenario, ...args, '--set', 'traffic[0].arrival.rate=200', '--save-baseline', 'main'], cwd);
    assert.is(first.status, 0, first.stderr);
    const saved = join(cwd, 'results', 'baselines', 'main', 'backend-webapp');
    assert.match(first.stderr, /baseline: results\/baselines\/main\/backend-webapp/);
    assert.equal(readdirSync(saved).sort(), readdirSync(join(cwd, 'results', 'backend-webapp')).sort());
    assert.is(readFileSync(join(saved, 'summary.csv'), 'utf8'), readFileSync(join(cwd, 'results', 'backend-webapp', 'summary.csv'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(saved, 'manifest.json'), 'utf8')) as { set: string[] };
    assert.equal(manifest.set, ['duration=2s', 'warmup=1s', 'traffic[0].arrival.rate=200']);

    // a second save replaces the first whole, leaving no temp or old dirs behind
    const second = cli(['run', scenario, ...args, '--save-baseline', 'main'], cwd);
    assert.is(second.status, 0, second.stderr);
    assert.equal(readdirSync(join(cwd, 'results', 'baselines', 'main')), ['backend-webapp']);
    const m2 = JSON.parse(readFileSync(join(saved, 'manifest.json'), 'utf8')) as { set: string[] };
    assert.equal(m2.set, ['duration=2s', 'warmup=1s']);

    // candidate: ipvs instead of iptables, same seed
    const cand = cli(['run', scenario, ...args, '--set', 'cluster.proxy.mode=ipvs', '--out', 'cand'], cwd);
    assert.is(cand.status, 0, cand.stderr);
    const r = cli(['compare', '--baseline', 'main', 'cand/backend-webapp'], cwd);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /baseline\s+results\/baselines\/main\/backend-webapp/);
    assert.match(r.stdout, /--set: duration=2s warmup=1s → duration=2s warmup=1s cluster\.proxy\.mode=ipvs/);
    assert.match(r.stdout, /spec\.cluster\.proxy\.mode: iptables → ipvs/);
    // an --out root holding one scenario is accepted as the candidate too
    assert.is(cli(['compare', '--baseline', 'main', 'cand'], cwd).status, 0);

    // a missing baseline names what exists; a bad name is refused before anything runs
    const missing = cli(['compare', '--baseline', 'release-1', 'cand/backend-webapp'], cwd);
    assert.is(missing.status, 2);
    assert.match(missing.stderr, /--baseline release-1: expected results\/baselines\/release-1\/backend-webapp\/runs\.csv .*baselines: main/);
    const bad = cli(['run', scenario, ...args, '--save-baseline', '../x'], cwd);
    assert.is(bad.status, 2);
    assert.match(bad.stderr, /expected a name of letters, digits/);
    assert.not.ok(existsSync(join(cwd, 'results', 'x')));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test.run();
