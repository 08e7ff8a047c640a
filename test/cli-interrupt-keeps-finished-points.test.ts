/**
 * Ctrl-C during `run`: the current run finishes, every point whose runs all
 * finished is written (complete files, renamed into place), and the exit
 * code is 130.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bin, root, tempDir } from './helpers/cli.js';

test('SIGINT mid-sweep exits 130 and keeps the finished points', async () => {
  const out = tempDir();
  try {
    const child = spawn(
      process.execPath,
      [bin, 'run', join(root, 'scenarios', 'proxy-modes-at-high-load.yaml'), '--out', out, '--set', 'duration=40s', '--progress', 'plain'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // interrupt once a tenth or more of the 45 runs are done
      const m = /(\d+)\/45 runs/g;
      let done = 0;
      for (let x = m.exec(stderr); x !== null; x = m.exec(stderr)) done = Number(x[1]);
      if (!sent && done >= 5) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.ok(sent, 'progress lines were printed');
    assert.is(code, 130, stderr);
    const summary = readFileSync(join(out, 'proxy-modes-at-high-load', 'summary.csv'), 'utf8').trim().split('\n');
    const points = summary.length - 1;
    assert.ok(points >= 1 && points < 9, `${points} finished points written`);
    // each written point has all of its 5 runs
    const runs = readFileSync(join(out, 'proxy-modes-at-high-load', 'runs.csv'), 'utf8').trim().split('\n');
    assert.is(runs.length - 1, points * 5);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
