/**
 * A task that throws fails its own point — its tasks not yet started are
 * skipped — while every other point runs to the end with real tasks
 * (DESIGN.md: exit 3, the others' results written). In process, so the
 * dispatch order is exact.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { runTask } from '../src/parallel/task.js';
import { runTasks } from '../src/parallel/runner.js';
import { inProcessExecutor } from '../src/parallel/pool.js';
import { oracleScenario } from './helpers/simulate.js';

test('the failing point is skipped and reported; the other points finish with real results', async () => {
  const text = oracleScenario({ replicas: 2, rate: 100, serviceTime: '{ distribution: exponential, mean: 1ms }', runs: 3, duration: '2s', warmup: '0s' }) + '  sweep:\n    cluster.proxy.mode: [iptables, nftables, ipvs]\n';
  const loaded = loadScenarioText(text, 't.yaml');
  assert.is(loaded.points.length, 3);
  const tasks = loaded.points.flatMap((p) => [0, 1, 2].map((run) => ({ scenario: 0, point: p.index, run })));
  const seen: string[] = [];
  const exec = inProcessExecutor([loaded], (l, point, cluster, run, poll) => {
    if (point.index === 1 && run === 1) throw new Error('disk on fire');
    return runTask(l, point, cluster, run, poll);
  });
  const outcome = await runTasks(tasks, exec, { concurrency: 1, onResult: (o) => seen.push(`${o.point}/${o.run}`) });
  assert.is(outcome.failures.length, 1);
  assert.equal(outcome.failures[0]!.task, { scenario: 0, point: 1, run: 1 });
  assert.match(String(outcome.failures[0]!.error), /disk on fire/);
  // point 1's run 0 finished before the failure; its run 2 never ran
  assert.equal(seen, ['0/0', '0/1', '0/2', '1/0', '2/0', '2/1', '2/2']);
});

test.run();
