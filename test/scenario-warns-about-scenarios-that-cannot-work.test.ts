/**
 * Scenarios that load but cannot work as meant get a warning, positioned at
 * the node that causes it, before anything runs: a targeted Service with no
 * endpoints and why, a numeric targetPort no container declares, a
 * Deployment no Service selects, per-pod offered load ρ ≥ 1, a service
 * time written as a bare number, and a `cluster.proxy` key no point's mode
 * reads. `validate` and `run` print them and exit 0;
 * with --strict they exit 2 before anything runs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioText } from '../src/scenario/index.js';
import { cli, tempDir } from './helpers/cli.js';

const FILE = 'w.yaml';

const BASE = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          ports: [{ name: http, containerPort: 8080 }]
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
metadata: { name: warn }
spec:
  runs: 1
  duration: 2s
  workloads:
    - deployment: web
      serviceTime: { distribution: exponential, mean: 10ms }
      concurrency: 1
  traffic:
    - name: users
      target: web:80
      arrival: { rate: 150 }
`;

const warnings = (text: string) => loadScenarioText(text, FILE).warnings;

test('a healthy scenario has no warning', () => {
  assert.equal(warnings(BASE), []);
});

test('replicas: 0 behind a targeted Service: no endpoints, at the replicas line', () => {
  assert.equal(warnings(BASE.replace('replicas: 3', 'replicas: 0')), [
    'w.yaml:5:13: traffic "users" → Service default/web port 80 has no endpoints: Deployment default/web has replicas: 0; every request will be refused (kube-proxy rejects connections to a Service with no endpoints)',
  ]);
});

test('a selector that matches no pod: no endpoints, at the selector, naming the Deployments there are', () => {
  const w = warnings(BASE.replace('  selector: { app: web }', '  selector: { app: wbe }'));
  assert.ok(w.includes('w.yaml:18:13: traffic "users" → Service default/web port 80 has no endpoints: selector app=wbe matches no pod (Deployments in namespace default: web (app=web)); every request will be refused (kube-proxy rejects connections to a Service with no endpoints)'), w.join('\n'));
  assert.ok(w.some((l) => l.startsWith('w.yaml:8:25: Deployment default/web: no Service selects its pods (labels app=web)')), w.join('\n'));
});

test('a named targetPort no container declares: no endpoints, at the targetPort', () => {
  const w = warnings(BASE.replace('targetPort: 8080', 'targetPort: api'));
  assert.equal(w, [
    'w.yaml:19:35: traffic "users" → Service default/web port 80 has no endpoints: no container of Deployment default/web declares a port named "api" (it declares 8080 (http)); every request will be refused (kube-proxy rejects connections to a Service with no endpoints)',
  ]);
});

test('a numeric targetPort no container declares (what `expose` without --target-port makes) says what a real cluster does', () => {
  const [w] = warnings(BASE.replace('targetPort: 8080', 'targetPort: 80'));
  assert.match(w!, /^w\.yaml:19:35: Service default\/web port 80 → targetPort 80: no container of Deployment default\/web declares containerPort 80\/TCP \(it declares 8080 \(http\)\)\. A real cluster still forwards to podIP:80, refused unless the app listens there .*the simulator serves these requests as if it did; set targetPort: http$/);
});

test('offered load at or above capacity: ρ with λ per pod and the capacity, at the service time', () => {
  // 450/s spread over 3 pods = 150/s each; E[S] = 10 ms, one at a time → capacity 100/s, ρ = 1.5
  assert.equal(warnings(BASE.replace('rate: 150', 'rate: 450')), [
    'w.yaml:29:55: Deployment default/web: offered load per pod ρ = 1.50 (150 %) ≥ 1: λ = 150 req/s per pod (traffic users: 450 req/s over 3 endpoints, spread evenly) × E[S] = 10 ms ÷ concurrency 1; capacity 100 req/s per pod, so its queue grows without bound for the whole run',
  ]);
  // ρ = 0.99: no warning; concurrency 2 halves ρ
  assert.equal(warnings(BASE.replace('rate: 150', 'rate: 297')), []);
  assert.equal(warnings(BASE.replace('rate: 150', 'rate: 450').replace('concurrency: 1', 'concurrency: 2')), []);
});

test('ρ is per sweep point, each warning naming its point', () => {
  const w = warnings(BASE.replace('      arrival: { rate: 150 }\n', '      arrival: { rate: 150 }\n  sweep:\n    traffic[0].arrival.rate: [150, 600, 900]\n'));
  assert.is(w.length, 2, w.join('\n'));
  assert.match(w[0]!, /ρ = 2\.00 \(200 %\).* \(point 1: traffic\[0\]\.arrival\.rate=600\)$/);
  assert.match(w[1]!, /ρ = 3\.00 \(300 %\).* \(point 2: traffic\[0\]\.arrival\.rate=900\)$/);
});

test('a cluster.proxy key that no point\'s mode reads is ignored, and says so at the key; one point reading it is enough', () => {
  const proxy = (p: string, sweep = '') => BASE.replace('  runs: 1\n', `  runs: 1\n  cluster: { proxy: ${p} }\n`).replace('      arrival: { rate: 150 }\n', `      arrival: { rate: 150 }\n${sweep}`);
  assert.equal(warnings(proxy('{ mode: iptables, algorithm: ewma }')), [
    'w.yaml:26:39: cluster.proxy.algorithm: ewma is ignored: only mode ebpf and mode mesh read it, and this scenario runs iptables; set the mode that reads it (or sweep cluster.proxy.mode), or remove the key',
  ]);
  // the extra key needs its variant too: maglevTableSize with ebpf random is ignored
  assert.match(warnings(proxy('{ mode: ebpf, maglevTableSize: 251 }'))[0]!, /^w\.yaml:26:35: cluster\.proxy\.maglevTableSize: 251 is ignored: only mode ebpf with algorithm maglev reads it, and this scenario runs ebpf\/random;/);
  assert.equal(warnings(proxy('{ mode: ebpf, algorithm: maglev, maglevTableSize: 251 }')), []);
  // a sweep over the mode where one point reads the key: no warning (kube-proxy keeps ipvs.scheduler in iptables mode too)
  assert.equal(warnings(proxy('{ mode: iptables, scheduler: lc }', '  sweep:\n    cluster.proxy.mode: [iptables, ipvs]\n')), []);
  assert.match(warnings(proxy('{ mode: iptables, scheduler: lc }', '  sweep:\n    cluster.proxy.mode: [iptables, nftables]\n'))[0]!, /cluster\.proxy\.scheduler: lc is ignored: only mode ipvs reads it, and every point runs one of iptables, nftables;/);
});

test('sessionAffinity: ClientIP in mode mesh is ignored, and says so at the Service, per point', () => {
  const sticky = BASE.replace('  selector: { app: web }\n', '  selector: { app: web }\n  sessionAffinity: ClientIP\n');
  assert.equal(warnings(sticky), [], 'kube-proxy modes implement it');
  const mesh = sticky.replace('  runs: 1\n', '  runs: 1\n  cluster: { proxy: { mode: mesh } }\n');
  assert.equal(warnings(mesh), [
    'w.yaml:19:20: Service default/web: sessionAffinity: ClientIP is ignored in mode mesh — kube-proxy implements it, and a sidecar balances by its own algorithm (least-request); for a client that sticks to one endpoint use algorithm ring-hash or maglev (a source-IP hash)',
  ]);
  const sweep = sticky.replace('      arrival: { rate: 150 }\n', '      arrival: { rate: 150 }\n  sweep:\n    cluster.proxy.mode: [iptables, mesh]\n');
  const w = warnings(sweep);
  assert.is(w.length, 1, w.join('\n'));
  assert.match(w[0]!, /is ignored in mode mesh .* \(point 1: cluster\.proxy\.mode=mesh\)$/);
});

test('internalTrafficPolicy: Local with fewer endpoints than sending nodes: the share that is dropped, at the policy', () => {
  const local = (nodes: string, replicas: number, from = '') =>
    BASE.replace('  selector: { app: web }\n', '  selector: { app: web }\n  internalTrafficPolicy: Local\n')
      .replace('replicas: 3', `replicas: ${replicas}`)
      .replace('  runs: 1\n', `  runs: 1\n  cluster: { nodes: ${nodes} }\n`)
      .replace('      arrival: { rate: 150 }\n', `      arrival: { rate: 50 }\n${from}`); // 50/s on one pod of 100/s: ρ < 1
  assert.equal(warnings(local('4', 1)), [
    'w.yaml:19:26: traffic "users" → Service default/web port 80 has internalTrafficPolicy: Local and 1 endpoint for 4 sending nodes: at least 3 of them have no endpoint of their own, and kube-proxy drops what they send (errors_dropped) — on average 75 % of this traffic or more; use internalTrafficPolicy: Cluster, or as many replicas as sending nodes (a DaemonSet\'s shape)',
  ]);
  assert.equal(warnings(local('4', 4)), [], 'one endpoint per sending node can work (placement decides)');
  assert.equal(warnings(local('4', 1, '      from: { nodes: [node-2] }\n')), [], 'one sending node, one endpoint');
  assert.match(warnings(local('4', 1, '      from: { nodes: [node-1, node-2] }\n'))[0]!, /1 endpoint for 2 sending nodes: at least 1 of them has no endpoint of its own, and kube-proxy drops what it sends .* on average 50 %/);
});

test('a timeout shorter than the service takes for ≥ 10 % of requests on an idle cluster: that share, at the timeout', () => {
  const timeout = (t: string, st = '{ distribution: exponential, mean: 10ms }') =>
    warnings(BASE.replace('      arrival: { rate: 150 }\n', `      arrival: { rate: 50 }\n      timeout: ${t}\n`).replace('{ distribution: exponential, mean: 10ms }', st));
  // exponential, mean 10 ms, 5 ms − 2 × 100 µs left: P(S > 4.8 ms) = e^(−0.48) = 61.9 %
  assert.equal(timeout('5ms'), [
    'w.yaml:35:16: traffic "users" → Service default/web port 80: timeout 5 ms leaves 4.8 ms to serve (after 2 × 100 us network latency), and Deployment default/web\'s service time (exponential, mean 10 ms) is longer than that with probability 61.9 %: at least that share of requests will time out even on an idle cluster',
  ]);
  assert.equal(timeout('30ms'), [], 'P(S > 29.8 ms) = e^(−2.98) = 5.1 % < 10 %: could be meant (retries)');
  assert.match(timeout('5ms', '{ distribution: constant, mean: 10ms }')[0]!, /is longer than that always: every request will time out even on an idle cluster$/);
  assert.equal(timeout('11ms', '{ distribution: constant, mean: 10ms }'), [], '10 ms + 0.2 ms fits in 11 ms');
});

test('trafficDistribution: PreferClose on nodes of one zone (or none) changes nothing, and says so at the field', () => {
  const close = (cluster: string) =>
    warnings(BASE.replace('  selector: { app: web }\n', '  selector: { app: web }\n  trafficDistribution: PreferClose\n').replace('  runs: 1\n', `  runs: 1\n${cluster}`));
  assert.equal(close(''), [
    'w.yaml:19:24: Service default/web: trafficDistribution: PreferClose changes nothing here — no node has a zone (cluster.zones is empty), so every endpoint is as close as any other; give the nodes zones (cluster.zones) to see it keep traffic in a zone',
  ]);
  assert.match(close('  cluster: { nodes: 3, zones: [a] }\n')[0]!, /changes nothing here — every node is in zone a,/);
  assert.equal(close('  cluster: { nodes: 3, zones: [a, b] }\n'), [], 'two zones: it can keep traffic in one');
});

test('retries on timeout without a client timeout: said at the `timeout` in `on`', () => {
  const retry = (extra: string) => warnings(BASE.replace('      arrival: { rate: 150 }\n', `      arrival: { rate: 50 }\n      retry: { attempts: 2, on: [refused, timeout] }\n${extra}`));
  const [w, ...rest] = retry('');
  assert.equal(rest, []);
  assert.match(w!, /^w\.yaml:35:43: traffic "users" retries on timeout but sets no timeout: a try then times out only when a connect gets no answer, after the kernel's SYN retries \(127 s\)/);
  assert.equal(retry('      timeout: 1s\n'), []);
});

test('a service time written as a bare number is seconds, and says so', () => {
  const w = warnings(BASE.replace('mean: 10ms', 'mean: 5'));
  assert.ok(w.includes('w.yaml:29:55: serviceTime.mean: 5 is a bare number, so seconds (5 s); did you mean 5ms? Write the unit (5s or 5ms) to say which'), w.join('\n'));
  assert.ok(w.some((l) => /ρ = 250\.00 \(25000 %\)/.test(l)), w.join('\n'));
  assert.equal(warnings(BASE.replace('mean: 10ms', 'mean: 0.01s')), []);
  assert.match(warnings(BASE.replace('mean: 10ms', 'mean: 0.01'))[0]!, /serviceTime\.mean: 0\.01 is a bare number, so seconds \(10 ms\); did you mean 0\.01ms\?/);
});

test('validate and run print warnings and exit 0; --strict makes them exit 2 before anything runs', () => {
  const dir = tempDir();
  const f = join(dir, 'zero.yaml');
  writeFileSync(f, BASE.replace('replicas: 3', 'replicas: 0'));
  const v = cli(['validate', f]);
  assert.is(v.status, 0, v.stderr);
  assert.match(v.stderr, /warning: .*zero\.yaml:5:13: .*has no endpoints/);
  const strict = cli(['validate', '--strict', f]);
  assert.is(strict.status, 2, strict.stderr);
  assert.match(strict.stderr, /zero\.yaml:5:13: .*has no endpoints.*--strict/);
  const out = join(dir, 'out');
  const run = cli(['run', f, '--strict', '--out', out]);
  assert.is(run.status, 2, run.stderr);
  assert.not.ok(existsSync(out), 'nothing written');
  const ran = cli(['run', f, '--out', out, '--progress', 'none']);
  assert.is(ran.status, 0, ran.stderr);
  assert.match(ran.stderr, /warning: .*has no endpoints/);
});


test('events that cannot do what they seem to: in the warmup, a count over the replicas, new pods without a readiness probe, preStop ≥ the grace period', () => {
  const withEvents = (events: string, workloadExtra = '') =>
    warnings(
      BASE.replace('  duration: 2s\n', '  warmup: 5s\n  duration: 10s\n')
        .replace('      concurrency: 1\n', `      concurrency: 1\n${workloadExtra}`)
        .replace('      arrival: { rate: 150 }\n', `      arrival: { rate: 150 }\n  events:\n${events}`),
    );
  const w = withEvents('    - { at: 2s, action: kill-pod, deployment: web, count: 4 }\n    - { at: 6s, action: rollout, deployment: web }\n', '      preStop: 30s\n');
  assert.ok(w.some((l) => /^w\.yaml:\d+:\d+: event "kill-pod deployment\/web×4" at 2 s falls in the warmup \(5 s\)/.test(l)), w.join('\n'));
  assert.ok(w.some((l) => /count 4 is more than Deployment default\/web's 3 replicas/.test(l)), w.join('\n'));
  assert.ok(w.some((l) => /rollout of Deployment default\/web, which has no readinessProbe: each new pod is Ready/.test(l)), w.join('\n'));
  assert.ok(w.some((l) => /its preStop \(30 s\) is not shorter than terminationGracePeriodSeconds \(30 s\)/.test(l)), w.join('\n'));
  // the same events, sensibly set: after the warmup, within the replicas, a probe, preStop < grace
  const ok = withEvents('    - { at: 6s, action: kill-pod, deployment: web, count: 1 }\n    - { at: 7s, action: rollout, deployment: web }\n', '      preStop: 5s\n      readinessProbe: { periodSeconds: 1 }\n');
  assert.equal(ok, []);
});

test.run();
