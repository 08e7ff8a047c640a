/**
 * The scenario of DESIGN.md (a Deployment exposed by a Service, and the
 * Scenario document) loads into the resolved model: durations in
 * nanoseconds, nodes named and given zones, defaults filled in.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { loadScenarioText } from '../src/scenario/index.js';

const FILE = 'scenarios/seed.yaml';
const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend-webapp
  labels: { app: backend-webapp }
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
          image: example.com/backend-webapp:1.0
          ports:
            - containerPort: 3000
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
metadata: { name: backend-pod-crash }
spec:
  seed: 42
  runs: 10
  warmup: 5s
  duration: 60s
  cluster:
    nodes: 3
    zones: [a, b]
    proxy: { mode: iptables, cost: auto }
    network: { latency: 100us }
    background:
      services: 10000
  workloads:
    - deployment: backend-webapp
      serviceTime: { distribution: exponential, mean: 10ms }
      concurrency: 1
  traffic:
    - name: web
      target: backend:80
      from: { nodes: all }
      arrival: { process: poisson, rate: 250 }
      connection: { requestsPerConnection: 1 }
      timeout: 1s
  thresholds:
    latency_p99_ms: "< 50"
    error_rate: "<= 0.001"
`;

const pos = (line: number, col: number) => ({ file: FILE, line, col });

test('the seed example loads with one point and no warnings', () => {
  const s = loadScenarioText(TEXT, FILE);
  assert.is(s.file, FILE);
  assert.is(s.name, 'backend-pod-crash');
  assert.is(s.hash, createHash('sha256').update(TEXT).digest('hex'));
  assert.equal(s.sweepKeys, []);
  assert.equal(s.warnings, []);
  assert.is(s.points.length, 1);
  assert.is(s.points[0]!.index, 0);
  assert.equal(s.points[0]!.params, []);
});

test('the Scenario spec is resolved to nanoseconds, named nodes and defaults', () => {
  const spec = loadScenarioText(TEXT, FILE).points[0]!.spec;
  assert.equal(spec, {
    name: 'backend-pod-crash',
    seed: 42,
    runs: 10,
    warmup: 5_000_000_000,
    duration: 60_000_000_000,
    cluster: {
      nodes: [
        { name: 'node-1', zone: 'a' },
        { name: 'node-2', zone: 'b' },
        { name: 'node-3', zone: 'a' },
      ],
      zones: ['a', 'b'],
      proxy: { mode: 'iptables', variant: '', policy: 'iptables', scheduler: 'rr', algorithm: '', maglevTableSize: 16381, cost: 'auto' },
      network: { latency: 100_000, externalLatency: 1_000_000 },
      serviceCIDR: '10.96.0.0/12',
      background: { services: 10000, endpointsPerService: 10 },
      // KUBE-FACTS §7: watch 25 ms, no batching, status at once, PLEG 1 s, kube-proxy 1 s / 30 s, partial restores, 50 s, 300 s
      controlPlane: {
        watchDelay: 25_000_000,
        endpointSliceBatch: 0,
        podStatusDelay: 0,
        exitDetection: 1_000_000_000,
        minSyncPeriod: 1_000_000_000,
        syncPeriod: 30_000_000_000,
        restore: 'partial',
        syncCost: 'auto',
        nodeMonitorGracePeriod: 50_000_000_000,
        tolerationSeconds: 300_000_000_000,
      },
    },
    workloads: [
      {
        deployment: 'backend-webapp',
        endpointSlice: null,
        namespace: 'default',
        serviceTime: { distribution: 'exponential', mean: 10_000_000 },
        concurrency: 1,
        startupTime: 1_000_000_000,
        queueLimit: null,
        // no probe, no preStop, 30 s grace, 25 % / 25 % (the Deployment says none of them)
        lifecycle: {
          readinessProbe: null,
          preStop: 0,
          terminationGracePeriod: 30_000_000_000,
          maxSurge: { value: 25, percent: true },
          maxUnavailable: { value: 25, percent: true },
        },
        pos: pos(46, 7),
      },
    ],
    traffic: [
      {
        name: 'web',
        target: { kind: 'name', service: 'backend', namespace: 'default', port: 80 },
        targetText: 'backend:80',
        from: { kind: 'all' },
        clients: 1,
        arrival: { process: 'poisson', rate: 250 },
        connection: { requestsPerConnection: 1, lifetime: null, persistent: false },
        timeout: 1_000_000_000,
        retry: null,
        closed: null,
        pos: pos(50, 7),
      },
    ],
    thresholds: [
      { metric: 'latency_p99_ms', op: '<', value: 50, text: '< 50', pos: pos(57, 21) },
      { metric: 'error_rate', op: '<=', value: 0.001, text: '<= 0.001', pos: pos(58, 17) },
    ],
    metricsInterval: 1_000_000_000,
    events: [],
  });
});

test('the Deployment and the Service are reduced to what routing needs', () => {
  const p = loadScenarioText(TEXT, FILE).points[0]!;
  assert.equal(p.deployments, [
    {
      name: 'backend-webapp',
      namespace: 'default',
      replicas: 3,
      selector: { matchLabels: { app: 'backend-webapp' }, matchExpressions: [] },
      podLabels: { app: 'backend-webapp' },
      labels: { app: 'backend-webapp' },
      containerPorts: [{ name: '', containerPort: 3000, protocol: 'TCP' }],
      hasReadinessProbe: false,
      terminationGracePeriodSeconds: 30,
      lifecycle: {
        readinessProbe: null,
        preStop: 0,
        terminationGracePeriod: 30_000_000_000,
        maxSurge: { value: 25, percent: true },
        maxUnavailable: { value: 25, percent: true },
      },
      pos: pos(1, 1),
    },
  ]);
  assert.equal(p.services, [
    {
      name: 'backend',
      namespace: 'default',
      selector: { app: 'backend-webapp' },
      ports: [{ name: '', port: 80, targetPort: 3000, protocol: 'TCP' }],
      clusterIP: null,
      headless: false,
      internalTrafficPolicy: 'Cluster',
      affinityTimeoutSeconds: 0,
      preferClose: false,
      pos: pos(20, 1),
    },
  ]);
  assert.equal(p.endpointSlices, []);
});

test('the resolved document is the Scenario as written, for manifest.json', () => {
  const s = loadScenarioText(TEXT, FILE);
  const r = s.resolved as { kind: string; metadata: { name: string }; spec: { warmup: string; cluster: { nodes: number } } };
  assert.is(r.kind, 'Scenario');
  assert.is(r.metadata.name, 'backend-pod-crash');
  assert.is(r.spec.warmup, '5s');
  assert.is(r.spec.cluster.nodes, 3);
  assert.equal(JSON.parse(JSON.stringify(s.points)), s.points, 'points are plain data');
});

test('a list of nodes keeps its names and zones, and zones default to those named', () => {
  const text = TEXT.replace('    nodes: 3\n    zones: [a, b]\n', '    nodes: [{ name: web-1, zone: east }, { name: web-2, zone: west }, { name: web-3 }]\n');
  const c = loadScenarioText(text, FILE).points[0]!.spec.cluster;
  assert.equal(c.nodes, [
    { name: 'web-1', zone: 'east' },
    { name: 'web-2', zone: 'west' },
    { name: 'web-3', zone: '' },
  ]);
  assert.equal(c.zones, ['east', 'west']);
});

test('with no zones every node has the empty zone', () => {
  const text = TEXT.replace('    zones: [a, b]\n', '');
  const c = loadScenarioText(text, FILE).points[0]!.spec.cluster;
  assert.equal(c.nodes.map((n) => n.zone), ['', '', '']);
  assert.equal(c.zones, []);
});

test.run();
