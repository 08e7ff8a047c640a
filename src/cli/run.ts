/**
 * `run` and `validate`. Every scenario named is loaded and every point's
 * cluster built before anything runs, so bad input exits 2 with every
 * problem listed and nothing written. Results are written per scenario,
 * aside then renamed (report/).
 */
import { statSync } from 'node:fs';
import { expandScenarioArgs, loadScenarioFile } from '../scenario/index.js';
import type { LoadedScenario } from '../scenario/types.js';
import { buildAll } from '../parallel/task.js';
import { runScenario } from '../parallel/runner.js';
import type { BuiltCluster } from '../cluster/build.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_TASK_FAILED, EXIT_THRESHOLD, UsageError } from './main.js';
import { formatTable } from './table.js';

export interface RunCommandOptions {
  readonly paths: readonly string[];
  readonly out: string;
  readonly overrides: readonly string[];
  /** A warning found before running is an error (exit 2). */
  readonly strict?: boolean;
  readonly progress: 'auto' | 'bar' | 'plain' | 'none';
  readonly runs?: number;
  readonly seed?: number;
}

interface Prepared {
  readonly loaded: LoadedScenario;
  readonly clusters: BuiltCluster[];
}

/** Load and build everything; collect the problems of every file before failing. */
function prepare(paths: readonly string[], opts: { overrides: readonly string[]; strict?: boolean; runs?: number; seed?: number }): Prepared[] {
  const files = expandScenarioArgs([...paths]);
  if (files.length === 0) throw new UsageError(`clusterip-sim: no scenario files (*.yaml, *.yml) in ${paths.join(', ')}`);
  const problems: string[] = [];
  const prepared: Prepared[] = [];
  const names = new Map<string, string>();
  for (const file of files) {
    try {
      const loaded = loadScenarioFile(file, {
        overrides: opts.overrides,
        ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      });
      const other = names.get(loaded.name);
      if (other !== undefined) {
        const at = loaded.namePos ?? { file, line: 1, col: 1 };
        problems.push(`${at.file}:${at.line}:${at.col}: metadata.name: expected a scenario name not used by another file, got ${JSON.stringify(loaded.name)} (also the name in ${other}; both would write the same result directory)`);
        continue;
      }
      names.set(loaded.name, file);
      if (opts.strict === true) problems.push(...loaded.warnings.map((w) => `${w} (a warning; --strict makes it an error)`));
      else for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
      prepared.push({ loaded, clusters: buildAll(loaded.points) });
    } catch (e) {
      const p = (e as { problems?: unknown }).problems;
      if (!Array.isArray(p)) throw e;
      problems.push(...p.map(String));
    }
  }
  if (problems.length > 0) throw Object.assign(new Error(problems.join('\n')), { problems });
  return prepared;
}

/** --out must be a directory or not exist yet: find out before simulating anything. */
function checkOutDir(out: string): void {
  try {
    if (!statSync(out).isDirectory()) throw new UsageError(`--out: expected a directory, got the file ${JSON.stringify(out)}`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as { code?: string }).code !== 'ENOENT') throw new UsageError(`--out: cannot use ${JSON.stringify(out)}: ${(e as Error).message}`);
  }
}

export async function runCommand(opts: RunCommandOptions): Promise<number> {
  checkOutDir(opts.out);
  const prepared = prepare(opts.paths, opts);
  const { ResultsAccumulator, EndpointsAccumulator, TimeseriesAccumulator, evaluateThresholds, ENDPOINTS_CSV, TIMESERIES_CSV } = await import(
    '../report/index.js'
  );
  const { toolVersion, gitCommit } = await import('./version.js');
  const meta = { toolVersion: toolVersion(), gitCommit: gitCommit(), nodeVersion: process.version };

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    process.stderr.write('\ninterrupted: finishing the current run, keeping finished points (Ctrl-C again to abort)\n');
  };
  process.on('SIGINT', onSigint);
  // bar: one line rewritten in place; plain: a line every 10 % (logs, CI); auto: bar on a terminal, else nothing
  const style = opts.progress === 'auto' ? (process.stderr.isTTY === true ? 'bar' : 'none') : opts.progress;

  let failedThresholds = 0;
  let failedTasks = 0;
  try {
    for (const { loaded, clusters } of prepared) {
      let lastDecile = -1;
      const results = new ResultsAccumulator(loaded);
      const endpoints = new EndpointsAccumulator(loaded, clusters);
      const timeseries = new TimeseriesAccumulator(loaded);
      let clamped = 0;
      const outcome = await runScenario(loaded, clusters, {
        onResult: (r) => {
          clamped += r.latency.clamped;
          results.add(r);
          endpoints.add(r);
          timeseries.add(r);
        },
        interrupted: () => interrupted,
        ...(style !== 'none'
          ? {
              onTask: (done: number, total: number) => {
                if (style === 'bar') {
                  const width = 30;
                  const filled = Math.round((done / total) * width);
                  process.stderr.write(`\r${loaded.name} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs`);
                  if (done === total) process.stderr.write('\n');
                } else {
                  const decile = Math.floor((done / total) * 10);
                  if (decile !== lastDecile) {
                    lastDecile = decile;
                    process.stderr.write(`${loaded.name}: ${done}/${total} runs\n`);
                  }
                }
              },
            }
          : {}),
      });
      if (clamped > 0) {
        process.stderr.write(
          `warning: ${loaded.name}: ${clamped} latenc${clamped === 1 ? 'y' : 'ies'} outside the histogram's range (0 … 2^43 ns ≈ 2.44 h) ` +
            'were recorded at its edge: latency_max_ms and the percentiles that reach it are bounds, not values\n',
        );
      }
      for (const f of outcome.failures) {
        process.stderr.write(`${loaded.name}: point ${f.point}, run ${f.run} failed (the point is not written): ${f.message}\n`);
      }
      failedTasks += outcome.failures.length;
      const only = outcome.finishedPoints;
      if (only.size === 0) {
        if (outcome.interrupted) break;
        continue;
      }
      const keep: LoadedScenario = { ...loaded, points: loaded.points.filter((p) => only.has(p.index)) };
      const { dir, summary } = await results.write(opts.out, meta, {
        only,
        extraFiles: { [ENDPOINTS_CSV]: endpoints.csv(only), [TIMESERIES_CSV]: timeseries.csv(only) },
      });
      const checks = evaluateThresholds(keep, summary);
      failedThresholds += checks.filter((c) => !c.ok).length;
      process.stderr.write(`${formatTable(keep, summary, checks)}\nresults: ${dir}\n`);
      if (outcome.interrupted) break;
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (interrupted) return EXIT_INTERRUPTED;
  if (failedTasks > 0) return EXIT_TASK_FAILED;
  return failedThresholds > 0 ? EXIT_THRESHOLD : EXIT_OK;
}

export async function validateCommand(paths: readonly string[], opts: { overrides: readonly string[]; strict: boolean } = { overrides: [], strict: false }): Promise<number> {
  const prepared = prepare(paths, opts);
  for (const { loaded } of prepared) {
    const runs = loaded.points.reduce((n, p) => n + p.spec.runs, 0);
    const warned = loaded.warnings.length === 0 ? '' : `, ${loaded.warnings.length} warning${loaded.warnings.length === 1 ? '' : 's'}`;
    process.stderr.write(`ok: ${loaded.file}: scenario ${loaded.name}, ${loaded.points.length} point(s), ${runs} run(s)${warned}\n`);
  }
  return EXIT_OK;
}
