/**
 * The test command: runs every compiled test file (dist/test/*.test.js) in
 * its own Node process, two at a time (the CI machine has two cores), and
 * ends with the plain line CI tooling reads: `N passed, N failed`.
 * A file that crashes before uvu prints its totals counts as one failure.
 * `node dist/test/run.js <substring>` runs only the files whose name contains it.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.js') && f.includes(filter))
  .sort();

interface Outcome {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  ms: number;
  output: string;
}

function runFile(file: string): Promise<Outcome> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, file)], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => {
      // eslint-disable-next-line no-control-regex
      const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
      const num = (label: string) => {
        const m = new RegExp(`${label}:\\s+(\\d+)`).exec(plain);
        return m === null ? null : Number(m[1]);
      };
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped') ?? 0;
      let failed: number;
      let ok: number;
      if (total === null || passed === null) {
        ok = 0;
        failed = 1;
      } else {
        ok = passed;
        failed = total - passed - skipped;
        if (code !== 0 && failed === 0) failed = 1;
      }
      resolve({ file, passed: ok, failed, skipped, ms: Date.now() - t0, output: plain });
    });
  });
}

async function main(): Promise<void> {
  const queue = [...files];
  const outcomes: Outcome[] = [];
  const lanes = Math.max(1, Math.min(2, availableParallelism()));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
        const o = await runFile(f);
        outcomes.push(o);
        const mark = o.failed > 0 ? 'FAIL' : 'ok  ';
        process.stdout.write(`${mark} ${o.file.replace(/\.test\.js$/, '')}  (${o.passed} passed, ${o.failed} failed, ${(o.ms / 1000).toFixed(1)} s)\n`);
        if (o.failed > 0) process.stdout.write(o.output.split('\n').map((l) => `     | ${l}`).join('\n') + '\n');
      }
    }),
  );
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  const skipped = outcomes.reduce((n, o) => n + o.skipped, 0);
  if (files.length === 0) process.stdout.write('no test files found\n');
  process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
}

void main();
