/**
 * Runs (scenario, point, run) tasks on an executor — a piscina pool of worker
 * threads (pool.ts) or this thread — keeping `concurrency` in flight and
 * dispatching in (scenario, point, run) order, so that each worker mostly
 * meets the same point again and reuses its cluster. Results are handed on as
 * they finish, in any order: the accumulators sort by (point, run) when they
 * write, so the bytes do not depend on the worker count or finishing order
 * (each task seeds its own streams from (seed, run, component, entity)).
 *
 * A task that throws (or whose worker dies) fails its point: the point's
 * tasks not yet started are skipped and the point is not written; the other
 * points finish (the CLI exits 3).
 */
import type { TaskOutput } from './task.js';

export interface TaskRef {
  readonly scenario: number;
  readonly point: number;
  readonly run: number;
}

/** Where tasks run. `slot` (0 … concurrency − 1) is the task's progress slot. */
export interface Executor {
  run(task: TaskRef, slot: number): Promise<TaskOutput>;
  /** Arrivals so far of the task running in `slot`. */
  progress(slot: number): number;
  /** Ask running tasks to stop (they throw RunAborted within ~2^16 events). */
  abort(): void;
  close(): Promise<void>;
}

export interface TaskFailure {
  readonly task: TaskRef;
  readonly error: unknown;
}

export interface RunTasksOptions {
  readonly concurrency: number;
  /** Each result as its task finishes. */
  readonly onResult: (o: TaskOutput, task: TaskRef) => void;
  /** Polled before each dispatch: true = start nothing more. */
  readonly stopped?: () => boolean;
}

export interface RunTasksOutcome {
  readonly failures: readonly TaskFailure[];
  /** Tasks that were never started (after a stop) or that stopped midway. */
  readonly notRun: number;
}

const pointKey = (t: TaskRef) => `${t.scenario}/${t.point}`;

export async function runTasks(tasks: readonly TaskRef[], exec: Executor, opts: RunTasksOptions): Promise<RunTasksOutcome> {
  const failures: TaskFailure[] = [];
  const failedPoints = new Set<string>();
  const freeSlots = Array.from({ length: Math.max(1, opts.concurrency) }, (_, i) => i).reverse();
  let next = 0;
  let notRun = 0;
  await new Promise<void>((resolve) => {
    let inFlight = 0;
    const pump = (): void => {
      while (freeSlots.length > 0 && next < tasks.length) {
        if (opts.stopped?.() === true) {
          notRun += tasks.length - next;
          next = tasks.length;
          break;
        }
        const task = tasks[next++]!;
        if (failedPoints.has(pointKey(task))) continue;
        const slot = freeSlots.pop()!;
        inFlight++;
        exec.run(task, slot).then(
          (o) => {
            try {
              opts.onResult(o, task);
            } catch (error) {
              failures.push({ task, error });
              failedPoints.add(pointKey(task));
            }
            finish(slot);
          },
          (error: unknown) => {
            if (opts.stopped?.() === true) notRun++;
            else {
              failures.push({ task, error });
              failedPoints.add(pointKey(task));
            }
            finish(slot);
          },
        );
      }
      if (inFlight === 0) resolve();
    };
    const finish = (slot: number): void => {
      inFlight--;
      freeSlots.push(slot);
      pump();
    };
    pump();
  });
  failures.sort((a, b) => a.task.scenario - b.task.scenario || a.task.point - b.task.point || a.task.run - b.task.run);
  return { failures, notRun };
}

/** Task indices k of [0, total) in shard i of n (1-based): a contiguous block, ⌊(i−1)·total/n⌋ ≤ k < ⌊i·total/n⌋. */
export function shardRange(total: number, shard: { index: number; count: number }): [number, number] {
  return [Math.floor(((shard.index - 1) * total) / shard.count), Math.floor((shard.index * total) / shard.count)];
}
