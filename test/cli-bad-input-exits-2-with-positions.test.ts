/**
 * Bad input through the real CLI: exit 2, every problem on stderr as
 * `file:line:col: path: expected X, got Y`, no stack trace, and nothing
 * written — an earlier result directory survives untouched.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';

const good = readFileSync(join(root, 'scenarios', 'backend-webapp.yaml'), 'utf8');

function noStack(stderr: string): void {
  assert.not.match(stderr, /\n\s+at /, 'no stack trace');
  assert.not.match(stderr, /internal error/);
}

test('a scenario with several mistakes exits 2 and lists each one with its position', () => {
  const dir = tempDir();
  try {
    const bad = good
      .replace('rate: 250', 'rate: -5')
      .replace('duration: 60s', 'duration: soon')
      .replace('mode: iptables', 'mode: ipvsx');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, bad);
    const out = join(dir, 'out');
    const r = cli(['run', file, '--out', out]);
    assert.is(r.status, 2, r.stderr);
    noStack(r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith(file));
    assert.ok(lines.length >= 3, r.stderr);
    const lineOf = (needle: string) => bad.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.match(r.stderr, new RegExp(`${file}:${lineOf('rate: -5')}:\\d+: spec\\.traffic\\[0\\]\\.arrival\\.rate: expected .*got -5`));
    assert.match(r.stderr, new RegExp(`${file}:${lineOf('duration: soon')}:\\d+: spec\\.duration: expected .*got`));
    assert.match(r.stderr, new RegExp(`${file}:${lineOf('mode: ipvsx')}:\\d+: spec\\.cluster\\.proxy\\.mode: expected .*got`));
    assert.not.ok(existsSync(out), 'nothing written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one bad file among good ones stops the whole command before anything is written', () => {
  const dir = tempDir();
  try {
    const out = join(dir, 'out');
    // an earlier result that must survive
    mkdirSync(join(out, 'backend-webapp'), { recursive: true });
    writeFileSync(join(out, 'backend-webapp', 'runs.csv'), 'old\n');
    writeFileSync(join(dir, 'a.yaml'), good.replace('runs: 10 ', 'runs: 1 ').replace('duration: 60s', 'duration: 1s'));
    writeFileSync(join(dir, 'b.yaml'), good.replace('name: backend-webapp\nspec:\n  seed', 'name: other\nspec:\n  seed').replace('target: backend:80', 'target: nosuch:80'));
    const r = cli(['run', dir, '--out', out]);
    assert.is(r.status, 2, r.stderr);
    noStack(r.stderr);
    assert.match(r.stderr, /b\.yaml:\d+:\d+: spec\.traffic\[0\]\.target: expected/);
    assert.is(readFileSync(join(out, 'backend-webapp', 'runs.csv'), 'utf8'), 'old\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage mistakes exit 2 with a message, and unbuilt flags say so', () => {
  for (const args of [[], ['frobnicate'], ['run'], ['run', 'x.yaml', '--runs', 'many'], ['run', 'x.yaml', '--bogus'], ['run', 'scenarios', '--shard', '4/3'], ['run', 'scenarios', '--workers', '0'], ['merge', 'a'], ['compare', 'a', 'b']]) {
    const r = cli(args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    noStack(r.stderr);
    assert.ok(r.stderr.length > 0);
  }
  assert.match(cli(['run', 'scenarios', '--shard', '0/2']).stderr, /--shard: expected i\/N/);
  // --out naming a file is refused before anything runs
  const dir = tempDir();
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const out = cli(['run', join(root, 'scenarios', 'backend-webapp.yaml'), '--out', file]);
  assert.is(out.status, 2);
  assert.match(out.stderr, /--out: expected a directory/);
  assert.is(readFileSync(file, 'utf8'), 'x');
  rmSync(dir, { recursive: true, force: true });
  const missing = cli(['run', 'no/such/file.yaml']);
  assert.is(missing.status, 2);
  noStack(missing.stderr);
  assert.match(missing.stderr, /no\/such\/file\.yaml/);
});

test('validate checks without running and accepts --progress on run', () => {
  const r = cli(['validate', join(root, 'scenarios')]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /ok: .*backend-webapp\.yaml/);
});

test.run();
