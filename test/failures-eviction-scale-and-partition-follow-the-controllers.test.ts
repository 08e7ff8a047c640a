/**
 * The controllers that create and delete pods, against their rules:
 * - eviction: a node down stays NotReady for tolerationSeconds, then its pods
 *   are deleted and the ReplicaSet creates as many replacements, on nodes
 *   that are up; each joins the Service when its probe passes, and every
 *   node's data plane ends with exactly the replicas that run;
 * - scale: up adds the new pods once ready; down removes the surplus
 *   (terminating first, so nothing is refused with a preStop covering the
 *   propagation), and the Service ends with `replicas` endpoints;
 * - partition: nothing crosses it (requests from the cut-off side to pods on
 *   the other, and back, time out), and every error stops when it heals.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureScenario, load, simulate, changes, errorsOf, S } from './helpers/failures.js';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { nodeView } from '../src/cli/inspect.js';

test('eviction after the toleration: the pods of the dead node are replaced on the nodes left, which end up routing to them', () => {
  const l = load(
    failureScenario({
      replicas: 4,
      nodes: 3,
      probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 1 }',
      controlPlane: '{ nodeMonitorGracePeriod: 2s, tolerationSeconds: 3s }',
      traffic: `    - name: t
      target: svc:80
      from: { nodes: [node-1, node-2] }
      arrival: { process: poisson, rate: 200 }
      timeout: 500ms
`,
      events: ['{ at: 2s, action: node-down, node: node-3 }'],
      duration: '15s',
    }),
  );
  const node3 = l.cluster.nodeNames.indexOf('node-3');
  const onNode3 = l.pods.filter((n) => l.cluster.podNode[l.cluster.podNames.indexOf(n)] === node3);
  assert.ok(onNode3.length >= 1, 'the placement put a pod on node-3');
  const c = simulate(l);
  const ch = changes(c, 3);
  // NotReady at 2 + 2 s: node-3's endpoints removed then (the API write of the node lifecycle controller)
  for (const name of onNode3) {
    const rm = ch.find((x) => x.endpoint === name && x.kind === 'remove');
    assert.ok(rm !== undefined, `${name} removed`);
    assert.is(rm!.changedAt, 4 * S);
  }
  // eviction at 4 + 3 s: as many replacements as there were pods on node-3, added after their probe, on nodes 1–2
  const added = ch.filter((x) => x.kind === 'add');
  assert.is(added.length, onNode3.length);
  for (const a of added) {
    const p = l.cluster.podNames.indexOf(a.endpoint);
    assert.ok(l.cluster.podSpare[p] === 1, `${a.endpoint} is a new pod`);
    assert.is.not(l.cluster.podNode[p], node3, `${a.endpoint} is not on the dead node`);
    // created at 7 s (+ the kubelet's watch delay), listening after startupTime 1 s, ready at a probe within 1 s after
    assert.ok(a.changedAt >= 8 * S && a.changedAt <= 9.1 * S, `${a.endpoint} ready at ${a.changedAt / S} s`);
  }
  // errors only from the node's death to the removal (+ propagation and the client timeout), none after
  const s = c.series;
  for (let k = 0; k < s.intervals; k++) {
    let e = 0;
    for (let j = 0; j < 5; j++) e += s.errors[k * 5 + j]!;
    if (k < 2 || k >= 5) assert.is(e, 0, `interval ${k}: ${e} errors`);
  }
  assert.ok(c.timeout > 0 && errorsOf(c) === c.timeout);
});

test('scale up, then down with a preStop: new pods join once ready, the surplus leaves, nothing fails', () => {
  const l = load(
    failureScenario({
      replicas: 2,
      nodes: 2,
      probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 1 }',
      workloadExtra: 'preStop: 2s',
      rate: 300,
      timeout: '1s',
      events: ['{ at: 2s, action: scale, deployment: app, replicas: 5 }', '{ at: 8s, action: scale, deployment: app, replicas: 3 }'],
      duration: '14s',
    }),
  );
  const c = simulate(l);
  assert.is(errorsOf(c), 0);
  const ch = changes(c, 2);
  assert.is(ch.filter((x) => x.kind === 'add').length, 3);
  // scale-down: 2 pods go terminating (update), then removed once gone
  const leaving = new Set(ch.filter((x) => x.changedAt >= 8 * S && x.kind !== 'add').map((x) => x.endpoint));
  assert.is(leaving.size, 2);
  // the last generation every node programmed holds exactly 3 ready endpoints: rebuild it from the log
  const routed = new Set(l.pods);
  for (const x of ch) {
    if (x.kind === 'add') routed.add(x.endpoint);
    else routed.delete(x.endpoint);
  }
  assert.is(routed.size, 3);
  for (const x of ch) for (const t of x.programmedAt) assert.ok(!Number.isNaN(t), `${x.endpoint} ${x.kind} reached every node`);
});

test('a partition: requests across it time out, both ways, and stop when it heals', () => {
  const l = load(
    failureScenario({
      replicas: 4,
      nodes: 2,
      probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 1 }',
      controlPlane: '{ nodeMonitorGracePeriod: 50s }',
      rate: 400,
      timeout: '500ms',
      events: ['{ at: 2s, action: partition, nodes: [node-2], duration: 4s }'],
      duration: '10s',
    }),
  );
  const c = simulate(l);
  assert.ok(c.timeout > 0);
  assert.is(errorsOf(c), c.timeout);
  // clients on both nodes, pods 2 + 2: half the requests cross the cut while it lasts (4 s × 400/s × ½ = 800),
  // ±4√800 ≈ ±113 (Poisson count of crossing requests)
  assert.ok(Math.abs(c.timeout - 800) < 113, `timeouts ${c.timeout}`);
  const s = c.series;
  for (let k = 0; k < s.intervals; k++) {
    let e = 0;
    for (let j = 0; j < 5; j++) e += s.errors[k * 5 + j]!;
    if (k < 2 || k >= 6) assert.is(e, 0, `interval ${k}: ${e} errors`);
  }
  // within the grace period nothing reached the API server: no endpoint change
  assert.is(c.programming.changes.length, 0);
});

test('terminating-but-serving endpoints are used only when no ready one is left (KEP-1669)', () => {
  // scale 2 → 0 at 2 s with a 3 s preStop: no ready endpoint is left, so kube-proxy falls back to the
  // terminating ones, which still serve until SIGTERM at ~5 s: no error in between; after it, refused
  const l = load(
    failureScenario({
      replicas: 2,
      nodes: 2,
      probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 1, failureThreshold: 1 }',
      workloadExtra: 'preStop: 3s',
      rate: 200,
      events: ['{ at: 2s, action: scale, deployment: app, replicas: 0 }'],
      duration: '8s',
      interval: '500ms',
    }),
  );
  const c = simulate(l);
  const s = c.series;
  const errorsIn = (k: number) => {
    let e = 0;
    for (let j = 0; j < 5; j++) e += s.errors[k * 5 + j]!;
    return e;
  };
  for (let k = 0; k < 10; k++) assert.is(errorsIn(k), 0, `interval ${k / 2} s: served by the terminating endpoints`);
  for (let k = 11; k < 16; k++) assert.is(errorsIn(k), s.requests[k], `interval ${k / 2} s: nothing serves any more`);
  // the changes: each endpoint goes ready → terminating+serving (update), then out of the fallback (remove)
  const kinds = changes(c, 2).map((x) => x.kind);
  assert.equal(kinds.filter((k) => k === 'update').length, 2);
  assert.equal(kinds.filter((k) => k === 'remove').length, 2);
});

test('inspect shows the cluster of t=0: not the pods a scale-up will create', () => {
  const text = failureScenario({ replicas: 2, nodes: 2, events: ['{ at: 1s, action: scale, deployment: app, replicas: 6 }'], duration: '2s' });
  const p = loadScenarioText(text, 't.yaml').points[0]!;
  const built = buildCluster(p);
  assert.ok(built.podSpare.some((x) => x === 1), 'the build made spare pods for the scale-up');
  const view = nodeView(p, built, 'node-1');
  assert.is(view.servicePorts[0]!.endpoints.length, 2);
});

test.run();
