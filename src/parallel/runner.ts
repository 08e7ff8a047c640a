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
  /** Each result as its run finishes (the runner keeps none: fold it in, then drop it). */
  readonly onResult: (r: TaskResult) => void;
  /** Called after each task, for progress. */
  readonly onTask?: (done: number, total: number) => void;
  /** Polled between tasks; when it returns true the runner stops after the current task. */
  readonly interrupted?: () => boolean;
}

export interface RunnerOutcome {
  /** Indices of the points all of whose runs finished. */
  readonly finishedPoints: ReadonlySet<number>;
  readonly interrupted: boolean;
}

/** Let pending signals and I/O run between tasks (a run itself is one synchronous stretch). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runScenario(loaded: LoadedScenario, clusters: readonly BuiltCluster[], opts: RunnerOptions): Promise<RunnerOutcome> {
  const total = loaded.points.reduce((n, p) => n + p.spec.runs, 0);
  let done = 0;
  const finishedPoints = new Set<number>();
  for (const point of loaded.points) {
    const cluster = clusters[point.index]!;
    for (let run = 0; run < point.spec.runs; run++) {
      await yieldToEventLoop();
      if (opts.interrupted?.()) return { finishedPoints, interrupted: true };
      opts.onResult(runTask(point, cluster, run));
      opts.onTask?.(++done, total);
    }
    finishedPoints.add(point.index);
  }
  return { finishedPoints, interrupted: false };
}
