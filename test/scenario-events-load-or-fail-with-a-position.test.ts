/**
 * `events[]` (DESIGN.md "Events"): every action resolves with its target and
 * extra fields into EventSpecs sorted stably by `at`, each with a short text
 * for timeseries.csv; a field an action does not take, a missing target or
 * field, a Deployment, node or zone the file does not have, an event after
 * the run, and a bad `set` path are each reported at their position, all at
 * once. An action the simulator does not run yet is "not yet supported" at
 * its `action`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';
import { SUPPORTED_ACTIONS } from '../src/failures/actions.js';
import type { EventAction } from '../src/scenario/types.js';

const FILE = 'ev.yaml';
const S = 1e9;
const BASE = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: ev }
spec:
  warmup: 5s
  duration: 60s
  cluster:
    nodes: 3
    zones: [a, b, c]
  workloads:
    - deployment: web
      serviceTime: { distribution: constant, mean: 1ms }
  traffic:
    - name: t
      target: web:80
      arrival: { rate: 100 }
  events:
`;
/** The line of the first event (BASE's lines + 1). */
const FIRST = BASE.split('\n').length;

function load(events: string, opts = {}) {
  return loadScenarioText(BASE + events, FILE, opts);
}

function problems(events: string): readonly string[] {
  try {
    load(events);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  assert.unreachable('expected a ScenarioError');
  return [];
}

test('the supported actions resolve with their targets and fields, sorted by at (stable for ties)', () => {
  const events = load(`    - { at: 40s, action: scale, deployment: web, replicas: 5 }
    - { at: 10s, action: kill-pod, deployment: web, count: 2 }
    - { at: 10s, action: kill-pod, pod: web-abc-x2b4q }
    - { at: 20s, action: hang-pod, deployment: web, duration: 30s }
    - { at: 20.5s, action: slow-pod, pod: web-abc-x2b4q, factor: 2.5, duration: 1500ms }
    - { at: 30s, action: node-down, node: node-3 }
    - { at: 35s, action: node-up, zone: c }
    - { at: 0, action: rollout, deployment: web, maxSurge: 1 }
    - { at: 50s, action: rollout, deployment: web }
`).points[0]!.spec.events!;
  const none = { duration: null, factor: null, replicas: null, maxSurge: null, maxUnavailable: null, labels: null, path: null, value: null, serviceTime: null };
  const strip = (e: object) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'pos'));
  assert.equal(events.map(strip), [
    { ...none, at: 0, action: 'rollout', target: { kind: 'deployment', deployment: 'web', namespace: 'default', count: 0 }, maxSurge: { value: 1, percent: false }, text: 'rollout deployment/web maxSurge=1', index: 7 },
    { ...none, at: 10 * S, action: 'kill-pod', target: { kind: 'deployment', deployment: 'web', namespace: 'default', count: 2 }, text: 'kill-pod deployment/web×2', index: 1 },
    { ...none, at: 10 * S, action: 'kill-pod', target: { kind: 'pod', pod: 'web-abc-x2b4q' }, text: 'kill-pod pod/web-abc-x2b4q', index: 2 },
    { ...none, at: 20 * S, action: 'hang-pod', target: { kind: 'deployment', deployment: 'web', namespace: 'default', count: 1 }, duration: 30 * S, text: 'hang-pod deployment/web×1 30s', index: 3 },
    { ...none, at: 20.5 * S, action: 'slow-pod', target: { kind: 'pod', pod: 'web-abc-x2b4q' }, factor: 2.5, duration: 1.5 * S, text: 'slow-pod pod/web-abc-x2b4q ×2.5 1500ms', index: 4 },
    { ...none, at: 30 * S, action: 'node-down', target: { kind: 'node', node: 'node-3' }, text: 'node-down node/node-3', index: 5 },
    { ...none, at: 35 * S, action: 'node-up', target: { kind: 'zone', zone: 'c' }, text: 'node-up zone/c', index: 6 },
    { ...none, at: 40 * S, action: 'scale', target: { kind: 'deployment', deployment: 'web', namespace: 'default', count: 0 }, replicas: 5, text: 'scale deployment/web→5', index: 0 },
    { ...none, at: 50 * S, action: 'rollout', target: { kind: 'deployment', deployment: 'web', namespace: 'default', count: 0 }, text: 'rollout deployment/web', index: 8 },
  ]);
  // each keeps the position of its entry, and its index in the list as written (index above)
  assert.equal(events[0]!.pos, { file: FILE, line: FIRST + 7, col: 7 });
  for (const e of events) assert.not.match(e.text, /[;,]/);
});

