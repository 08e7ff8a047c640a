/**
 * The cluster at t=0: pods spread like the default scheduler, endpoints
 * selected by labels within the namespace, targetPort by number or name,
 * endpoints in kube-proxy's "IP:port" string order, ClusterIPs as the
 * apiserver allocates them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildCluster, podAddress } from '../src/cluster/build.js';
import { formatIPv4 } from '../src/routing/ipv4.js';

function scenario(objects: string, spec = '', workloads = ['web']): string {
  return `${objects}
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: t }
spec:
  seed: 3
  duration: 1s
  cluster:
    nodes: [{ name: n1, zone: a }, { name: n2, zone: a }, { name: n3, zone: b }, { name: n4, zone: b }]
    zones: [a, b]
  workloads:
${workloads.map((w) => `    - { deployment: ${w}, serviceTime: { distribution: constant, mean: 1ms } }`).join('\n')}
  traffic:
    - { name: t, target: web:80, arrival: { process: poisson, rate: 10 } }
${spec}`;
}

const deployment = (name: string, replicas: number, labels: string, ports: string, ns = 'default') => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: ${labels} }
  template:
    metadata: { labels: ${labels} }
    spec: { containers: [{ name: c, image: i, ports: ${ports} }] }`;

const service = (name: string, selector: string, ports: string, extra = '', ns = 'default') => `---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: ${selector}
  ports: ${ports}
${extra}`;

test('replicas spread over zones first, then nodes, like the default scheduler', () => {
  const text = scenario(
    deployment('web', 6, '{ app: web }', '[{ containerPort: 8080 }]') +
      '\n' +
      deployment('other', 2, '{ app: other }', '[{ containerPort: 9090 }]') +
      '\n' +
      service('web', '{ app: web }', '[{ port: 80, targetPort: 8080 }]'),
  );
  const c = buildCluster(loadScenarioText(text, 't.yaml').points[0]!);
  const perNode = [0, 0, 0, 0];
  for (let p = 0; p < 6; p++) perNode[c.podNode[p]!]!++;
  // 6 pods over 2 zones × 2 nodes: 3 per zone, and within a zone 2 + 1 at most
  assert.is(perNode[0]! + perNode[1]!, 3);
  assert.is(perNode[2]! + perNode[3]!, 3);
  for (const n of perNode) assert.ok(n === 1 || n === 2, `per node ${perNode}`);
  // the second Deployment lands on the emptier nodes (fewest pods in all breaks the tie)
  for (let p = 6; p < 8; p++) assert.is(perNode[c.podNode[p]!], 1);
  // pod IPs come from each node's /24
  for (let p = 0; p < 8; p++) assert.is(c.podIP[p]! >>> 8, podAddress(c.podNode[p]!, 0) >>> 8);
  assert.is(formatIPv4(podAddress(0, 0)), '10.128.0.2');
  assert.is(formatIPv4(podAddress(300, 5)), '10.129.44.7');
});

test('a Service selects by labels in its own namespace and resolves a named targetPort per pod', () => {
  const text = scenario(
    deployment('web', 2, '{ app: web }', '[{ name: http, containerPort: 8080 }]') +
      '\n' +
      deployment('web-canary', 1, '{ app: web, track: canary }', '[{ name: http, containerPort: 8181 }]') +
      '\n' +
      deployment('web-noport', 1, '{ app: web, track: noport }', '[{ name: admin, containerPort: 9000 }]') +
      '\n' +
      deployment('web', 2, '{ app: web }', '[{ name: http, containerPort: 8080 }]', 'elsewhere') +
      '\n' +
      service('web', '{ app: web }', '[{ port: 80, targetPort: http }]'),
    '',
    ['web', 'web-canary'],
  );
  const c = buildCluster(loadScenarioText(text, 't.yaml').points[0]!);
  const sp = c.servicePorts.find((s) => s.service === 'web' && s.namespace === 'default')!;
  // web (2) + web-canary (1); web-noport lacks the named port; the other namespace is not selected
  assert.is(sp.endpoints.length, 3);
  const ports = Array.from(sp.endpointPorts).sort();
  assert.equal(ports, [8080, 8080, 8181]);
});

test('endpoints are in kube-proxy order: sorted as "IP:port" strings, not numerically', () => {
  // 12 pods on one node: IPs .2 … .13 — as strings "10.128.0.10" < "10.128.0.2"
  const text = scenario(deployment('web', 12, '{ app: web }', '[{ containerPort: 8080 }]') + '\n' + service('web', '{ app: web }', '[{ port: 80, targetPort: 8080 }]'), '').replace(
    /nodes: \[.*\]\n    zones: \[a, b\]/,
    'nodes: 1',
  );
  const c = buildCluster(loadScenarioText(text, 't.yaml').points[0]!);
  const sp = c.servicePorts[0]!;
  const shown = Array.from(sp.endpoints, (p, i) => `${formatIPv4(c.podIP[p]!)}:${sp.endpointPorts[i]}`);
  assert.equal(shown, [...shown].sort());
  assert.is(shown[0], '10.128.0.10:8080');
  assert.is(shown[shown.length - 1], '10.128.0.9:8080');
});

test('ClusterIPs: an explicit one is honoured, the rest come from the upper band, all distinct and in 10.96.0.0/12', () => {
  const text = scenario(
    deployment('web', 1, '{ app: web }', '[{ containerPort: 8080 }]') +
      '\n' +
      service('web', '{ app: web }', '[{ port: 80, targetPort: 8080 }]', '  clusterIP: 10.96.0.50') +
      '\n' +
      service('b', '{ app: web }', '[{ port: 80, targetPort: 8080 }]') +
      '\n' +
      service('c', '{ app: web }', '[{ port: 80, targetPort: 8080 }]'),
  );
  const loaded = loadScenarioText(text.replace('    zones: [a, b]', '    zones: [a, b]\n    background: { services: 1000 }'), 't.yaml');
  const c = buildCluster(loaded.points[0]!);
  assert.is(formatIPv4(c.clusterIPs.get('default/web')!), '10.96.0.50');
  const base = (10 << 24) | (96 << 16);
  for (const name of ['default/b', 'default/c']) {
    const off = c.clusterIPs.get(name)! - base;
    assert.ok(off > 256 && off < 2 ** 20 - 1, `${name} offset ${off} in the upper band`);
  }
  assert.is(new Set(c.clusterIPs.values()).size, 3);
  assert.is(c.tableEntries, 3 + 1000);
  // the table answers for the file's Services and not for a free address
  assert.is(c.table.lookup(c.clusterIPs.get('default/web')!, 80, 6), c.servicePorts.find((s) => s.service === 'web')!.id);
  assert.is(c.table.lookup((base + 2) >>> 0, 80, 6), -1);
});

test('traffic to a Service whose pods have no workloads entry is an error naming the Deployment', () => {
  const text = scenario(
    deployment('web', 1, '{ app: web }', '[{ containerPort: 8080 }]') +
      '\n' +
      deployment('web-canary', 1, '{ app: web }', '[{ containerPort: 8080 }]') +
      '\n' +
      service('web', '{ app: web }', '[{ port: 80, targetPort: 8080 }]'),
  );
  try {
    buildCluster(loadScenarioText(text, 't.yaml').points[0]!);
    assert.unreachable('should have thrown');
  } catch (e) {
    const problems = (e as { problems?: string[] }).problems;
    assert.ok(Array.isArray(problems), String(e));
    assert.match(problems![0]!, /^t\.yaml:\d+:\d+: spec\.traffic\[0\]\.target: expected a spec\.workloads entry .* got none for Deployment web-canary/);
  }
});

test('the same seed builds the same cluster; another seed places and addresses differently', () => {
  const text = scenario(deployment('web', 5, '{ app: web }', '[{ containerPort: 8080 }]') + '\n' + service('web', '{ app: web }', '[{ port: 80, targetPort: 8080 }]'));
  const a = buildCluster(loadScenarioText(text, 't.yaml').points[0]!);
  const b = buildCluster(loadScenarioText(text, 't.yaml').points[0]!);
  const c = buildCluster(loadScenarioText(text, 't.yaml', { seed: 99 }).points[0]!);
  assert.equal(Array.from(a.podNode), Array.from(b.podNode));
  assert.equal([...a.clusterIPs], [...b.clusterIPs]);
  assert.is.not(a.clusterIPs.get('default/web'), c.clusterIPs.get('default/web'));
});

test.run();
