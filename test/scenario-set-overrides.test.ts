/**
 * `--set path=value` changes the Scenario spec before it is validated (path
 * as in `sweep`, optionally `spec.`-prefixed; value read as YAML flow
 * content). `--runs` and `--seed` replace the spec's. Mistakes are reported
 * as `--set:N:col` (N = which --set, col within it).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';
import type { LoadOptions } from '../src/scenario/index.js';

const FILE = 'set.yaml';
const TEXT = `apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  clusterIP: 10.96.0.50
  ports: [{ port: 80 }]
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: set }
spec:
  runs: 2
  duration: 10s
  cluster:
    nodes: 2
    zones: [a, b]
  traffic:
    - name: t
      target: api:80
      arrival: { rate: 100 }
      timeout: 1s
  sweep:
    cluster.proxy.mode: [iptables, nftables]
`;

function problems(opts: LoadOptions): readonly string[] {
  try {
    loadScenarioText(TEXT, FILE, opts);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

test('overrides replace values, with or without a spec. prefix, indices either way', () => {
  const s = loadScenarioText(TEXT, FILE, { overrides: ['spec.traffic.0.arrival.rate=500', 'cluster.zones=[x, y]', 'traffic[0].clients=3', 'warmup=250ms'] });
  const spec = s.points[0]!.spec;
  assert.is(spec.traffic[0]!.arrival.rate, 500);
  assert.is(spec.traffic[0]!.clients, 3);
  assert.is(spec.warmup, 250_000_000);
  assert.equal(spec.cluster.nodes, [
    { name: 'node-1', zone: 'x' },
    { name: 'node-2', zone: 'y' },
  ]);
});

test('null unsets a value, back to its default', () => {
  const s = loadScenarioText(TEXT, FILE, { overrides: ['traffic[0].timeout=null', 'cluster.zones=~'] });
  assert.is(s.points[0]!.spec.traffic[0]!.timeout, null);
  assert.equal(s.points[0]!.spec.cluster.zones, []);
});

test('the resolved document shows the overrides', () => {
  const s = loadScenarioText(TEXT, FILE, { overrides: ['cluster.network={latency: 0}'], runs: 7, seed: 9 });
  const spec = (s.resolved as { spec: Record<string, unknown> }).spec;
  assert.equal(spec['cluster'], { nodes: 2, zones: ['a', 'b'], network: { latency: 0 } });
  assert.is(spec['runs'], 7);
  assert.is(spec['seed'], 9);
  assert.equal(s.points.map((p) => [p.spec.runs, p.spec.seed, p.spec.cluster.network.latency]), [
    [7, 9, 0],
    [7, 9, 0],
  ]);
});

test('an override of a swept path fixes it: the sweep key is dropped with a warning', () => {
  const s = loadScenarioText(TEXT, FILE, { overrides: ['cluster.proxy.mode=ipvs'] });
  assert.equal(s.sweepKeys, []);
  assert.is(s.points.length, 1);
  assert.is(s.points[0]!.spec.cluster.proxy.mode, 'ipvs');
  assert.equal(s.warnings, [
    'set.yaml:3:19: traffic "t" → Service default/api port 80 has no endpoints: the Service has no selector and no EndpointSlice labelled kubernetes.io/service-name: api lists a ready endpoint with port ""; every request will be refused (kube-proxy rejects connections to a Service with no endpoints)',
    'set.yaml:23:5: sweep key cluster.proxy.mode is fixed by --set: not swept',
  ]);
});

test('an override inside a swept value applies to every point', () => {
  const text = TEXT.replace('    cluster.proxy.mode: [iptables, nftables]\n', '    cluster.proxy: [{ mode: iptables }, { mode: ipvs }]\n');
  const s = loadScenarioText(text, FILE, { overrides: ['cluster.proxy.cost=5us'] });
  assert.equal(s.points.map((p) => [p.spec.cluster.proxy.mode, p.spec.cluster.proxy.cost]), [
    ['iptables', 5000],
    ['ipvs', 5000],
  ]);
});

test('bad overrides are reported at --set:N:col', () => {
  assert.equal(
    problems({ overrides: ['runs=0', 'nope=1', 'cluster={nodes: 2, foo: 1}', 'noequals', 'duration=[1', 'traffic[4].clients=2', 'cluster.proxy.mode=userspace'] }),
    [
      '--set:1:6: spec.runs: expected an integer 1..10000, got 0',
      '--set:2:1: nope: expected a path into the Scenario spec (like cluster.proxy.mode or traffic[0].arrival.rate), got unknown path "nope"',
      '--set:3:20: spec.cluster.foo: expected one of nodes, zones, proxy, network, serviceCIDR, background, controlPlane, got unknown key "foo"',
      '--set:4:1: --set: expected path=value, got "noequals"',
      '--set:5:12: yaml: expected a valid YAML value, got flow sequence must end with a ]',
      '--set:6:1: spec.traffic[4].clients: expected a path that exists in this scenario, got a path where traffic has 1 entry',
      '--set:7:20: spec.cluster.proxy.mode: expected one of iptables, nftables, ipvs, ebpf, mesh, got "userspace"',
    ],
  );
});

test('override values are YAML data only', () => {
  assert.equal(problems({ overrides: ['runs=!!js/eval 1'] }), ['--set:1:6: spec.runs: expected plain YAML data (no tags), got tag "!!js/eval" (custom tags are not allowed)']);
});

test('--runs and --seed are checked like the spec fields', () => {
  assert.equal(problems({ runs: 0, seed: -1 }), [
    '--runs:1:1: spec.runs: expected an integer 1..10000, got 0',
    '--seed:1:1: spec.seed: expected an integer 0..9007199254740991, got -1',
  ]);
});

test.run();
