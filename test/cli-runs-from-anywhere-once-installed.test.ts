/**
 * The packed package works outside the repository: `npm pack` holds the
 * bundle the `bin` names, and after `npm install -g` of that tarball the
 * `clusterip-sim` command (and `npx clusterip-sim`) runs from any
 * directory — what the README tells users to do. Installed into a temporary
 * prefix, offline from npm's cache where it can.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, tempDir } from './helpers/cli.js';

const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, shell: process.platform === 'win32' });

test('npm pack ships the bundle; an installed copy validates and runs a scenario from another directory', () => {
  const dir = tempDir('clusterip-pack-');
  try {
    // --ignore-scripts: the bundle is already built (npm test builds first); prepare would rebuild dist/ under the other tests
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root);
    assert.is(pack.status, 0, pack.stderr);
    const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
    assert.ok(files.includes('dist/clusterip-sim.mjs'), files.join(', '));
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const prefix = join(dir, 'prefix');
    const inst = npm(['install', '-g', '--prefix', prefix, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)], dir);
    assert.is(inst.status, 0, inst.stderr);

    const elsewhere = tempDir('clusterip-elsewhere-');
    const bin = join(prefix, 'bin', 'clusterip-sim');
    const v = spawnSync(bin, ['validate', join(root, 'scenarios', 'backend-webapp.yaml')], { cwd: elsewhere, encoding: 'utf8' });
    assert.is(v.status, 0, v.stderr);
    assert.match(v.stderr, /^ok: .*backend-webapp\.yaml: scenario backend-webapp/m);
    const r = spawnSync(bin, ['run', join(root, 'scenarios', 'backend-webapp.yaml'), '--runs', '1', '--set', 'duration=1s', '--out', 'res', '--progress', 'none'], { cwd: elsewhere, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    assert.ok(readdirSync(join(elsewhere, 'res', 'backend-webapp')).includes('summary.csv'));
    // npx finds the globally installed command (here the temporary prefix stands in for npm's global one)
    const x = npm(['exec', '--no', '--', 'clusterip-sim', '--version'], elsewhere, { npm_config_prefix: prefix });
    assert.is(x.status, 0, x.stderr);
    assert.match(x.stdout, /^clusterip-sim \d+\.\d+\.\d+/);
    rmSync(elsewhere, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
