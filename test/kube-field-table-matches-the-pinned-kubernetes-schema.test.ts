/**
 * The loader's table of Kubernetes fields (src/scenario/kube-schema.generated.ts)
 * is exactly what scripts/generate-kube-schema.ts derives from the pinned
 * kubernetes-models package in node_modules — so it cannot drift into a
 * hand-edited list — and that package covers Kubernetes ≥ 1.33.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKubeSchema } from '../scripts/generate-kube-schema.js';
import { KUBE_TYPES } from '../src/scenario/kube-schema.generated.js';
import { root } from './helpers/cli.js';

test('the committed table is what the generator prints for the installed package', () => {
  const committed = readFileSync(join(root, 'src', 'scenario', 'kube-schema.generated.ts'), 'utf8');
  assert.ok(committed === generateKubeSchema(), 'stale: run `npm run build && node dist/scripts/generate-kube-schema.js`');
});

test('the schema has fields of Kubernetes 1.29 (preStop.sleep), 1.33 (stopSignal) and trafficDistribution', () => {
  assert.is(KUBE_TYPES['CoreV1LifecycleHandler']?.['sleep'], 'CoreV1SleepAction');
  assert.is(KUBE_TYPES['CoreV1Lifecycle']?.['stopSignal'], 's');
  assert.is(KUBE_TYPES['CoreV1ServiceSpec']?.['trafficDistribution'], 's');
  assert.is(KUBE_TYPES['AppsV1DeploymentSpec']?.['replicas'], 'n');
  assert.is(KUBE_TYPES['AppsV1DeploymentSpec']?.['replcias'], undefined);
});

test.run();
