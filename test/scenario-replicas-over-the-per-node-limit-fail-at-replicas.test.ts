/**
 * More replicas than the nodes can hold (the kubelet's default maxPods,
 * 110 per node, KUBE-FACTS §9) is an input error at the largest
 * Deployment's `spec.replicas`, found while loading — not at 1:1, not
 * once the cluster is built. A sweep over the node count checks each point.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';

const text = (replicas: number, other: number, nodes: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: small }
spec:
  replicas: ${other}
  selector: { matchLabels: { app: small } }
  template:
    metadata: { labels: { app: small } }
    spec: { containers: [{ name: c, ports: [{ containerPort: 80 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: big }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: big } }
  template:
    metadata: { labels: { app: big } }
    spec: { containers: [{ name: c, ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: big }
spec: { selector: { app: big }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: small }
spec: { selector: { app: small }, ports: [{ port: 80 }] }
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: packed }
spec:
  duration: 1s
  cluster: { nodes: ${nodes} }
  workloads:
    - { deployment: big, serviceTime: { distribution: constant, mean: 1ms }, concurrency: 1000 }
  traffic: [{ name: t, target: big:80, arrival: { rate: 1 } }]
`;

function problems(t: string): readonly string[] {
  try {
    loadScenarioText(t, 'p.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

test('220 pods fit on 2 nodes; 221 do not, reported at the biggest Deployment’s replicas', () => {
  assert.equal(problems(text(200, 20, '2')), []);
  assert.equal(problems(text(201, 20, '2')), [
    'p.yaml:15:13: spec.replicas: expected at most 110 pods per node: 220 on 2 nodes (kubelet maxPods), got 201 (221 pods in all Deployments; add nodes under spec.cluster.nodes)',
  ]);
});

test('one Deployment alone over the limit', () => {
  assert.equal(problems(text(111, 0, '1')), [
    'p.yaml:15:13: spec.replicas: expected at most 110 pods per node: 110 on 1 node (kubelet maxPods), got 111 (add nodes under spec.cluster.nodes)',
  ]);
});

test('a sweep over the node count: the point with too few nodes fails', () => {
  const t = text(150, 0, '2').replace('  traffic:', '  sweep: { cluster.nodes: [2, 1] }\n  traffic:');
  assert.equal(problems(t), [
    'p.yaml:15:13: spec.replicas: expected at most 110 pods per node: 110 on 1 node (kubelet maxPods), got 150 (add nodes under spec.cluster.nodes)',
  ]);
});

test.run();
