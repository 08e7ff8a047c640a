/**
 * A key that is not a field of the object's Kubernetes schema (Kubernetes
 * 1.33, from the pinned kubernetes-models package) is an error at that key
 * with a did-you-mean, as `kubectl apply --validate=strict` rejects it; a
 * value of the wrong JSON type is an error too. What `kubectl get -o yaml`
 * prints (status, managedFields, `creationTimestamp: null`) and newer fields
 * (lifecycle.preStop.sleep, 1.29+; lifecycle.stopSignal, 1.33) load.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';
import { cli, tempDir } from './helpers/cli.js';

const FILE = 'app.yaml';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  creationTimestamp: null
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
      creationTimestamp: null
    spec:
      containers:
        - name: web
          image: example.com/web:1
          ports: [{ name: http, containerPort: 8080 }]
          lifecycle:
            preStop:
              sleep: { seconds: 5 }
            stopSignal: SIGTERM
          resources: { requests: { cpu: 100m, memory: 64Mi } }
status:
  replicas: 3
  readyReplicas: 3
  conditions:
    - { type: Available, status: "True" }
`;

const REST = `---
apiVersion: v1
kind: Service
metadata:
  name: web
  managedFields:
    - { apiVersion: v1, fieldsType: FieldsV1, fieldsV1: { "f:spec": { "f:ports": {} } }, manager: kubectl, operation: Update }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: http }]
status:
  loadBalancer: {}
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: fields }
spec:
  duration: 1s
  workloads: [{ deployment: web, serviceTime: { distribution: constant, mean: 1ms } }]
  traffic: [{ name: t, target: web:80, arrival: { rate: 10 } }]
`;

function problems(text: string): readonly string[] {
  try {
    loadScenarioText(text, FILE);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  assert.unreachable('expected a ScenarioError');
  return [];
}

test('kubectl get output with status, managedFields, null timestamps and preStop.sleep loads', () => {
  const loaded = loadScenarioText(DEPLOYMENT + REST, FILE);
  assert.is(loaded.points[0]!.deployments[0]!.replicas, 3);
});

test('status is not checked: a dump from a newer cluster may carry status fields the 1.33 schema lacks', () => {
  const loaded = loadScenarioText((DEPLOYMENT + REST).replace('  readyReplicas: 3\n', '  readyReplicas: 3\n  someFutureCount: 2\n'), FILE);
  assert.is(loaded.points.length, 1);
});

test('a typo in a Deployment is an error at the key with a did-you-mean', () => {
  const text = (DEPLOYMENT + REST).replace('  replicas: 3\n  selector', '  replcias: 3\n  selector');
  assert.equal(problems(text), [
    'app.yaml:7:3: spec.replcias: expected a field of DeploymentSpec, got "replcias" (unknown field; did you mean "replicas"?)',
  ]);
});

test('typos deep inside the pod template and the Service are each reported at their own line', () => {
  const text = (DEPLOYMENT + REST)
    .replace('          lifecycle:\n', '          readinesProbe: { tcpSocket: { port: http } }\n          lifecycle:\n')
    .replace('              sleep: { seconds: 5 }', '              sleep: { second: 5 }')
    .replace('  selector: { app: web }\n  ports', '  selectr: { app: web }\n  ports');
  const p = problems(text);
  assert.equal(p.slice(0, 2), [
    'app.yaml:19:11: spec.template.spec.containers[0].readinesProbe: expected a field of Container, got "readinesProbe" (unknown field; did you mean "readinessProbe"?)',
    'app.yaml:22:24: spec.template.spec.containers[0].lifecycle.preStop.sleep.second: expected a field of SleepAction, got "second" (unknown field; did you mean "seconds"?)',
  ]);
  assert.ok(p.some((l) => l.startsWith('app.yaml:38:3: spec.selectr: expected a field of ServiceSpec, got "selectr" (unknown field; did you mean "selector"?)')), p.join('\n'));
});

test('a key that resembles no field lists the fields instead', () => {
  const text = (DEPLOYMENT + REST).replace('  replicas: 3\n', '  replicas: 3\n  zzz: 1\n');
  const [p] = problems(text);
  assert.match(p!, /^app\.yaml:8:3: spec\.zzz: expected a field of DeploymentSpec, got "zzz" \(unknown field; DeploymentSpec has minReadySeconds, paused, /);
});

test('a value of the wrong type in a field the simulator does not read is an error at the value', () => {
  const text = (DEPLOYMENT + REST).replace('  replicas: 3\n', '  replicas: 3\n  revisionHistoryLimit: ten\n');
  assert.equal(problems(text), ['app.yaml:8:25: spec.revisionHistoryLimit: expected a number, got "ten"']);
});

test('a field the simulator reads keeps its own, more specific message (no second one)', () => {
  const text = (DEPLOYMENT + REST).replace('  replicas: 3\n', '  replicas: three\n');
  const p = problems(text);
  assert.is(p.length, 1, p.join('\n'));
  assert.match(p[0]!, /^app\.yaml:7:13: spec\.replicas: expected an integer ≥ 0, got "three"/);
});

test('a List with an unknown top-level key is an error at the key', () => {
  const text = `apiVersion: v1\nkind: List\nitmes: []\nmetadata: { resourceVersion: "" }\n` + REST;
  assert.ok(problems(text).includes('app.yaml:3:1: itmes: expected a field of List (apiVersion, kind, metadata, items), got "itmes" (unknown field; did you mean "items"?)'));
});

test('the CLI exits 2 on a typo and names the line', () => {
  const dir = tempDir();
  const f = join(dir, 'typo.yaml');
  writeFileSync(f, (DEPLOYMENT + REST).replace('  replicas: 3\n  selector', '  replcias: 3\n  selector'));
  const r = cli(['validate', f]);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /typo\.yaml:7:3: spec\.replcias: .*did you mean "replicas"/);
});

test.run();
