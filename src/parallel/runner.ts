/**
 * Runs every (point, run) task of a scenario and returns the results in
 * (point, run) order. Tasks run one after another in this thread for now;
 * the piscina pool (`--workers N`) comes with the parallel harness. Results do
 * not depend on the order tasks run in: each task seeds its own streams from
 * (seed, run, component, entity).
 */
import type { BuiltCluster } from '../cluster/build.js';
import type { LoadedScenario } from '../scenario/types.js';
import { runTask, type TaskResult } from './task.js';

export interface RunnerOptions {
  /** Called after each task. */
  readonly onTask?: (done: number, total: number, r: TaskResult) => void;
  /** Polled between tasks; when it returns true the runner stops after the current task. */
  readonly interrupted?: () => boolean;
}

export interface RunnerOutcome {
  /** Every run of every finished point, sorted by (point, run). */
  readonly results: TaskResult[];
  /** Points all of whose runs finished. */
  readonly finishedPoints: number;
  readonly interrupted: boolean;
}

/** Let pending signals and I/O run between tasks (a run itself is one synchronous stretch). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runScenario(loaded: LoadedScenario, clusters: readonly BuiltCluster[], opts: RunnerOptions = {}): Promise<RunnerOutcome> {
  const results: TaskResult[] = [];
  const total = loaded.points.reduce((n, p) => n + p.spec.runs, 0);
  let done = 0;
  let finishedPoints = 0;
  for (const point of loaded.points) {
    const cluster = clusters[point.index]!;
    const mine: TaskResult[] = [];
    for (let run = 0; run < point.spec.runs; run++) {
      await yieldToEventLoop();
      if (opts.interrupted?.()) return { results, finishedPoints, interrupted: true };
      const r = runTask(point, cluster, run);
      mine.push(r);
      opts.onTask?.(++done, total, r);
    }
    results.push(...mine);
    finishedPoints++;
  }
  return { results, finishedPoints, interrupted: false };
}
