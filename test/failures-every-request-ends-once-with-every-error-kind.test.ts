/**
 * The accounting contract with the cluster in motion: every planned request
 * ends exactly once — as a success or as one error kind — whatever happens
 * to it, for every kind a run can produce at once: a killed container
 * (`reset` for requests in it, `refused` for new connections), a node down
 * (`timeout`: SYNs unanswered), a full queue (`rejected`), an
 * internalTrafficPolicy Local Service on a node without a local endpoint
 * (`dropped`), with retries and closed-loop users in the mix. Per source and
 * in total, completed + Σ errors = requests, and the timeseries intervals of
 * the measured window add up to the same counts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun } from '../src/traffic/simulation.js';
import { ERROR_KINDS } from '../src/metrics/run-result.js';
import { errorsOf, S } from './helpers/failures.js';

const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: 4
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec: { containers: [{ name: c, image: i, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: solo }
spec:
  replicas: 1
  selector: { matchLabels: { app: solo } }
  template:
    metadata: { labels: { app: solo } }
    spec: { containers: [{ name: c, image: i, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: svc }
spec:
  selector: { app: app }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: local }
spec:
  selector: { app: solo }
  ports: [{ port: 80, targetPort: 8080 }]
  internalTrafficPolicy: Local
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: t }
spec:
  seed: 9
  warmup: 1s
  duration: 9s
  metrics: { interval: 500ms }
  cluster:
    nodes: 3
    proxy: { mode: iptables, cost: 0 }
    network: { latency: 100us }
    controlPlane: { nodeMonitorGracePeriod: 3s, tolerationSeconds: 1000s }
  workloads:
    - { deployment: app, serviceTime: { distribution: exponential, mean: 10ms }, concurrency: 2, startupTime: 1s }
    - { deployment: solo, serviceTime: { distribution: exponential, mean: 20ms }, concurrency: 1, queueLimit: 1 }
  traffic:
    - name: open
      target: svc:80
      arrival: { process: poisson, rate: 300 }
      timeout: 500ms
    - name: retrying
      target: svc:80
      arrival: { process: poisson, rate: 200 }
      timeout: 500ms
      retry: { attempts: 2, backoff: 10ms, on: [refused, reset, timeout] }
    - name: users
      target: svc:80
      arrival: { process: closed, users: 10, thinkTime: 50ms }
      timeout: 500ms
    - name: local
      target: local:80
      arrival: { process: poisson, rate: 100 }
  events:
    - { at: 2s, action: kill-pod, deployment: app, count: 2 }
    - { at: 3500ms, action: kill-pod, deployment: app, count: 1 }
    - { at: 5s, action: node-down, node: NODE }
`;

test('every request ends once, per source and in total, with refused, reset, timeout, dropped and rejected in one run', () => {
  // take down a node that holds an app pod but not the solo pod (the Local Service keeps serving somewhere)
  const probe = loadScenarioText(TEXT.replace('NODE', 'node-1'), 't.yaml').points[0]!;
  const built = buildCluster(probe);
  const soloNode = built.podNode[built.podNames.findIndex((n, p) => n.startsWith('solo-') && built.podSpare[p] !== 1)]!;
  const down = built.nodeNames.find((_, n) => n !== soloNode && built.podNames.some((name, p) => name.startsWith('app-') && built.podSpare[p] !== 1 && built.podNode[p] === n))!;
  const p = loadScenarioText(TEXT.replace('NODE', down), 't.yaml').points[0]!;
  const cluster = buildCluster(p);
  const K = ERROR_KINDS.length;
  for (let run = 0; run < 2; run++) {
    const c = simulateRun(cluster, p.spec, run);
    for (const [i, s] of c.sources.entries()) {
      assert.is(s.completed + errorsOf(s), s.requests, `run ${run} source ${p.spec.traffic[i]!.name}`);
      assert.is(s.latency.count, s.completed);
      assert.ok(s.requests > 0);
    }
    const sum = (f: (s: (typeof c.sources)[number]) => number) => c.sources.reduce((n, s) => n + f(s), 0);
    assert.is(c.requests, sum((s) => s.requests));
    assert.is(c.completed, sum((s) => s.completed));
    for (const k of ERROR_KINDS) assert.is(c[k], sum((s) => s[k]), k);
    assert.is(c.completed + errorsOf(c), c.requests);
    // every kind occurred
    for (const k of ERROR_KINDS) assert.ok(c[k] > 0, `run ${run}: no ${k}`);
    assert.ok(c.sources[3]!.dropped > 0 && c.sources[3]!.rejected > 0, 'the Local source drops and is rejected');
    // the intervals of the measured window (t ≥ warmup = 1 s: intervals 2…) add up to the totals
    const s = c.series;
    const first = Math.round(p.spec.warmup / s.widthNs);
    assert.is(first * s.widthNs, 1 * S);
    let req = 0;
    let done = 0;
    const errs = new Array<number>(K).fill(0);
    for (let k = first; k < s.intervals; k++) {
      req += s.requests[k]!;
      done += s.completed[k]!;
      for (let j = 0; j < K; j++) errs[j]! += s.errors[k * K + j]!;
    }
    assert.is(req, c.requests, 'series requests');
    assert.is(done, c.completed, 'series completed');
    assert.equal(errs, ERROR_KINDS.map((k) => c[k]), 'series errors by kind');
    // and each interval, warmup included, ended every request planned in it exactly once
    for (let k = 0; k < s.intervals; k++) {
      let e = 0;
      for (let j = 0; j < K; j++) e += s.errors[k * K + j]!;
      assert.is(s.completed[k]! + e, s.requests[k]!, `interval ${k}`);
    }
  }
});

test.run();
