/**
 * A task that throws fails its own point — its other runs are skipped and the
 * point is not reported finished — while every other point runs to the end
 * with real tasks (DESIGN.md: exit 3, the others' results written).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildAll, runTask } from '../src/parallel/task.js';
import { runScenario } from '../src/parallel/runner.js';
import { oracleScenario } from './helpers/simulate.js';

test('the failing point is skipped and reported; the other points finish with real results', async () => {
  const text = oracleScenario({ replicas: 2, rate: 100, serviceTime: '{ distribution: exponential, mean: 1ms }', runs: 3, duration: '2s', warmup: '0s' }) + '  sweep:\n    cluster.proxy.mode: [iptables, nftables, ipvs]\n';
  const loaded = loadScenarioText(text, 't.yaml');
  assert.is(loaded.points.length, 3);
  const clusters = buildAll(loaded.points);
  const seen: string[] = [];
  const outcome = await runScenario(loaded, clusters, {
    onResult: (r) => seen.push(`${r.point}/${r.run}`),
    task: (point, cluster, run) => {
      if (point.index === 1 && run === 1) throw new Error('disk on fire');
      return runTask(point, cluster, run);
    },
  });
  assert.equal([...outcome.finishedPoints].sort(), [0, 2]);
  assert.is(outcome.failures.length, 1);
  assert.is(outcome.failures[0]!.point, 1);
  assert.is(outcome.failures[0]!.run, 1);
  assert.match(outcome.failures[0]!.message, /disk on fire/);
  // point 1's run 0 finished before the failure; its run 2 never ran
  assert.equal(seen, ['0/0', '0/1', '0/2', '1/0', '2/0', '2/1', '2/2']);
  assert.is(outcome.interrupted, false);
});

test.run();
