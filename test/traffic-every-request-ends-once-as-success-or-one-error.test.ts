/**
 * What a client sees: a Service with no endpoints refuses (kube-proxy's
 * REJECT); internalTrafficPolicy Local drops on a node without a local
 * endpoint; a response later than the client's timeout is a timeout. Every
 * planned request ends exactly once, and latency counts from the planned
 * arrival (a queue that grows shows up in full).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun, type RunCounters } from '../src/traffic/simulation.js';

function run(o: { replicas: number; selector?: string; policy?: string; rate: number; mean: string; timeout?: string; nodes?: number; latency?: string; from?: string; duration?: string; arrival?: string }): RunCounters {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: ${o.replicas}
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec: { containers: [{ name: c, image: i, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: svc }
spec:
  selector: ${o.selector ?? '{ app: app }'}
  ports: [{ port: 80, targetPort: 8080 }]
  internalTrafficPolicy: ${o.policy ?? 'Cluster'}
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: t }
spec:
  seed: 5
  duration: ${o.duration ?? '20s'}
  cluster:
    nodes: ${o.nodes ?? 1}
    proxy: { mode: nftables, cost: 0 }
    network: { latency: ${o.latency ?? '0'} }
  workloads:
    - { deployment: app, serviceTime: { distribution: exponential, mean: ${o.mean} } }
  traffic:
    - name: t
      target: svc:80
      ${o.from ?? ''}
      arrival: { process: ${o.arrival ?? 'poisson'}, rate: ${o.rate} }
      ${o.timeout !== undefined ? `timeout: ${o.timeout}` : ''}
`;
  const p = loadScenarioText(text, 't.yaml').points[0]!;
  return simulateRun(buildCluster(p), p.spec, 0);
}

const ended = (c: RunCounters) => c.completed + c.refused + c.reset + c.timeout + c.dropped + c.rejected;

test('a Service whose selector matches no pod refuses every connection', () => {
  const c = run({ replicas: 2, selector: '{ app: nothing }', rate: 100, mean: '1ms' });
  assert.ok(c.requests > 1800 && c.requests < 2200, `requests ${c.requests}`);
  assert.is(c.refused, c.requests);
  assert.is(ended(c), c.requests);
  assert.is(c.latency.count, 0);
});

test('internalTrafficPolicy Local drops traffic on a node without a local endpoint and serves it where there is one', () => {
  // 1 replica on 2 nodes: one node has it, the other does not; clients on both
  const c = run({ replicas: 1, policy: 'Local', rate: 200, mean: '1ms', nodes: 2 });
  assert.ok(c.dropped > 0 && c.completed > 0);
  assert.is(ended(c), c.requests);
  // the client node is uniform over 2 nodes: dropped share 1/2 ± 5σ (σ = sqrt(.25/4000) ≈ 0.8 %)
  assert.ok(Math.abs(c.dropped / c.requests - 0.5) < 0.04, `dropped share ${c.dropped / c.requests}`);
});

test('an overloaded pod turns late responses into timeouts, measured from the planned arrival', () => {
  // ρ = 2: the queue grows without bound; after a few hundred ms every response is over 1 s
  const c = run({ replicas: 1, rate: 200, mean: '10ms', timeout: '1s' });
  assert.ok(c.timeout > c.completed, `timeouts ${c.timeout} vs completed ${c.completed}`);
  assert.is(ended(c), c.requests);
  assert.ok(c.latency.max <= 1e9, 'no success is later than the timeout');
  // throughput is capped by the server: ~100/s over 20 s at most
  assert.ok(c.completed <= 100 * 20 * 1.1);
});

test('network latency is paid both ways: constant arrivals and an idle pod give exactly service + 2 × latency', () => {
  const c = run({ replicas: 1, rate: 10, mean: '1ms', latency: '250us', arrival: 'constant' });
  assert.is(c.requests, 200);
  // exponential service: min latency ≥ 2 × 250 µs, mean ≈ 1 ms + 0.5 ms (no queueing at ρ = 0.01 with spaced arrivals)
  assert.ok(c.latency.min >= 500_000);
  const mean = c.latency.sum / c.latency.count;
  // 200 exponential samples: sd of the mean = 1 ms / sqrt(200) ≈ 71 µs; allow 4 sd
  assert.ok(Math.abs(mean - 1_500_000) < 4 * 71_000, `mean ${mean}`);
});

test.run();
