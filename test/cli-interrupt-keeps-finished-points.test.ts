/**
 * Ctrl-C during `run`: the runs in progress stop (even inside one long run),
 * every point whose runs all finished is written (complete files, renamed
 * into place), the exit code is 130, and `--resume` then runs only what is
 * missing — ending with the same bytes as an uninterrupted run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, cli, root, tempDir } from './helpers/cli.js';
import { assertSameResults } from './helpers/result-files.js';
import { oracleScenario } from './helpers/simulate.js';

const scenario = join(root, 'scenarios', 'proxy-modes-at-high-load.yaml');
const args = ['--set', 'duration=40s', '--progress', 'plain', '--workers', '2'];

function interruptAfter(argv: string[], when: (stderr: string) => boolean): Promise<{ code: number | null; stderr: string; sent: boolean; afterSignalMs: number }> {
  const child = spawn(process.execPath, [bin, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let sent = false;
  let sentAt = 0;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!sent && when(stderr)) {
      sent = true;
      sentAt = Date.now();
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, sent, afterSignalMs: Date.now() - sentAt })));
}

test('SIGINT mid-sweep exits 130 and keeps the finished points; --resume finishes the same bytes', async () => {
  const out = tempDir();
  const whole = tempDir();
  try {
    // interrupt once a tenth or more of the 45 runs are done
    const r = await interruptAfter(['run', scenario, '--out', out, ...args], (s) => {
      let done = 0;
      for (const x of s.matchAll(/(\d+)\/45 runs/g)) done = Number(x[1]);
      return done >= 5;
    });
    assert.ok(r.sent, 'progress lines were printed');
    assert.is(r.code, 130, r.stderr);
    assert.match(r.stderr, /kept \d+ of 9 point\(s\)/);
    const dir = join(out, 'proxy-modes-at-high-load');
    const summary = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    const points = summary.length - 1;
    assert.ok(points >= 1 && points < 9, `${points} finished points written`);
    // each written point has all of its 5 runs
    const runs = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n');
    assert.is(runs.length - 1, points * 5);
    // nothing half-written beside the result directory
    assert.equal(readdirSync(out), ['proxy-modes-at-high-load']);

    const resumed = cli(['run', scenario, '--out', out, ...args, '--resume', '--progress', 'none']);
    assert.is(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`resume: proxy-modes-at-high-load: ${points} of 9 point\\(s\\) complete`));
    const straight = cli(['run', scenario, '--out', whole, ...args, '--progress', 'none']);
    assert.is(straight.status, 0, straight.stderr);
    assertSameResults(join(whole, 'proxy-modes-at-high-load'), dir);
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(whole, { recursive: true, force: true });
  }
});

test('SIGINT inside one long run stops it at once: exit 130, nothing written', async () => {
  const out = tempDir();
  try {
    // one run of 30 M requests (~10 s of work on an idle core)
    const file = join(out, 'long.yaml');
    writeFileSync(file, oracleScenario({ replicas: 1, rate: 100_000, serviceTime: '{ distribution: exponential, mean: 8us }', runs: 1, duration: '300s', warmup: '0s' }));
    const t0 = Date.now();
    const r = await interruptAfter(['run', file, '--out', join(out, 'res'), '--progress', 'bar'], (s) => s.includes('req/s'));
    assert.ok(r.sent, r.stderr);
    assert.is(r.code, 130, r.stderr);
    // the worker checks the abort flag every 2^16 events (~10 ms); allow for a loaded CI machine
    assert.ok(r.afterSignalMs < 5000, `stopped ${r.afterSignalMs} ms after SIGINT (${Date.now() - t0} ms in all)`);
    assert.match(r.stderr, /nothing was written/);
    assert.equal(readdirSync(out), ['long.yaml']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
