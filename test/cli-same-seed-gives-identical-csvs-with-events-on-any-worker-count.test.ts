/**
 * The determinism contract with the cluster in motion, through the real CLI:
 * a small scenario with events (kill, hang, node down, a rollout), retries
 * and a sweep gives byte-identical result files (wall_s aside) run twice in
 * the main thread and on two worker threads (tasks finishing in another
 * order); a different seed changes them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/cli.js';
import { assertSameResults, dropWall } from './helpers/result-files.js';
import { failureScenario } from './helpers/failures.js';

const text =
  failureScenario({
    replicas: 4,
    nodes: 3,
    runs: 2,
    seed: 21,
    duration: '8s',
    warmup: '1s',
    interval: '500ms',
    probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 1 }',
    deploymentExtra: '  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }\n',
    controlPlane: '{ nodeMonitorGracePeriod: 2s, tolerationSeconds: 3s }',
    mode: 'iptables',
    traffic: `    - name: plain
      target: svc:80
      arrival: { process: poisson, rate: 150 }
      timeout: 300ms
    - name: retrying
      target: svc:80
      arrival: { process: poisson, rate: 150 }
      timeout: 300ms
      retry: { attempts: 2 }
`,
    events: [
      '{ at: 2s, action: kill-pod, deployment: app, count: 1 }',
      '{ at: 2500ms, action: hang-pod, deployment: app, count: 1, duration: 2s }',
      '{ at: 3s, action: node-down, node: node-3 }',
      '{ at: 6s, action: rollout, deployment: app }',
    ],
  }) + '  sweep:\n    workloads[0].preStop: [0s, 1s]\n';

test('with events: the same seed gives the same bytes in the main thread, again, and on 2 workers', () => {
  const dir = tempDir();
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const w = join(dir, 'w');
  const s = join(dir, 's');
  try {
    const file = join(dir, 'events.yaml');
    writeFileSync(file, text);
    const args = ['--progress', 'none'];
    for (const [out, extra] of [
      [a, []],
      [b, []],
      [w, ['--workers', '2']],
      [s, ['--seed', '22']],
    ] as [string, string[]][]) {
      const r = cli(['run', file, '--out', out, ...extra, ...args]);
      assert.is(r.status, 0, r.stderr);
    }
    const files = assertSameResults(join(a, 't'), join(b, 't'));
    assertSameResults(join(a, 't'), join(w, 't'));
    assert.ok(files.includes('network-programming.csv') && files.includes('timeseries.csv'));
    // the comparison is not vacuous: changes were programmed, nodes were stale, events are listed, errors happened
    const np = readFileSync(join(a, 't', 'network-programming.csv'), 'utf8').trim().split('\n');
    assert.ok(np.length > 10, `network-programming rows ${np.length}`);
    const ts = readFileSync(join(a, 't', 'timeseries.csv'), 'utf8').trim().split('\n');
    const head = ts[0]!.split(',');
    const stale = head.indexOf('stale_nodes');
    assert.ok(ts.slice(1).some((l) => Number(l.split(',')[stale]) > 0), 'some interval has stale nodes');
    assert.ok(ts.some((l) => l.includes('node-down')) && ts.some((l) => l.includes('kill-pod')), 'events listed');
    const runs = readFileSync(join(a, 't', 'runs.csv'), 'utf8').trim().split('\n');
    assert.is(runs.length, 1 + 2 * 2);
    const rh = runs[0]!.split(',');
    for (const r of runs.slice(1)) assert.ok(Number(r.split(',')[rh.indexOf('errors')]) > 0);
    // another seed: other numbers
    assert.is.not(dropWall(readFileSync(join(s, 't', 'runs.csv'), 'utf8')), dropWall(readFileSync(join(a, 't', 'runs.csv'), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