test('no events: an empty list', () => {
  assert.equal(loadScenarioText(BASE.replace('  events:\n', ''), FILE).points[0]!.spec.events, []);
});

test('a set event on a path the simulator cannot change during a run is "not yet supported" at its path, once fully valid otherwise', () => {
  assert.equal(problems(`    - { at: 1s, action: set, path: cluster.proxy.mode, value: ipvs }
    - { at: 1s, action: set, path: cluster.proxy.mode, value: teleport }
`), [
    `ev.yaml:${FIRST}:36: spec.events[0].path: expected a path the simulator can change during a run (traffic[i].arrival.rate, workloads[i].serviceTime or one of its keys, workloads[i].concurrency), got "cluster.proxy.mode" (not yet supported)`,
    `ev.yaml:${FIRST + 1}:36: spec.events[1].path: expected a path the simulator can change during a run (traffic[i].arrival.rate, workloads[i].serviceTime or one of its keys, workloads[i].concurrency), got "cluster.proxy.mode" (not yet supported)`,
    `ev.yaml:${FIRST + 1}:63: spec.events[1].value: expected one of iptables, nftables, ipvs, ebpf, mesh, got "teleport"`,
  ]);
});

test('partition, relabel-pod and set resolve with their targets and fields', () => {
  const supported = SUPPORTED_ACTIONS as Set<EventAction>;
  const added = (['partition', 'relabel-pod', 'set'] as const).filter((a) => !supported.has(a));
  for (const a of added) supported.add(a);
  try {
    const events = load(`    - { at: 1s, action: partition, nodes: [node-1, node-2], duration: 5s }
    - { at: 2s, action: partition, zone: a, duration: 1m }
    - { at: 3s, action: relabel-pod, deployment: web, count: 1, labels: { app: canary, tier: null } }
    - { at: 4s, action: set, path: "traffic[0].arrival.rate", value: 500 }
`).points[0]!.spec.events!;
    assert.equal(events.map((e) => [e.action, e.target, e.duration, e.labels, e.path, e.value, e.text]), [
      ['partition', { kind: 'nodes', nodes: ['node-1', 'node-2'] }, 5 * S, null, null, null, 'partition nodes/node-1+node-2 5s'],
      ['partition', { kind: 'zone', zone: 'a' }, 60 * S, null, null, null, 'partition zone/a 1m'],
      ['relabel-pod', { kind: 'deployment', deployment: 'web', namespace: 'default', count: 1 }, null, { app: 'canary', tier: null }, null, null, 'relabel-pod deployment/web×1 app=canary tier-'],
      ['set', { kind: 'none' }, null, null, 'traffic[0].arrival.rate', 500, 'set traffic[0].arrival.rate=500'],
    ]);
    // a set event's path and value are checked as a sweep key's
    assert.equal(problems(`    - { at: 1s, action: set, path: "traffic[0].arrival.speed", value: 1 }
    - { at: 1s, action: set, path: "traffic[3].arrival.rate", value: 1 }
    - { at: 1s, action: set, path: "traffic[0].arrival.rate", value: -1 }
    - { at: 1s, action: set, path: seed, value: 2 }
`), [
      `ev.yaml:${FIRST}:36: spec.events[0].path: expected a path into the Scenario spec (like traffic[0].arrival.rate; not seed, runs, warmup, duration, events, sweep, thresholds, metrics), got unknown path "traffic[0].arrival.speed"`,
      `ev.yaml:${FIRST + 1}:36: spec.events[1].path: expected a path that exists in this scenario, got a path where traffic has 1 entry`,
      `ev.yaml:${FIRST + 2}:70: spec.events[2].value: expected a number > 0, got -1`,
      `ev.yaml:${FIRST + 3}:36: spec.events[3].path: expected a path into the Scenario spec (like traffic[0].arrival.rate; not seed, runs, warmup, duration, events, sweep, thresholds, metrics), got unknown path "seed"`,
    ]);
  } finally {
    for (const a of added) supported.delete(a);
  }
});

