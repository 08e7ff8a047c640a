/**
 * `sweep` maps spec paths to lists of values; the points are their
 * cartesian product in file order, the first key varying slowest. Each point
 * is the spec with its values substituted and validated as a whole; a bad
 * value is reported where it is written in the sweep list.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';

const FILE = 'sweep.yaml';
const BASE = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  replicas: 2
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: sweep }
spec:
  duration: 10s
  cluster: { nodes: 2 }
  workloads:
    - deployment: api
      serviceTime: { distribution: constant, mean: 5ms }
  traffic:
    - name: t
      target: api:http
      arrival: { rate: 100 }
  sweep:
`;

function problems(text: string): readonly string[] {
  try {
    loadScenarioText(text, FILE);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

test('a 2 × 3 sweep gives 6 points, first key slowest, each with its params', () => {
  const s = loadScenarioText(`${BASE}    cluster.proxy.mode: [iptables, ipvs]\n    traffic[0].arrival.rate: [100, 250.5, 1e3]\n`, FILE);
  assert.equal(s.sweepKeys, ['cluster.proxy.mode', 'traffic[0].arrival.rate']);
  assert.is(s.points.length, 6);
  assert.equal(
    s.points.map((p) => [p.index, p.spec.cluster.proxy.mode, p.spec.traffic[0]!.arrival.rate]),
    [
      [0, 'iptables', 100],
      [1, 'iptables', 250.5],
      [2, 'iptables', 1000],
      [3, 'ipvs', 100],
      [4, 'ipvs', 250.5],
      [5, 'ipvs', 1000],
    ],
  );
  assert.equal(s.points[5]!.params, [
    { path: 'cluster.proxy.mode', value: 'ipvs' },
    { path: 'traffic[0].arrival.rate', value: '1e3' },
  ]);
});

test('params keep the text as written; dotted indices and durations work', () => {
  const s = loadScenarioText(`${BASE}    traffic.0.timeout: [10ms, "1.5s", 2]\n    cluster.network.latency: [0, 100us]\n`, FILE);
  assert.equal(
    s.points.map((p) => p.params.map((x) => x.value).join(' ')),
    ['10ms 0', '10ms 100us', '1.5s 0', '1.5s 100us', '2 0', '2 100us'],
  );
  assert.equal(
    s.points.map((p) => [p.spec.traffic[0]!.timeout, p.spec.cluster.network.latency]),
    [
      [10_000_000, 0],
      [10_000_000, 100_000],
      [1_500_000_000, 0],
      [1_500_000_000, 100_000],
      [2_000_000_000, 0],
      [2_000_000_000, 100_000],
    ],
  );
});

test('points share the Kubernetes objects and differ only where swept', () => {
  const s = loadScenarioText(`${BASE}    runs: [1, 3]\n`, FILE);
  const [a, b] = s.points;
  assert.equal([a!.spec.runs, b!.spec.runs], [1, 3]);
  assert.equal(a!.services, b!.services);
  assert.equal({ ...a!.spec, runs: 0 }, { ...b!.spec, runs: 0 });
});

test('an invalid value is reported at its place in the sweep list', () => {
  assert.equal(problems(`${BASE}    cluster.proxy.mode: [iptables, ebpf, nft]\n    traffic[0].arrival.rate: [100, -1]\n`), [
    'sweep.yaml:32:42: spec.cluster.proxy.mode: expected one of iptables, nftables, ipvs, ebpf, mesh, got "nft"',
    'sweep.yaml:33:36: spec.traffic[0].arrival.rate: expected a number > 0, got -1',
  ]);
});

test('a swept mapping is checked inside, at the positions in the sweep', () => {
  assert.equal(problems(`${BASE}    cluster.proxy:\n      - { mode: ipvs }\n      - { mode: ipvs, scheduler: lx }\n`), [
    'sweep.yaml:34:34: spec.cluster.proxy.scheduler: expected one of rr, wrr, lc, wlc, sed, nq, sh, dh, mh, got "lx"',
  ]);
});

test('sweep keys must be paths of the spec with non-empty lists', () => {
  assert.equal(problems(`${BASE}    cluster.proxy.mod: [ipvs]\n    traffic[3].arrival.rate: [1]\n    runs: []\n    warmup: 5s\n    sweep.runs: [1]\n`), [
    'sweep.yaml:32:5: spec.sweep["cluster.proxy.mod"]: expected a path into the Scenario spec (like cluster.proxy.mode or traffic[0].arrival.rate), got unknown path "cluster.proxy.mod"',
    'sweep.yaml:33:5: spec.sweep["traffic[3].arrival.rate"]: expected a path that exists in this scenario, got a path where traffic has 1 entry',
    'sweep.yaml:34:11: spec.sweep.runs: expected a non-empty list of values, got []',
    'sweep.yaml:35:13: spec.sweep.warmup: expected a non-empty list of values, got "5s"',
    'sweep.yaml:36:5: spec.sweep["sweep.runs"]: expected a path into the Scenario spec (like cluster.proxy.mode or traffic[0].arrival.rate), got unknown path "sweep.runs"',
  ]);
});

test('a sweep that would give more than 10000 points is refused', () => {
  const keys = ['runs', 'seed', 'warmup', 'cluster.network.latency', 'metrics.interval'];
  const text = `${BASE}${keys.map((k, i) => `    ${k}: [${Array.from({ length: 7 }, (_, j) => (i < 2 ? j + 1 : `${j + 1}ms`)).join(', ')}]`).join('\n')}\n`;
  assert.equal(problems(text), ['sweep.yaml:32:5: spec.sweep: expected at most 10000 points (the product of the value counts), got 16807']);
});

test('expected requests add up over all points', () => {
  // 2 points at 5000/s and 2 at 5001/s, 10 s each, 5000 runs: 1,000,100,000 requests
  const text = `${BASE}    runs: [5000, 5000]\n    traffic[0].arrival.rate: [5000, 5001]\n`;
  assert.equal(problems(text), [
    'sweep.yaml:28:5: spec.traffic: expected at most 1000000000 requests over all points and runs (Σ rate × (warmup + duration) × runs), got 1000100000',
  ]);
  assert.equal(problems(text.replace('[5000, 5001]', '[5000, 5000]')), []);
});

test.run();
