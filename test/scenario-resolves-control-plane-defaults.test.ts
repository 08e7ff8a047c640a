/**
 * `cluster.controlPlane` (DESIGN.md "Control-plane delays") is always
 * resolved: absent keys take KUBE-FACTS §7's defaults (watch 25 ms, no
 * EndpointSlice batching, pod status at once, exit seen within 1 s,
 * kube-proxy minSyncPeriod 1 s / syncPeriod 30 s, partial restores, sync
 * cost auto, node grace 50 s, toleration 300 s); written keys override
 * them, reach `sweep` and `--set`, and a bad value is reported at its
 * position, every problem at once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';
import type { LoadOptions } from '../src/scenario/index.js';
import { DEFAULT_CONTROL_PLANE } from '../src/scenario/types.js';

const FILE = 'cp.yaml';
const BASE = `apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  clusterIP: 10.96.0.50
  ports: [{ port: 80 }]
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: cp }
spec:
  duration: 10s
  cluster:
    nodes: 2
  traffic:
    - name: t
      target: api:80
      arrival: { rate: 100 }
`;

function withControlPlane(block: string): string {
  return BASE.replace('    nodes: 2\n', `    nodes: 2\n${block}`);
}

function problems(text: string, opts: LoadOptions = {}): readonly string[] {
  try {
    loadScenarioText(text, FILE, opts);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  assert.unreachable('expected a ScenarioError');
  return [];
}

test('without cluster.controlPlane every delay is the documented default', () => {
  const cp = loadScenarioText(BASE, FILE).points[0]!.spec.cluster.controlPlane;
  assert.equal(cp, DEFAULT_CONTROL_PLANE);
  // and the defaults are KUBE-FACTS §7's numbers, in ns
  assert.equal(cp, {
    watchDelay: 25e6,
    endpointSliceBatch: 0,
    podStatusDelay: 0,
    exitDetection: 1e9,
    minSyncPeriod: 1e9,
    syncPeriod: 30e9,
    restore: 'partial',
    syncCost: 'auto',
    nodeMonitorGracePeriod: 50e9,
    tolerationSeconds: 300e9,
  });
});

test('an empty controlPlane, or one with only some keys, fills the rest with defaults', () => {
  assert.equal(loadScenarioText(withControlPlane('    controlPlane: {}\n'), FILE).points[0]!.spec.cluster.controlPlane, DEFAULT_CONTROL_PLANE);
  const cp = loadScenarioText(withControlPlane('    controlPlane: { kubeProxy: { restore: full } }\n'), FILE).points[0]!.spec.cluster.controlPlane;
  assert.equal(cp, { ...DEFAULT_CONTROL_PLANE, restore: 'full' });
});

test('every key overrides its default, durations in any unit', () => {
  const text = withControlPlane(`    controlPlane:
      watchDelay: 5ms
      endpointSliceBatch: 500ms
      kubelet: { podStatusDelay: 10s, exitDetection: 2s }
      kubeProxy: { minSyncPeriod: 0, syncPeriod: 1m, restore: full, syncCost: 40ms }
      nodeMonitorGracePeriod: 40s
      tolerationSeconds: 30
`);
  assert.equal(loadScenarioText(text, FILE).points[0]!.spec.cluster.controlPlane, {
    watchDelay: 5e6,
    endpointSliceBatch: 500e6,
    podStatusDelay: 10e9,
    exitDetection: 2e9,
    minSyncPeriod: 0,
    syncPeriod: 60e9,
    restore: 'full',
    syncCost: 40e6,
    nodeMonitorGracePeriod: 40e9,
    tolerationSeconds: 30e9,
  });
});

test('bad values are reported at their positions, all at once', () => {
  const text = withControlPlane(`    controlPlane:
      watchDelay: -1ms
      kubelet: { exitDetection: soon, pleg: 1s }
      kubeProxy: { restore: fast, syncCost: manual, syncPeriod: 0 }
      tolerationSeconds: forever
`);
  assert.equal(problems(text), [
    'cp.yaml:16:19: spec.cluster.controlPlane.watchDelay: expected a duration ≥ 0, got "-1ms"',
    'cp.yaml:17:33: spec.cluster.controlPlane.kubelet.exitDetection: expected a duration ≥ 0, got "soon"',
    'cp.yaml:17:39: spec.cluster.controlPlane.kubelet.pleg: expected one of podStatusDelay, exitDetection, got unknown key "pleg"',
    'cp.yaml:18:29: spec.cluster.controlPlane.kubeProxy.restore: expected one of full, partial, got "fast"',
    'cp.yaml:18:45: spec.cluster.controlPlane.kubeProxy.syncCost: expected auto or a duration ≥ 0, got "manual"',
    'cp.yaml:18:65: spec.cluster.controlPlane.kubeProxy.syncPeriod: expected a duration > 0, got 0',
    'cp.yaml:19:26: spec.cluster.controlPlane.tolerationSeconds: expected a duration ≥ 0, got "forever"',
  ]);
});

test('minSyncPeriod above syncPeriod is an error at whichever of the two is written', () => {
  assert.equal(problems(withControlPlane('    controlPlane: { kubeProxy: { minSyncPeriod: 45s } }\n')), [
    'cp.yaml:15:49: spec.cluster.controlPlane.kubeProxy.minSyncPeriod: expected a duration ≤ syncPeriod (30 s), got "45s"',
  ]);
  assert.equal(problems(withControlPlane('    controlPlane: { kubeProxy: { syncPeriod: 500ms } }\n')), [
    'cp.yaml:15:46: spec.cluster.controlPlane.kubeProxy.syncPeriod: expected a duration ≥ minSyncPeriod (1 s), got "500ms"',
  ]);
  // equal is allowed (kube-proxy's own rule is ≤)
  const cp = loadScenarioText(withControlPlane('    controlPlane: { kubeProxy: { minSyncPeriod: 30s } }\n'), FILE).points[0]!.spec.cluster.controlPlane!;
  assert.is(cp.minSyncPeriod, cp.syncPeriod);
});

test('a sweep over kubeProxy.restore gives one point per value', () => {
  const text = BASE + '  sweep:\n    cluster.controlPlane.kubeProxy.restore: [full, partial]\n';
  const s = loadScenarioText(text, FILE);
  assert.equal(s.sweepKeys, ['cluster.controlPlane.kubeProxy.restore']);
  assert.is(s.points.length, 2);
  assert.equal(s.points.map((p) => p.spec.cluster.controlPlane!.restore), ['full', 'partial']);
  assert.equal(s.points.map((p) => p.params), [
    [{ path: 'cluster.controlPlane.kubeProxy.restore', value: 'full' }],
    [{ path: 'cluster.controlPlane.kubeProxy.restore', value: 'partial' }],
  ]);
  // the other control-plane keys keep their defaults at both points
  for (const p of s.points) assert.is(p.spec.cluster.controlPlane!.syncPeriod, 30e9);
});

test('--set reaches the control-plane keys, and a bad one is reported at --set', () => {
  const s = loadScenarioText(BASE, FILE, { overrides: ['cluster.controlPlane.kubeProxy.minSyncPeriod=2s', 'cluster.controlPlane.kubelet.exitDetection=0'] });
  const cp = s.points[0]!.spec.cluster.controlPlane!;
  assert.is(cp.minSyncPeriod, 2e9);
  assert.is(cp.exitDetection, 0);
  assert.equal(problems(BASE, { overrides: ['cluster.controlPlane.kubeProxy.restore=sometimes'] }), [
    '--set:1:40: spec.cluster.controlPlane.kubeProxy.restore: expected one of full, partial, got "sometimes"',
  ]);
});

test('a sweep over a bad restore value is reported where the value is written', () => {
  const text = BASE + '  sweep:\n    cluster.controlPlane.kubeProxy.restore: [full, some]\n';
  assert.equal(problems(text), ['cp.yaml:20:52: spec.cluster.controlPlane.kubeProxy.restore: expected one of full, partial, got "some"']);
});

test.run();
