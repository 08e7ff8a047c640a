/**
 * Runs every (point, run) task of a scenario, handing each result on as it
 * finishes. Tasks run one after another in this thread for now; the piscina
 * pool (`--workers N`) comes with the parallel harness. Results do not depend
 * on the order tasks run in: each task seeds its own streams from
 * (seed, run, component, entity).
 *
 * A task that throws fails its point (the point's other runs are skipped, and
 * it is not written) but not the others: the CLI writes the finished points
 * and exits 3, as DESIGN.md says.
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
  /** The task itself (tests substitute a failing one); default runTask. */
  readonly task?: typeof runTask;
}

export interface TaskFailure {
  readonly point: number;
  readonly run: number;
  readonly message: string;
}

export interface RunnerOutcome {
  /** Indices of the points all of whose runs finished. */
  readonly finishedPoints: ReadonlySet<number>;
  /** Tasks that threw, one per failed point. */
  readonly failures: readonly TaskFailure[];
  readonly interrupted: boolean;
}

/** Let pending signals and I/O run between tasks (a run itself is one synchronous stretch). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runScenario(loaded: LoadedScenario, clusters: readonly BuiltCluster[], opts: RunnerOptions): Promise<RunnerOutcome> {
  const task = opts.task ?? runTask;
  const total = loaded.points.reduce((n, p) => n + p.spec.runs, 0);
  let done = 0;
  const finishedPoints = new Set<number>();
  const failures: TaskFailure[] = [];
  for (const point of loaded.points) {
    const cluster = clusters[point.index]!;
    let failed = false;
    for (let run = 0; run < point.spec.runs && !failed; run++) {
      await yieldToEventLoop();
      if (opts.interrupted?.()) return { finishedPoints, failures, interrupted: true };
      let result: TaskResult;
      try {
        result = task(point, cluster, run);
      } catch (e) {
        failures.push({ point: point.index, run, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        failed = true;
        break;
      }
      opts.onResult(result);
      opts.onTask?.(++done, total);
    }
    if (!failed) finishedPoints.add(point.index);
  }
  return { finishedPoints, failures, interrupted: false };
}
