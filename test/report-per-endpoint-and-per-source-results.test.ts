/**
 * endpoints.csv counts per (Service port, endpoint), so two Services that
 * select the same pods show their own shares; traffic.csv gives each traffic
 * source's own metrics, and its counts add up to runs.csv's.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/cli.js';

const SCENARIO = `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: 3
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec: { containers: [{ name: c, image: i, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: first }
spec: { selector: { app: app }, ports: [{ port: 80, targetPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: second }
spec: { selector: { app: app }, ports: [{ port: 80, targetPort: 8080 }] }
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: shared }
spec:
  seed: 9
  runs: 2
  duration: 10s
  cluster: { nodes: 2, proxy: { mode: nftables, cost: 0 } }
  workloads:
    - { deployment: app, serviceTime: { distribution: exponential, mean: 1ms } }
  traffic:
    - { name: heavy, target: first:80, arrival: { rate: 200 } }
    - { name: light, target: second:80, arrival: { rate: 100 }, timeout: 2ms }
`;

function rows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

test('two Services on the same pods get their own endpoint rows, and each source its own traffic row', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'shared.yaml');
    writeFileSync(file, SCENARIO);
    const r = cli(['run', file, '--out', dir, '--progress', 'none']);
    assert.is(r.status, 0, r.stderr);
    const eps = rows(readFileSync(join(dir, 'shared', 'endpoints.csv'), 'utf8'));
    const run0 = eps.filter((e) => e['run'] === '0');
    const first = run0.filter((e) => e['service'] === 'default/first:80');
    const second = run0.filter((e) => e['service'] === 'default/second:80');
    assert.is(first.length, 3);
    assert.is(second.length, 3);
    const sum = (xs: Record<string, string>[]) => xs.reduce((n, e) => n + Number(e['requests']), 0);
    // 10 s at 200/s and 100/s: ~2000 and ~1000 (Poisson: ±4σ ≈ ±180 / ±130)
    assert.ok(Math.abs(sum(first) - 2000) < 180, `first ${sum(first)}`);
    assert.ok(Math.abs(sum(second) - 1000) < 130, `second ${sum(second)}`);
    // the same pods carry both, and their utilisation is the pod's: equal on both rows
    for (let i = 0; i < 3; i++) {
      assert.is(first[i]!['endpoint'], second[i]!['endpoint']);
      assert.is(first[i]!['busy_fraction'], second[i]!['busy_fraction']);
      assert.ok(Number(first[i]!['busy_fraction']) > 0.05 && Number(first[i]!['busy_fraction']) < 0.15, `busy ${first[i]!['busy_fraction']}`);
    }
    const traffic = rows(readFileSync(join(dir, 'shared', 'traffic.csv'), 'utf8'));
    const runs = rows(readFileSync(join(dir, 'shared', 'runs.csv'), 'utf8'));
    for (const run of ['0', '1']) {
      const t = traffic.filter((x) => x['run'] === run);
      assert.equal(t.map((x) => x['traffic']), ['heavy', 'light']);
      const total = runs.find((x) => x['run'] === run)!;
      for (const col of ['requests', 'completed', 'errors', 'errors_timeout']) {
        assert.is(Number(t[0]![col]) + Number(t[1]![col]), Number(total[col]), `${col} of run ${run}`);
      }
      // only the light source has a 2 ms timeout: its errors are its own
      assert.is(t[0]!['errors_timeout'], '0');
      assert.ok(Number(t[1]!['errors_timeout']) > 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
