/**
 * Robustness: whatever a text turns into under random edits (characters
 * deleted, inserted or replaced, a scalar swapped, a line duplicated or
 * dropped, indentation changed), loading it either returns or throws a
 * ScenarioError whose every problem starts with `file:line:col: `; a text
 * that loads has only positioned warnings. Any other exception, or an
 * "internal error" problem, fails. 10,000 load-and-validate cases (no
 * simulation; ~2 ms of CPU each measured on a loaded 2-core machine;
 * FUZZ_RUNS=N runs N instead), then 200 that also build and run.
 * Seeded, so a failure replays.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { ModelError } from '../src/cluster/model-error.js';
import { simulateRun } from '../src/traffic/simulation.js';

const SEED_EXAMPLE = `apiVersion: apps/v1
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
          ports:
            - { name: http, containerPort: 3000 }
          readinessProbe: { httpGet: { path: /, port: http } }
---
apiVersion: v1
kind: Service
metadata:
  name: backend
spec:
  selector: { app: backend-webapp }
  clusterIP: 10.96.0.20
  ports:
    - { name: http, port: 80, targetPort: http }
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: mutations }
spec:
  seed: 42
  runs: 3
  warmup: 1s
  duration: 10s
  cluster:
    nodes: [{ name: a-1, zone: a }, { name: b-1, zone: b }]
    zones: [a, b]
    proxy: { mode: ipvs, cost: 0 }
    network: { latency: 0 }
  workloads:
    - deployment: backend-webapp
      serviceTime: { distribution: uniform, mean: 10ms, spread: 2ms }
      concurrency: 2
  traffic:
    - name: web
      target: backend.default.svc.cluster.local:http
      from: { zone: a }
      arrival: { process: constant, rate: 100 }
      timeout: 500ms
    - name: by-ip
      target: 10.96.0.20:80
      from: { nodes: [b-1] }
      arrival: { rate: 10 }
  sweep:
    cluster.proxy.mode: [nftables, ipvs]
    traffic.0.arrival.rate: [100]
  thresholds:
    error_rate: "< 0.01"
  metrics: { interval: 500ms }
`;

const KUBECTL_LIST = `apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: db
    namespace: data
    uid: 0c1f2f8e-3a4b-4c5d-8e9f-0a1b2c3d4e5f
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      manager: kubectl
  spec:
    clusterIP: 10.96.7.7
    clusterIPs: [10.96.7.7]
    ipFamilies: [IPv4]
    ipFamilyPolicy: SingleStack
    ports:
    - port: 5432
      protocol: TCP
      targetPort: 5432
    type: ClusterIP
  status:
    loadBalancer: {}
- addressType: IPv4
  apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata:
    name: db-1
    namespace: data
    labels: { kubernetes.io/service-name: db }
  ports: [{ name: "", port: 5432, protocol: TCP }]
  endpoints:
  - addresses: [10.244.0.9]
    conditions: { ready: true }
    nodeName: node-1
    zone: a
  - addresses: [10.244.0.10]
    conditions: { ready: false, terminating: true }
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: db-reads }
spec:
  duration: 2s
  cluster: { nodes: 2, zones: [a] }
  traffic:
    - name: reads
      target: db.data:5432
      arrival: { process: poisson, rate: 20 }
`;

const ANCHORS = `apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: anchors }
spec:
  duration: &d 5s
  warmup: *d
  traffic:
    - &t { name: one, target: "10.96.0.30:80", arrival: { rate: 1 } }
  sweep:
    runs: [1, 2]
---
apiVersion: v1
kind: Service
metadata: { name: svc }
spec:
  clusterIP: 10.96.0.30
  ports: [{ port: 80 }]
`;

const TEXTS = [SEED_EXAMPLE, KUBECTL_LIST, ANCHORS];
const FILE = 'fuzz.yaml';

test('every base text loads, builds and runs', () => {
  for (const t of TEXTS) buildAndRun(loadScenarioText(t, FILE));
});

const SPECIAL = [':', '-', ' ', '\n', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', "'", '"', '#', '%', '@', '`', '?', '\t', '.', '0', '9', 'a', 'Z', '~', '\\', '\u00e9', '\ufeff'];
const SCALARS = ['', '0', '-1', '1e400', '.nan', '.inf', 'null', '~', 'true', 'x', '"', "'a", '[]', '{}', '[1, [2]]', '{a: 1}', '!foo 1', '!!binary aGk=', '*nope', '&a 1', '10ms', '-5s', '99999999999999999999', '0x1F', '9007199254740993', '10.96.0.1', 'None', 'ClientIP', 'ebpf', 'lc', '"a\\u0000b"', '|\n  text', '__proto__', 'constructor'];

type Mutation =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; ch: string }
  | { kind: 'scalar'; which: number; value: string }
  | { kind: 'dupLine'; line: number }
  | { kind: 'dropLine'; line: number }
  | { kind: 'indent'; line: number; delta: number }
  | { kind: 'typoKey'; which: number; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), ch: fc.constantFrom(...SPECIAL) }),
  fc.record({ kind: fc.constant('scalar' as const), which: fc.nat(), value: fc.oneof(fc.constantFrom(...SCALARS), fc.string({ maxLength: 10 })) }),
  fc.record({ kind: fc.constant('dupLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('typoKey' as const), which: fc.nat(), at: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.len);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'replace': {
      const at = m.at % Math.max(1, text.length);
      return text.slice(0, at) + m.ch + text.slice(at + 1);
    }
    case 'scalar': {
      // the value after a `key: ` (block or flow), up to the end of the line or a flow delimiter
      const spots = [...text.matchAll(/: ([^\n,{}\[\]]+)/g)];
      if (spots.length === 0) return text;
      const s = spots[m.which % spots.length]!;
      const at = s.index! + 2;
      return text.slice(0, at) + m.value + text.slice(at + s[1]!.length);
    }
    case 'dupLine': {
      const i = m.line % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'dropLine': {
      lines.splice(m.line % lines.length, 1);
      return lines.join('\n');
    }
    case 'typoKey': {
      // two adjacent letters of a mapping key swapped: `replicas` → `replcias`
      const keys = [...text.matchAll(/([A-Za-z]{3,}):/g)];
      if (keys.length === 0) return text;
      const k = keys[m.which % keys.length]!;
      const word = k[1]!;
      const i = m.at % (word.length - 1);
      const typo = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      return text.slice(0, k.index!) + typo + text.slice(k.index! + word.length);
    }
    case 'indent': {
      const i = m.line % lines.length;
      const l = lines[i]!;
      lines[i] = m.delta >= 0 ? ' '.repeat(m.delta) + l : l.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
  }
}

const PROBLEM = /^[^:]+:\d+:\d+: /;

/**
 * What the CLI does after loading: build every point's cluster (a ModelError
 * with positioned problems is the only failure allowed), then — when the run
 * is small enough for a test — simulate its first run, which must end every
 * planned request exactly once.
 */
