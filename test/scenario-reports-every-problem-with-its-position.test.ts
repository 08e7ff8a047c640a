/**
 * Mistakes are reported all at once, each as
 * `file:line:col: path: expected X, got Y` with the position of the
 * offending value (a missing key at its parent mapping, an unknown key at
 * the key). YAML syntax, tags, alias bombs, unknown kinds, names,
 * not-yet-supported features and limits all take this form.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';

const FILE = 'scenarios/a.yaml';

function problems(text: string, file = FILE): readonly string[] {
  try {
    loadScenarioText(text, file);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  assert.unreachable('expected a ScenarioError');
  return [];
}

const GOOD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend-webapp
spec:
  replicas: 3
  selector:
    matchLabels: { app: backend-webapp }
  template:
    metadata:
      labels: { app: backend-webapp }
    spec:
      containers:
        - name: web
          ports: [{ containerPort: 3000 }]
---
apiVersion: v1
kind: Service
metadata:
  name: backend
spec:
  selector: { app: backend-webapp }
  ports:
    - port: 80
      targetPort: 3000
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: errors }
spec:
  runs: 2
  duration: 10s
  cluster:
    nodes: 3
  workloads:
    - deployment: backend-webapp
      serviceTime: { distribution: exponential, mean: 10ms }
  traffic:
    - name: web
      target: backend:80
      arrival: { process: poisson, rate: 250 }
`;

test('the good base file loads', () => {
  loadScenarioText(GOOD, FILE);
});

test('a file with many mistakes reports every one, in file order, with exact positions', () => {
  const bad = `apiVersion: v1
kind: Service
metadata:
  name: Backend_1
spec:
  clusterIP: 10.0.0.1
  ports:
    - port: 80
    - port: 70000
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: errors }
spec:
  runs: 0
  warmup: soon
  cluster:
    nodes: 3
    foo: 1
  traffic:
    - name: web
      target: backend:80
      arrival: { process: poisson, rate: -5 }
    - name: web
      target: backend
      arrival: { process: burst }
  thresholds:
    latency_p99_ms: 50
`;
  assert.equal(problems(bad), [
    'scenarios/a.yaml:4:9: metadata.name: expected a Service name (DNS-1035 label: [a-z]([-a-z0-9]*[a-z0-9])?, at most 63), got "Backend_1"',
    'scenarios/a.yaml:6:14: spec.clusterIP: expected an IPv4 address in the service CIDR 10.96.0.0/12 (spec.cluster.serviceCIDR; not its network or broadcast address), got "10.0.0.1"',
    'scenarios/a.yaml:8:7: spec.ports[0]: expected key "name" (every port of a multi-port Service needs a name), got {"port":80}',
    'scenarios/a.yaml:9:7: spec.ports[1]: expected key "name" (every port of a multi-port Service needs a name), got {"port":70000}',
    'scenarios/a.yaml:9:13: spec.ports[1].port: expected a port number 1..65535, got 70000',
    'scenarios/a.yaml:15:3: spec: expected key "duration" (a duration > 0), got {"runs":0,"warmup":"soon","cluster":{"n…',
    'scenarios/a.yaml:15:9: spec.runs: expected an integer 1..10000, got 0',
    'scenarios/a.yaml:16:11: spec.warmup: expected a duration ≥ 0, got "soon"',
    'scenarios/a.yaml:19:5: spec.cluster.foo: expected one of nodes, zones, proxy, network, serviceCIDR, background, controlPlane, got unknown key "foo"',
    'scenarios/a.yaml:22:15: spec.traffic[0].target: expected a Service in this file (none in this file), got "backend:80" (no Service default/backend)',
    'scenarios/a.yaml:23:42: spec.traffic[0].arrival.rate: expected a number > 0, got -5',
    'scenarios/a.yaml:25:15: spec.traffic[1].target: expected svc[.ns][.svc.cluster.local]:port or ClusterIP:port, got "backend"',
    'scenarios/a.yaml:26:27: spec.traffic[1].arrival.process: expected one of poisson, constant, closed, got "burst"',
    'scenarios/a.yaml:28:21: spec.thresholds.latency_p99_ms: expected a condition like "< 50" (<, <=, > or >= and a number), got 50',
  ]);
});

test('a YAML syntax error is reported at its position', () => {
  const bad = GOOD.replace('  duration: 10s\n', '  duration: [10s\n');
  const p = problems(bad);
  assert.ok(p.length >= 1);
  assert.is(p[0], 'scenarios/a.yaml:33:3: yaml: expected valid YAML, got flow sequence in block collection must be sufficiently indented and end with a ]');
  for (const line of p) assert.match(line, /^scenarios\/a\.yaml:\d+:\d+: yaml: expected valid YAML, got /);
});

test('duplicate keys are errors', () => {
  const bad = GOOD.replace('  runs: 2\n', '  runs: 2\n  runs: 3\n');
  assert.equal(problems(bad), ['scenarios/a.yaml:32:3: spec.runs: expected each key once, got "runs" again (duplicate key)']);
});

test('an unknown kind or apiVersion is an error at its position; a built-in kind is ignored with a warning', () => {
  const bad = `apiVersion: v1
kind: Servce
metadata: { name: x }
---
apiVersion: example.com/v1
kind: Widget
---
apiVersion: extensions/v1beta1
kind: Deployment
---
${GOOD}`;
  assert.equal(problems(bad), [
    'scenarios/a.yaml:2:7: kind: expected a kind of v1 (Service, Pod, ReplicationController, ConfigMap, Secret, Namespace, …), got "Servce"',
    'scenarios/a.yaml:5:13: apiVersion: expected one of v1, apps/v1, discovery.k8s.io/v1, clusterip-sim/v1alpha1 or a built-in Kubernetes API, got "example.com/v1" (kind Widget)',
    'scenarios/a.yaml:8:13: apiVersion: expected apps/v1 (for kind Deployment), got "extensions/v1beta1"',
  ]);
  const ok = loadScenarioText(`apiVersion: v1\nkind: Pod\nmetadata: { name: p }\n---\n${GOOD}`, FILE);
  assert.equal(ok.warnings, ['scenarios/a.yaml:1:1: ignoring v1 Pod "p": not simulated']);
});

test('features that are not built yet say so', () => {
  const bad = GOOD.replace('    nodes: 3\n', '    nodes: 3\n    proxy: { mode: ebpf, algorithm: maglev }\n').replace(
    '      arrival: { process: poisson, rate: 250 }\n',
    '      arrival: { process: poisson, rate: 250 }\n  events:\n    - { at: 5s, action: set, path: cluster.proxy.mode, value: ipvs }\n',
  );
  assert.equal(problems(bad), [
    'scenarios/a.yaml:44:36: spec.events[0].path: expected a path the simulator can change during a run (traffic[i].arrival.rate, workloads[i].serviceTime or one of its keys, workloads[i].concurrency), got "cluster.proxy.mode" (not yet supported)',
  ]);
  const nodeLocal = GOOD.replace('  selector: { app: backend-webapp }\n  ports:', '  selector: { app: backend-webapp }\n  trafficDistribution: PreferSameNode\n  ports:');
  assert.equal(problems(nodeLocal), [
    'scenarios/a.yaml:23:24: spec.trafficDistribution: expected one of PreferClose, PreferSameZone, got "PreferSameNode" (not yet supported)',
  ]);
});

test('scenario keys of issue 6 that were refused before now load (controlPlane, a workload\'s readinessProbe, retry)', () => {
  const good = GOOD.replace('    nodes: 3\n', '    nodes: 3\n    controlPlane: { watchDelay: 25ms }\n')
    .replace('      serviceTime: { distribution: exponential, mean: 10ms }\n', '      serviceTime: { distribution: exponential, mean: 10ms }\n      readinessProbe: { periodSeconds: 5 }\n')
    .replace('      arrival: { process: poisson, rate: 250 }\n', '      arrival: { process: poisson, rate: 250 }\n      retry: { attempts: 2 }\n');
  const spec = loadScenarioText(good, FILE).points[0]!.spec;
  assert.is(spec.cluster.controlPlane?.watchDelay, 25_000_000);
  assert.is(spec.workloads[0]!.lifecycle?.readinessProbe?.period, 5_000_000_000);
  assert.is(spec.traffic[0]!.retry?.attempts, 2);
});

test('custom tags are refused', () => {
  const bad = GOOD.replace('  runs: 2\n', '  runs: !!binary aGVsbG8=\n').replace('rate: 250', 'rate: !js/function "return 1"');
  const p = problems(bad);
  assert.ok(p.includes('scenarios/a.yaml:31:9: spec.runs: expected plain YAML data (no tags), got tag "!!binary" (custom tags are not allowed)'), p.join('\n'));
  assert.ok(p.includes('scenarios/a.yaml:41:42: spec.traffic[0].arrival.rate: expected plain YAML data (no tags), got tag "!js/function" (custom tags are not allowed)'), p.join('\n'));
});

test('a billion-laughs alias bomb is refused quickly', () => {
  const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  const bomb = `apiVersion: clusterip-sim/v1alpha1\nkind: Scenario\nmetadata: { name: lol }\nspec:\n  ${levels.join('\n  ')}\n`;
  const t0 = performance.now();
  const p = problems(bomb);
  const ms = performance.now() - t0;
  assert.ok(ms < 1000, `took ${ms} ms`);
  assert.equal(p, ['scenarios/a.yaml:6:14: spec.c[8][1]: expected at most 100 alias expansions, got more (document not read)']);
});

test('Service names follow DNS-1035, Deployment names DNS-1123, and duplicates are refused', () => {
  const bad = GOOD.replace('  name: backend\n', '  name: 1backend\n').replace('  name: backend-webapp\n', '  name: Backend.Webapp\n');
  assert.equal(problems(bad).slice(0, 2), [
    'scenarios/a.yaml:4:9: metadata.name: expected a Deployment name (DNS-1123 subdomain), got "Backend.Webapp"',
    'scenarios/a.yaml:20:9: metadata.name: expected a Service name (DNS-1035 label: [a-z]([-a-z0-9]*[a-z0-9])?, at most 63), got "1backend"',
  ]);
  const twice = GOOD.replace('---\napiVersion: clusterip-sim', '---\napiVersion: v1\nkind: Service\nmetadata: { name: backend }\nspec: { ports: [{ port: 81 }] }\n---\napiVersion: clusterip-sim');
  assert.equal(problems(twice), ['scenarios/a.yaml:29:19: metadata.name: expected a Service name not used before in namespace default, got "backend" (also at line 17)']);
});

test('a Deployment whose selector does not match its template labels is refused like the API server does', () => {
  const bad = GOOD.replace('      labels: { app: backend-webapp }\n', '      labels: { app: backend }\n');
  assert.equal(problems(bad), [
    'scenarios/a.yaml:11:15: spec.template.metadata.labels: expected labels that spec.selector matches, got {"app":"backend"} (selector does not match template labels)',
  ]);
});

test('a traffic target that resolves to no Service port is an error at the target', () => {
  const cases: [string, string][] = [
    ['backend:8080', 'scenarios/a.yaml:40:15: spec.traffic[0].target: expected a port of Service default/backend: 80, got "backend:8080"'],
    ['frontend:80', 'scenarios/a.yaml:40:15: spec.traffic[0].target: expected a Service in this file (default/backend), got "frontend:80" (no Service default/frontend)'],
    ['backend.prod.svc.cluster.local:80', 'scenarios/a.yaml:40:15: spec.traffic[0].target: expected a Service in this file (default/backend), got "backend.prod.svc.cluster.local:80" (no Service prod/backend)'],
    ['10.96.0.10:80', 'scenarios/a.yaml:40:15: spec.traffic[0].target: expected the clusterIP of a Service in this file (none in this file), got "10.96.0.10:80"'],
  ];
  for (const [target, line] of cases) {
    assert.equal(problems(GOOD.replace('target: backend:80', `target: ${target}`)), [line]);
  }
});

test('limits: runs, expected requests, pods', () => {
  assert.equal(problems(GOOD.replace('  runs: 2\n', '  runs: 10001\n')), ['scenarios/a.yaml:31:9: spec.runs: expected an integer 1..10000, got 10001']);
  assert.equal(problems(GOOD.replace('rate: 250', 'rate: 60000000').replace('  runs: 2\n', '  runs: 2\n  warmup: 1s\n')), [
    'scenarios/a.yaml:40:5: spec.traffic: expected at most 1000000000 requests over all points and runs (Σ rate × (warmup + duration) × runs), got 1320000000',
  ]);
  const many = GOOD.replace('  replicas: 3\n', '  replicas: 100000\n').replace(
    '---\napiVersion: clusterip-sim',
    '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: more }\nspec:\n  replicas: 50001\n  selector: { matchLabels: { app: more } }\n  template:\n    metadata: { labels: { app: more } }\n    spec: { containers: [{ name: c }] }\n---\napiVersion: clusterip-sim',
  );
  assert.equal(problems(many), ['scenarios/a.yaml:6:13: spec.replicas: expected at most 150000 pods in total (Σ Deployment replicas + EndpointSlice endpoints), got 150001']);
  assert.equal(problems(GOOD.replace('    nodes: 3\n', '    nodes: 3\n    background: { services: 100001 }\n')), [
    'scenarios/a.yaml:35:29: spec.cluster.background.services: expected an integer 0..100000, got 100001',
  ]);
  assert.equal(problems(GOOD.replace(/  traffic:\n[^]*$/, '  traffic: []\n')), ['scenarios/a.yaml:38:12: spec.traffic: expected at least one traffic entry, got []']);
});

test('a file with no Scenario says so', () => {
  assert.equal(problems(GOOD.slice(0, GOOD.indexOf('---\napiVersion: clusterip-sim'))), ['scenarios/a.yaml:1:1: (file): expected one clusterip-sim/v1alpha1 Scenario document, got none']);
});

test.run();