test('fields an action does not take, missing targets and fields, and unknown names are reported at their positions, all at once', () => {
  assert.equal(problems(`    - { at: 10s, action: kill-pod, deployment: web, factor: 2 }
    - { at: 10s, action: scale, deployment: web, count: 2, replicas: 1 }
    - { at: 10s, action: hang-pod, deployment: web }
    - { at: 10s, action: kill-pod }
    - { at: 10s, action: node-down, node: node-1, zone: a }
    - { at: 10s, action: kill-pod, deployment: api }
    - { at: 10s, action: node-down, node: node-9 }
    - { at: 10s, action: node-up, zone: z }
    - { at: 65s, action: kill-pod, pod: web-1 }
    - { at: 10s, action: explode, pod: web-1 }
    - { at: 10s, action: slow-pod, pod: web-1, count: 2, factor: 0, duration: 1s, colour: red }
    - { at: 10s, action: rollout, deployment: web, maxUnavailable: 0 }
`), [
    `ev.yaml:${FIRST}:53: spec.events[0].factor: expected one of at, action, pod, deployment, namespace, count (for action kill-pod), got key "factor"`,
    `ev.yaml:${FIRST + 1}:50: spec.events[1].count: expected one of at, action, deployment, namespace, replicas (for action scale), got key "count"`,
    `ev.yaml:${FIRST + 2}:7: spec.events[2]: expected key "duration" (a duration > 0, for action hang-pod), got {"at":"10s","action":"hang-pod","deploy…`,
    `ev.yaml:${FIRST + 3}:7: spec.events[3]: expected key "pod" or key "deployment" (the target of kill-pod), got {"at":"10s","action":"kill-pod"}`,
    `ev.yaml:${FIRST + 4}:51: spec.events[4].zone: expected exactly one of key "node" or key "zone" (the target of node-down), got both`,
    `ev.yaml:${FIRST + 5}:48: spec.events[5].deployment: expected the name of a Deployment in this file (default/web), got "api"`,
    `ev.yaml:${FIRST + 6}:43: spec.events[6].node: expected a node of the cluster (node-1, node-2, node-3), got "node-9"`,
    `ev.yaml:${FIRST + 7}:41: spec.events[7].zone: expected a zone of some node (a, b, c), got "z"`,
    `ev.yaml:${FIRST + 8}:13: spec.events[8].at: expected a time before the run ends (warmup + duration = 65s, counted from t=0), got "65s"`,
    `ev.yaml:${FIRST + 9}:26: spec.events[9].action: expected one of kill-pod, hang-pod, slow-pod, node-down, node-up, partition, scale, rollout, relabel-pod, set, got "explode"`,
    `ev.yaml:${FIRST + 10}:48: spec.events[10].count: expected no count with key "pod" (it names one pod; count goes with key "deployment"), got key "count"`,
    `ev.yaml:${FIRST + 10}:66: spec.events[10].factor: expected a number > 0 (service time × factor), got 0`,
    `ev.yaml:${FIRST + 10}:83: spec.events[10].colour: expected one of at, action, pod, deployment, namespace, count, node, nodes, zone, duration, factor, replicas, maxSurge, maxUnavailable, labels, path, value, got unknown key "colour"`,
    // the Deployment's own maxSurge is 0, so maxUnavailable 0 would stall the rollout
    `ev.yaml:${FIRST + 11}:68: spec.events[11].maxUnavailable: expected a maxUnavailable > 0 when maxSurge is 0, got 0 (as Kubernetes: a rollout could never progress)`,
  ]);
});

test('a sweep reaches an event\'s fields', () => {
  const s = load('    - { at: 10s, action: kill-pod, deployment: web }\n  sweep:\n    events[0].at: [10s, 20s]\n');
  assert.equal(s.points.map((p) => p.spec.events![0]!.at), [10 * S, 20 * S]);
  const set = load('    - { at: 10s, action: scale, deployment: web, replicas: 1 }\n', { overrides: ['events[0].replicas=4'] });
  assert.is(set.points[0]!.spec.events![0]!.text, 'scale deployment/web→4');
});

test.run();
