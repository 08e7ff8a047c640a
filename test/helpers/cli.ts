/** Run the real CLI (compiled bin) in a child process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The shipped command: the bundle package.json's `bin` names (built by `npm run build`). */
export const bin = join(root, 'dist', 'clusterip-sim.mjs');

export function cli(args: string[], cwd = root): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'clusterip-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
