/**
 * Selector-less Services backed by EndpointSlice manifests (DESIGN.md
 * "Selector-less Services"): the slices labelled kubernetes.io/service-name
 * give the endpoints, matched to the Service port by port name; endpoints
 * with conditions.ready false are skipped; an address that is a pod of the
 * cluster is that pod, one on no node is `external` and is reached with
 * network.externalLatency (one way) instead of network.latency.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { buildCluster } from '../src/cluster/build.js';
import { ModelError } from '../src/cluster/model-error.js';
import { simulateRun } from '../src/traffic/simulation.js';
import { endpointsRows } from '../src/report/endpoints.js';
import { formatIPv4 } from '../src/routing/ipv4.js';

const slice = (name: string, svc: string, endpoints: string) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}
  labels: { kubernetes.io/service-name: ${svc} }
addressType: IPv4
ports: [{ name: http, port: 9000, protocol: TCP }, { name: other, port: 9999 }]
endpoints:
${endpoints}`;

function text(o: { workloads?: string; extLatency?: string; traffic?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: 1
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec: { containers: [{ name: c, image: i, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: ext }
spec:
  ports: [{ name: http, port: 80, targetPort: 9000 }]
---
apiVersion: v1
kind: Service
metadata: { name: mixed }
spec:
  ports: [{ name: http, port: 80, targetPort: 9000 }]
${slice('ext-1', 'ext', `  - addresses: [192.0.2.10]
  - addresses: [192.0.2.11]
    targetRef: { kind: Pod, name: legacy-db }
  - addresses: [192.0.2.12]
    conditions: { ready: false }`)}
${slice('mixed-1', 'mixed', `  - addresses: [192.0.2.20]
  - addresses: [10.128.0.2]`)}
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: t }
spec:
  seed: 5
  warmup: 0s
  duration: 20s
  cluster:
    nodes: 1
    proxy: { mode: iptables, cost: 0 }
    network: { latency: 0, externalLatency: ${o.extLatency ?? '2ms'} }
  workloads:
${o.workloads ?? `    - deployment: app
      serviceTime: { distribution: constant, mean: 5ms }
      concurrency: 1000
    - endpointSlice: ext-1
      serviceTime: { distribution: constant, mean: 5ms }
      concurrency: 1000
    - endpointSlice: mixed-1
      serviceTime: { distribution: constant, mean: 5ms }
      concurrency: 1000`}
  traffic:
${o.traffic ?? `    - name: to-ext
      target: ext:80
      arrival: { process: poisson, rate: 200 }
    - name: to-mixed
      target: mixed.default.svc.cluster.local:http
      arrival: { process: poisson, rate: 200 }`}
`;
}

test('endpoints come from the ready slice endpoints; external ones are on node −1, the pod address is the pod', () => {
  const p = loadScenarioText(text(), 't.yaml').points[0]!;
  const c = buildCluster(p);
  const ext = c.servicePorts.find((s) => s.service === 'ext')!;
  const mixed = c.servicePorts.find((s) => s.service === 'mixed')!;
  // the not-ready 192.0.2.12 is skipped; port 9000 from the slice port named like the Service port
  assert.equal(Array.from(ext.endpoints, (pod) => formatIPv4(c.podIP[pod]!)), ['192.0.2.10', '192.0.2.11']);
  assert.equal(Array.from(ext.endpointPorts), [9000, 9000]);
  assert.equal(Array.from(ext.endpoints, (pod) => c.podNode[pod]), [-1, -1]);
  assert.equal(Array.from(ext.endpoints, (pod) => c.podNames[pod]), ['192.0.2.10', 'legacy-db']);
  // 10.128.0.2 is the Deployment's one pod (node 0's first pod address): the same pod id
  assert.equal(Array.from(mixed.endpoints, (pod) => formatIPv4(c.podIP[pod]!)), ['10.128.0.2', '192.0.2.20']);
  assert.is(mixed.endpoints[0], 0);
  assert.is(c.podNode[mixed.endpoints[0]!], 0);
  assert.is(c.podNode[mixed.endpoints[1]!], -1);
});

test('an external request takes service time + 2 × externalLatency, exactly; an in-cluster one the service time', () => {
  const p = loadScenarioText(text(), 't.yaml').points[0]!;
  const cluster = buildCluster(p);
  const r = simulateRun(cluster, p.spec, 0);
  const [toExt, toMixed] = r.sources;
  // latency 0, cost 0, constant 5 ms and no queueing (concurrency 1000): every request to ext takes 5 + 2 × 2 ms
  assert.ok(toExt!.completed > 3000, `completed ${toExt!.completed}`);
  assert.is(toExt!.latency.min, 9_000_000);
  assert.is(toExt!.latency.max, 9_000_000);
  // mixed: the pod answers in 5 ms, the external address in 9 ms; the sum says how many of each
  const mixed = cluster.servicePorts.find((s) => s.service === 'mixed')!;
  assert.is(toMixed!.latency.min, 5_000_000);
  assert.is(toMixed!.latency.max, 9_000_000);
  const toPod = r.epRequests[mixed.endpointBase]!;
  const toOut = r.epRequests[mixed.endpointBase + 1]!;
  assert.ok(toPod > 1000 && toOut > 1000, `${toPod} / ${toOut}`);
  assert.is(toMixed!.latency.sum, toPod * 5_000_000 + toOut * 9_000_000);
  // externalLatency 0 on a zero-latency network: the same as in-cluster
  const p0 = loadScenarioText(text({ extLatency: '0s' }), 't.yaml').points[0]!;
  assert.is(simulateRun(buildCluster(p0), p0.spec, 0).sources[0]!.latency.max, 5_000_000);
});

test('endpoints.csv: an external endpoint row has empty node and zone', () => {
  const p = loadScenarioText(text(), 't.yaml').points[0]!;
  const cluster = buildCluster(p);
  const r = simulateRun(cluster, p.spec, 0);
  const rows = endpointsRows({ name: 't', sweepKeys: [] }, p, cluster, { point: 0, run: 0, ...r });
  const ext = rows.filter((row) => row[3] === 'default/ext:80');
  assert.equal(ext.map((row) => row.slice(4, 7)), [['192.0.2.10', '192.0.2.10:9000', ''], ['legacy-db', '192.0.2.11:9000', '']]);
  assert.equal(ext.map((row) => row[7]), ['', '']);
  const mixed = rows.filter((row) => row[3] === 'default/mixed:80');
  assert.equal(mixed.map((row) => [row[5], row[6]]), [['10.128.0.2:9000', 'node-1'], ['192.0.2.20:9000', '']]);
});

test('a targeted slice without a workloads entry is an error at the traffic target, naming the slice', () => {
  const workloads = `    - deployment: app
      serviceTime: { distribution: constant, mean: 5ms }`;
  const p = loadScenarioText(text({ workloads }), 't.yaml').points[0]!;
  try {
    buildCluster(p);
    assert.unreachable('built');
  } catch (e) {
    assert.instance(e, ModelError);
    const msg = (e as ModelError).problems.join('\n');
    assert.match(msg, /^t\.yaml:\d+:\d+: spec\.traffic\[0\]\.target: expected a spec\.workloads entry for every EndpointSlice behind Service ext, got none for EndpointSlice default\/ext-1 \(endpoint 192\.0\.2\.10, external\)/);
  }
});

test('workloads[]: exactly one of deployment and endpointSlice; the slice must exist', () => {
  const workloads = `    - deployment: app
      endpointSlice: ext-1
      serviceTime: { distribution: constant, mean: 5ms }
    - serviceTime: { distribution: constant, mean: 5ms }
    - endpointSlice: nope
      serviceTime: { distribution: constant, mean: 5ms }`;
  try {
    loadScenarioText(text({ workloads }), 't.yaml');
    assert.unreachable('loaded');
  } catch (e) {
    assert.instance(e, ScenarioError);
    const lines = (e as ScenarioError).problems;
    assert.ok(lines.some((l) => /^t\.yaml:\d+:\d+: spec\.workloads\[0\]\.endpointSlice: expected exactly one of key "deployment" .*, got both$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^t\.yaml:\d+:\d+: spec\.workloads\[1\]: expected exactly one of key "deployment"/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^t\.yaml:\d+:\d+: spec\.workloads\[2\]\.endpointSlice: expected the name of an EndpointSlice of a selector-less Service in this file \(default\/ext-1, default\/mixed-1\), got "nope"$/.test(l)), lines.join('\n'));
  }
});

test('a selector-less Service whose slices list no ready endpoint warns "has no endpoints"', () => {
  const t = text().replace('  - addresses: [192.0.2.10]\n  - addresses: [192.0.2.11]\n    targetRef: { kind: Pod, name: legacy-db }\n', '');
  const w = loadScenarioText(t, 't.yaml').warnings;
  assert.ok(w.some((l) => /Service default\/ext port 80 has no endpoints/.test(l)), w.join('\n'));
});

test.run();
