/**
 * cluster.serviceCIDR (DESIGN.md "Service CIDR"): ClusterIPs come from the
 * scenario's range, so a dump of a k3s cluster (10.43.0.0/16) loads as it
 * is; kubernetes.default takes the first address and kube-dns the 10th
 * (KUBE-FACTS §8); dynamic ClusterIPs come from the upper band, above the
 * KEP-3070 static band of min(max(16, size/16), 256) — 256 for a /16, 64 for
 * a /22; explicit ClusterIPs must lie in the range.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatIPv4, loadScenarioText, parseIPv4 } from '../src/scenario/index.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun } from '../src/traffic/simulation.js';
import { formatPoint, nodeView } from '../src/cli/inspect.js';

// `kubectl get svc,deploy -A -o yaml` from a k3s cluster (trimmed bookkeeping), the Scenario after it
const K3S = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: kube-dns
    namespace: kube-system
    resourceVersion: "261"
  spec:
    clusterIP: 10.43.0.10
    clusterIPs: [10.43.0.10]
    ipFamilies: [IPv4]
    ipFamilyPolicy: SingleStack
    ports:
    - { name: dns, port: 53, protocol: UDP, targetPort: 53 }
    selector: { k8s-app: kube-dns }
    type: ClusterIP
- apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: default
  spec:
    clusterIP: 10.43.12.7
    clusterIPs: [10.43.12.7]
    ports:
    - { port: 80, protocol: TCP, targetPort: 8080 }
    selector: { app: web }
    sessionAffinity: None
    type: ClusterIP
- apiVersion: v1
  kind: Service
  metadata: { name: api, namespace: default }
  spec:
    ports: [{ port: 80, targetPort: 8080 }]
    selector: { app: web }
- apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web, namespace: default }
  spec:
    replicas: 3
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec: { containers: [{ name: web, image: nginx, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: k3s }
spec:
  duration: 5s
  cluster:
    nodes: 2
    serviceCIDR: 10.43.0.0/16
  workloads:
    - deployment: web
      serviceTime: { distribution: exponential, mean: 2ms }
  traffic:
    - name: t
      target: 10.43.12.7:80
      arrival: { process: poisson, rate: 100 }
`;

test('a k3s dump (10.43.0.0/16) loads, runs, and inspect shows its ClusterIPs', () => {
  const loaded = loadScenarioText(K3S, 'k3s.yaml');
  const p = loaded.points[0]!;
  assert.is(p.spec.cluster.serviceCIDR, '10.43.0.0/16');
  const c = buildCluster(p);
  assert.is(formatIPv4(c.clusterIPs.get('default/web')!), '10.43.12.7');
  assert.is(formatIPv4(c.clusterIPs.get('kube-system/kube-dns')!), '10.43.0.10');
  assert.is(c.table.cidr, '10.43.0.0/16');
  // the allocated one: in the /16, above its 256-address static band
  const api = c.clusterIPs.get('default/api')! - parseIPv4('10.43.0.1')!;
  assert.ok(api >= 256 && api < 65534, `api offset ${api}`);
  const r = simulateRun(c, p.spec, 0);
  assert.ok(r.completed > 300, `completed ${r.completed}`);
  const text = formatPoint(p, nodeView(p, c, 'node-1'));
  assert.match(text, /"default\/web cluster IP" -m tcp -p tcp -d 10\.43\.12\.7 --dport 80 -j KUBE-SVC-/);
  assert.match(text, /-d 10\.43\.0\.10 --dport 53 -j REJECT/);
  assert.match(text, new RegExp(`"default/api cluster IP" -m tcp -p tcp -d ${formatIPv4(c.clusterIPs.get('default/api')!).replace(/\./g, '\\.')} --dport 80`));
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

function servicesText(n: number): string {
  return DEPLOYMENT + Array.from({ length: n }, (_, i) => `---
apiVersion: v1
kind: Service
metadata: { name: s${i} }
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`).join('');
}

const scenario = (cidr: string, extra = '', target = 's0:80') => `---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: t }
spec:
  duration: 1s
  cluster:
    nodes: 1
    serviceCIDR: ${cidr}
${extra}  workloads: [{ deployment: web, serviceTime: { distribution: constant, mean: 1ms } }]
  traffic: [{ name: t, target: "${target}", arrival: { rate: 10 } }]
`;

test('a /22: dynamic ClusterIPs above the 64-address static band; .1 and .10 stay with kubernetes and kube-dns', () => {
  const p = loadScenarioText(servicesText(200) + scenario('10.200.4.0/22'), 't.yaml').points[0]!;
  const c = buildCluster(p);
  const base = parseIPv4('10.200.4.1')!;
  const offsets = [...c.clusterIPs.values()].map((ip) => ip - base);
  assert.is(new Set(offsets).size, 200);
  assert.ok(offsets.every((o) => o >= 64 && o < 1022), `min ${Math.min(...offsets)}, max ${Math.max(...offsets)}`);
  // 958 upper-band addresses: the background Services fill them, then the lower band — but never .1 or .10
  const full = loadScenarioText(servicesText(200) + scenario('10.200.4.0/22', '    background: { services: 810, endpointsPerService: 1 }\n'), 't.yaml').points[0]!;
  const cf = buildCluster(full);
  assert.is(cf.table.size, 1010);
  for (const wellKnown of ['10.200.4.1', '10.200.4.10']) assert.is(cf.table.lookup(parseIPv4(wellKnown)!, 80, 6), -1, wellKnown);
});

test('/16 vs the default /12: the static band is 256 in both (KUBE-FACTS §8)', () => {
  for (const cidr of ['10.43.0.0/16', '10.96.0.0/12']) {
    const p = loadScenarioText(servicesText(50) + scenario(cidr), 't.yaml').points[0]!;
    const c = buildCluster(p);
    const base = parseIPv4(cidr.split('/')[0]!)! + 1;
    const offsets = [...c.clusterIPs.values()].map((ip) => ip - base);
    assert.ok(offsets.every((o) => o >= 256), `${cidr}: min offset ${Math.min(...offsets)}`);
  }
});

function problems(text: string): string[] {
  try {
    loadScenarioText(text, 't.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return [...e.problems];
    throw e;
  }
  return [];
}

test('an explicit ClusterIP outside the range is an error at its position, naming the range (Scenario after the Service)', () => {
  const svc = `${DEPLOYMENT}---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  clusterIP: 10.96.0.20
  selector: { app: web }
  ports: [{ port: 80 }]
`;
  assert.equal(problems(svc + scenario('10.43.0.0/16', '', 'web:80')), [
    't.yaml:15:14: spec.clusterIP: expected an IPv4 address in the service CIDR 10.43.0.0/16 (spec.cluster.serviceCIDR; not its network or broadcast address), got "10.96.0.20"',
  ]);
  // the same address is fine in the default range; the range's broadcast address is not
  assert.equal(problems(svc + scenario('10.96.0.0/12', '', 'web:80')), []);
  assert.equal(problems(svc.replace('10.96.0.20', '10.43.255.255') + scenario('10.43.0.0/16', '', 'web:80')).length, 1);
});

test('a range too small for every ClusterIP is an error when loading (it used to be an internal error when building)', () => {
  // a /28 has 14 addresses; 2 Services, kubernetes.default (.1) and kube-dns (.10) leave 10 for background Services
  const bg = (n: number) => `    background: { services: ${n}, endpointsPerService: 1 }\n`;
  assert.equal(problems(servicesText(2) + scenario('10.96.0.0/28', bg(10))), []);
  const built = buildCluster(loadScenarioText(servicesText(2) + scenario('10.96.0.0/28', bg(10)), 't.yaml').points[0]!);
  assert.is(built.clusterIPs.size, 2, 'and the full range builds');
  assert.equal(problems(servicesText(2) + scenario('10.96.0.0/28', bg(11))), [
    "t.yaml:33:29: spec.cluster.background.services: expected at most 10 background Services: cluster.serviceCIDR 10.96.0.0/28 has 14 addresses, 2 for the file's Services, 2 for kubernetes.default and kube-dns, got 11",
  ]);
  // the file's Services alone: 3 in a /30 (2 addresses, kubernetes.default one of them)
  assert.equal(problems(servicesText(3) + scenario('10.96.0.0/30')), [
    't.yaml:39:18: spec.cluster.serviceCIDR: expected a service CIDR with room for 4 ClusterIPs (3 for the file\'s Services, 1 for kubernetes.default), got "10.96.0.0/30" (2 addresses)',
  ]);
});

test('serviceCIDR: an IPv4 CIDR with prefix /12../30, no host bits', () => {
  const phrase = 'an IPv4 CIDR with prefix /12../30 and no host bits set (the apiserver allows at most /12)';
  for (const bad of ['10.0.0.0/8', '10.43.0.0/31', '10.43.0.1/16', 'fd00::/108', '10.43.0.0']) {
    assert.equal(problems(servicesText(1) + scenario(bad)), [`t.yaml:25:18: spec.cluster.serviceCIDR: expected ${phrase}, got ${JSON.stringify(bad)}`], bad);
  }
});

test.run();
