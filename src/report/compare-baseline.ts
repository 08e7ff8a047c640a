/**
 * Named baselines: `run --save-baseline NAME` keeps a copy of each finished
 * scenario result dir as `results/baselines/NAME/<scenario>/` (relative to
 * the working directory, where a repository would commit it), and
 * `compare --baseline NAME <candidate>` reads
 * `results/baselines/NAME/<candidate's scenario>/`.
 *
 * The copy is made aside (`.<scenario>.tmp-…` next to the target) and renamed
 * into place; an older baseline of that name is renamed away first and
 * removed after, so a failed copy leaves the previous baseline as it was.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { InputProblems } from './compare-input.js';

export const BASELINES_DIR = path.join('results', 'baselines');

/** A baseline name is one plain path component: letters, digits, `.`, `_`, `-`, not starting with `.`. */
export function checkBaselineName(name: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    return `--save-baseline/--baseline: expected a name of letters, digits, '.', '_' or '-' (not starting with '.'; ≤ 100 characters), got ${JSON.stringify(name)}`;
  }
  return null;
}

let sequence = 0;

/** Copy `resultDir` (a finished `DIR/<scenario>/`) to `root/NAME/<scenario>/`, aside then renamed. Returns the target. */
export function saveBaseline(resultDir: string, name: string, root: string = BASELINES_DIR): string {
  const problem = checkBaselineName(name);
  if (problem !== null) throw new InputProblems([problem]);
  const scenario = path.basename(resultDir);
  const parent = path.join(root, name);
  mkdirSync(parent, { recursive: true });
  const target = path.join(parent, scenario);
  const tmp = path.join(parent, `.${scenario}.tmp-${process.pid}-${++sequence}`);
  const old = path.join(parent, `.${scenario}.old-${process.pid}-${sequence}`);
  try {
    cpSync(resultDir, tmp, { recursive: true, errorOnExist: true, force: false });
    let aside = false;
    if (existsSync(target)) {
      renameSync(target, old);
      aside = true;
    }
    try {
      renameSync(tmp, target);
    } catch (e) {
      if (aside) renameSync(old, target);
      throw e;
    }
    if (aside) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return target;
}

/** `root/NAME/<scenario>/`, or an InputProblems naming the baselines that exist. */
export function baselineDir(name: string, scenario: string, root: string = BASELINES_DIR): string {
  const problem = checkBaselineName(name);
  if (problem !== null) throw new InputProblems([problem]);
  const dir = path.join(root, name, scenario);
  if (existsSync(path.join(dir, 'runs.csv'))) return dir;
  const list = (d: string) => {
    try {
      return readdirSync(d, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
  };
  const names = list(root);
  const hint = names.includes(name)
    ? `baseline ${name} holds ${list(path.join(root, name)).join(', ') || 'nothing'}`
    : names.length > 0
      ? `baselines: ${names.join(', ')}`
      : `no baselines under ${root}; make one with: clusterip-sim run <scenario> --save-baseline ${name}`;
  throw new InputProblems([`--baseline ${name}: expected ${dir}/runs.csv for scenario ${scenario}, got none (${hint})`]);
}
