/**
 * The worker-thread entry piscina loads (bundled as dist/worker.mjs; the tsc
 * output dist/src/parallel/worker.js works too). workerData carries every
 * scenario of the command (name, sweep keys, resolved points) and the shared
 * control block; a task message is just (scenario, point, run, slot). Each
 * worker keeps the cluster of the last point it ran (ClusterCache).
 *
 * Shared memory (created by pool.ts, read and written here):
 *   control: Int32Array(1)   [0] ABORT — 0 run, 1 stop: set by the main thread
 *            (Atomics.store), read here every 2^16 events (Atomics.load);
 *            a run that sees it throws RunAborted.
 *   progress: Float64Array(slots)  [slot] arrivals planned so far by the task
 *            in that slot — written only here while the task runs, read by
 *            the main thread for progress; a plain store (an aligned 8-byte
 *            store is not torn on the platforms Node supports, and progress
 *            may be a little stale).
 */
import { workerData } from 'node:worker_threads';
import { ClusterCache, runTask, type TaskOutput } from './task.js';
import { CONTROL_ABORT, type PoolWorkerData, type TaskMessage } from './protocol.js';

const data = workerData as PoolWorkerData;
const control = new Int32Array(data.control);
const progress = new Float64Array(data.progress);
const clusters = new ClusterCache();

/**
 * A task that fails on purpose, for the CLI tests of exit 3:
 * CLUSTERIP_SIM_TEST_FAIL_TASK="<point>/<run>" (e.g. "1/0") throws there.
 */
const failAt = process.env['CLUSTERIP_SIM_TEST_FAIL_TASK'];

export default function runInWorker(msg: TaskMessage): TaskOutput {
  const scenario = data.sources[msg.scenario]!;
  const point = scenario.points[msg.point]!;
  if (failAt === `${msg.point}/${msg.run}`) throw new Error(`test failure injected at point ${msg.point}, run ${msg.run}`);
  const cluster = clusters.get(`${msg.scenario}/${msg.point}`, point);
  const slot = msg.slot;
  return runTask(scenario, point, cluster, msg.run, (arrivals) => {
    progress[slot] = arrivals;
    return Atomics.load(control, CONTROL_ABORT) !== 0;
  });
}