function buildAndRun(loaded: ReturnType<typeof loadScenarioText>): void {
  for (const point of loaded.points) {
    let cluster;
    try {
      cluster = buildCluster(point);
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      for (const p of e.problems) assert.match(p, PROBLEM);
      continue;
    }
    const s = point.spec;
    const expected = s.traffic.reduce((n, t) => n + (t.arrival.rate * (s.warmup + s.duration)) / 1e9, 0);
    if (expected > 20_000) continue;
    const c = simulateRun(cluster, s, 0);
    assert.is(c.completed + c.refused + c.reset + c.timeout + c.dropped + c.rejected, c.requests);
  }
}

function loadOrFail(text: string): ReturnType<typeof loadScenarioText> | undefined {
  let loaded;
  try {
    loaded = loadScenarioText(text, FILE);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    assert.ok(e.problems.length > 0, 'at least one problem');
    for (const p of e.problems) {
      assert.match(p, PROBLEM);
      assert.ok(p.startsWith(`${FILE}:`), p);
      assert.not.match(p, /internal error/);
      assert.not.ok(p.includes('\n'), 'one line per problem');
    }
    return undefined;
  }
  for (const w of loaded.warnings) {
    assert.ok(w.startsWith(`${FILE}:`) && PROBLEM.test(w), w);
    assert.not.ok(w.includes('\n'), 'one line per warning');
  }
  return loaded;
}

test('10,000 mutated scenarios load and validate, or fail with positioned problems; nothing else escapes', () => {
  let failed = 0;
  fc.assert(
    fc.property(fc.nat({ max: TEXTS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, muts) => {
      if (loadOrFail(muts.reduce(apply, TEXTS[which]!)) === undefined) failed++;
    }),
    { seed: 42, numRuns: Number(process.env.FUZZ_RUNS ?? 10_000) },
  );
  assert.ok(failed > Number(process.env.FUZZ_RUNS ?? 10_000) / 10, `most mutations break something (${failed})`);
});

test('mutated scenarios that load also build and run', () => {
  fc.assert(
    fc.property(fc.nat({ max: TEXTS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, muts) => {
      const loaded = loadOrFail(muts.reduce(apply, TEXTS[which]!));
      if (loaded !== undefined) buildAndRun(loaded);
    }),
    { seed: 7, numRuns: 200 },
  );
});

test('overrides from the command line are just as safe', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('runs=', '=1', 'spec.=1', 'cluster.nodes=[{name: x}]', 'traffic[99].x=1', 'sweep={runs: [1, 2]}', 'metrics.interval=!x 1', 'a.b.c.d=1', 'traffic.0=1')), (o) => {
      try {
        loadScenarioText(SEED_EXAMPLE, FILE, { overrides: [o] });
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        for (const p of e.problems) {
          assert.match(p, PROBLEM);
          assert.not.match(p, /internal error/);
        }
      }
    }),
    { seed: 42, numRuns: 200 },
  );
});

test.run();
