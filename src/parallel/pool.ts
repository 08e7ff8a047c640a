/**
 * Executors for runner.ts: a piscina pool of worker threads running
 * worker.ts, or this thread (tests, and the API without workers).
 *
 * piscina stays outside the esbuild bundle (it starts its workers from its
 * own files) and is imported only when a pool is made. The worker entry is
 * dist/worker.mjs next to the bundle, or worker.js next to this module when
 * running the tsc output.
 */
import { availableParallelism } from 'node:os';
import type { LoadedScenario } from '../scenario/types.js';
import { ClusterCache, runTask, type TaskOutput } from './task.js';
import type { Executor, TaskRef } from './runner.js';
import { CONTROL_ABORT, CONTROL_SLOTS, type PoolWorkerData, type ScenarioSource, type TaskMessage } from './protocol.js';

export type { ScenarioSource };

/** `--workers` default: the cores this process may use. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.mjs') ? './worker.mjs' : './worker.js', here);
}

/** A pool of `threads` worker threads; one task per thread at a time. */
export async function createPool(sources: readonly ScenarioSource[], threads: number): Promise<Executor> {
  const { Piscina } = await import('piscina');
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  const progress = new Float64Array(new SharedArrayBuffer(Math.max(1, threads) * 8));
  const workerData: PoolWorkerData = { sources, control: control.buffer as SharedArrayBuffer, progress: progress.buffer as SharedArrayBuffer };
  const pool = new Piscina<TaskMessage, TaskOutput>({
    filename: workerUrl().href,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    workerData,
  });
  return {
    run(task: TaskRef, slot: number) {
      progress[slot] = 0;
      return pool.run({ scenario: task.scenario, point: task.point, run: task.run, slot });
    },
    progress: (slot) => progress[slot] ?? 0,
    abort: () => Atomics.store(control, CONTROL_ABORT, 1),
    close: () => pool.destroy(),
  };
}

/**
 * This thread: each task runs to its end before the next starts (abort is
 * seen between tasks and every 2^16 events; signals cannot interrupt a run
 * here, which is why the CLI always uses a pool).
 */
export function inProcessExecutor(scenarios: readonly LoadedScenario[], task: typeof runTask = runTask): Executor {
  const clusters = new ClusterCache();
  let aborted = false;
  const progress = new Float64Array(1024);
  return {
    async run(t: TaskRef, slot: number) {
      await new Promise((r) => setImmediate(r));
      const loaded = scenarios[t.scenario]!;
      const point = loaded.points[t.point]!;
      return task(loaded, point, clusters.get(`${t.scenario}/${t.point}`, point), t.run, (a) => {
        progress[slot] = a;
        return aborted;
      });
    },
    progress: (slot) => progress[slot] ?? 0,
    abort: () => {
      aborted = true;
    },
    close: async () => {},
  };
}
