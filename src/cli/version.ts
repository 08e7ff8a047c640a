/** Tool version (package.json) and the git commit of the checkout, when there is one. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * The tool's root: the nearest folder above this module holding our
 * package.json — dist/src/cli/ when run from the compiled tree, dist/ when
 * run from the bundle.
 */
const root = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'clusterip-sim') return dir;
    } catch {
      // not here; look one folder up
    }
    dir = dirname(dir);
  }
  return dir;
})();

export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The commit checked out at the tool's root, read from .git directly (HEAD,
 * then the loose ref or packed-refs) — no `git` process, which would cost a
 * few ms of every run; null outside a git checkout.
 */
export function gitCommit(): string | null {
  try {
    const gitDir = join(root, '.git');
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1];
    if (ref === undefined) return null;
    try {
      return readFileSync(join(gitDir, ref), 'utf8').trim();
    } catch {
      const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
      for (const line of packed.split('\n')) {
        const [sha, name] = line.split(' ');
        if (name === ref && sha !== undefined && /^[0-9a-f]{40}$/.test(sha)) return sha;
      }
      return null;
    }
  } catch {
    return null;
  }
}
