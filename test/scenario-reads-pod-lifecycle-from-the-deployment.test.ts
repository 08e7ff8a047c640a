/**
 * A pod's lifecycle comes from its Deployment where Kubernetes says it —
 * the first container's readinessProbe (core/v1 defaults 0 s, 10 s, 1 s, 1,
 * 3) and lifecycle.preStop (sleep.seconds, or an exec that only sleeps),
 * terminationGracePeriodSeconds (30), strategy.rollingUpdate (25 % / 25 %) —
 * and a `workloads[]` entry may override each field; its values win. Bad
 * values are reported at their positions, all at once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';
import { DEFAULT_LIFECYCLE, DEFAULT_PROBE } from '../src/scenario/types.js';

const FILE = 'pods.yaml';
const S = 1e9;

/** A Deployment `web` whose first container carries `extra` (indented for a container), and pod-spec / spec additions. */
function deployment(opts: { container?: string; podSpec?: string; spec?: string; name?: string } = {}): string {
  const name = opts.name ?? 'web';
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: 2
  selector: { matchLabels: { app: ${name} } }
${opts.spec ?? ''}  template:
    metadata: { labels: { app: ${name} } }
    spec:
${opts.podSpec ?? ''}      containers:
        - name: app
          ports: [{ containerPort: 8080 }]
${opts.container ?? ''}        - name: sidecar
          readinessProbe: { periodSeconds: 2 }
---
`;
}

function scenario(workload = ''): string {
  return `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: pods }
spec:
  duration: 10s
  workloads:
    - deployment: web
      serviceTime: { distribution: constant, mean: 1ms }
${workload}  traffic:
    - name: t
      target: web:80
      arrival: { rate: 100 }
`;
}

function problems(text: string): readonly string[] {
  try {
    loadScenarioText(text, FILE);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  assert.unreachable('expected a ScenarioError');
  return [];
}

test('a Deployment that says nothing gets Kubernetes\' defaults, on the Deployment and on its workload', () => {
  const p = loadScenarioText(deployment() + scenario(), FILE).points[0]!;
  const want = { readinessProbe: null, preStop: 0, terminationGracePeriod: 30 * S, maxSurge: { value: 25, percent: true }, maxUnavailable: { value: 25, percent: true } };
  assert.equal(p.deployments[0]!.lifecycle, want);
  assert.equal(p.spec.workloads[0]!.lifecycle, want);
  assert.equal(want, DEFAULT_LIFECYCLE);
});

test('the probe, preStop sleep, grace period and rolling update are read from the manifest', () => {
  const text = deployment({
    container: `          readinessProbe:
            httpGet: { path: /healthz, port: 8080 }
            periodSeconds: 5
            failureThreshold: 2
          lifecycle:
            preStop: { sleep: { seconds: 7 } }
`,
    podSpec: '      terminationGracePeriodSeconds: 60\n',
    spec: '  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: "0%" } }\n',
  }) + scenario();
  const p = loadScenarioText(text, FILE).points[0]!;
  const want = {
    // only the first container's probe counts (the sidecar's periodSeconds: 2 does not)
    readinessProbe: { initialDelay: 0, period: 5 * S, timeout: 1 * S, successThreshold: 1, failureThreshold: 2 },
    preStop: 7 * S,
    terminationGracePeriod: 60 * S,
    maxSurge: { value: 1, percent: false },
    maxUnavailable: { value: 0, percent: true },
  };
  assert.equal(p.deployments[0]!.lifecycle, want);
  assert.equal(p.spec.workloads[0]!.lifecycle, want);
  assert.is(p.deployments[0]!.terminationGracePeriodSeconds, 60);
});

test('a probe with no timings takes every core/v1 default', () => {
  const text = deployment({ container: '          readinessProbe: { tcpSocket: { port: 8080 } }\n' }) + scenario();
  assert.equal(loadScenarioText(text, FILE).points[0]!.deployments[0]!.lifecycle.readinessProbe, { initialDelay: 0, period: 10 * S, timeout: 1 * S, successThreshold: 1, failureThreshold: 3 });
});

test('an exec preStop that only sleeps is a delay; any other preStop is 0 s with a warning', () => {
  const cases: [string, number][] = [
    ['["sleep", "3"]', 3 * S],
    ['["/bin/sleep", "2.5"]', 2.5 * S],
    ['["/bin/sh", "-c", "sleep 7"]', 7 * S],
    ['["sh", "-c", "sleep 1m"]', 60 * S],
    ['["bash", "-c", "sleep 4;"]', 4 * S],
  ];
  for (const [command, ns] of cases) {
    const text = deployment({ container: `          lifecycle: { preStop: { exec: { command: ${command} } } }\n` }) + scenario();
    const s = loadScenarioText(text, FILE);
    assert.is(s.points[0]!.deployments[0]!.lifecycle.preStop, ns, command);
    assert.not.ok(s.warnings.some((w) => w.includes('preStop')), command);
  }
  for (const handler of ['exec: { command: ["/bin/sh", "-c", "nginx -s quit; sleep 5"] }', 'httpGet: { path: /drain, port: 8080 }']) {
    const text = deployment({ container: `          lifecycle: { preStop: { ${handler} } }\n` }) + scenario();
    const s = loadScenarioText(text, FILE);
    assert.is(s.points[0]!.deployments[0]!.lifecycle.preStop, 0, handler);
    const w = s.warnings.filter((x) => x.includes('preStop'));
    assert.is(w.length, 1, s.warnings.join('\n'));
    assert.match(w[0]!, /^pods\.yaml:13:24: Deployment default\/web: lifecycle\.preStop \((exec|httpGet)\) is taken as 0 s/);
  }
});

test('workloads[] overrides win, field by field over the Deployment\'s', () => {
  const text = deployment({
    container: '          readinessProbe: { periodSeconds: 5, failureThreshold: 2 }\n          lifecycle: { preStop: { sleep: { seconds: 7 } } }\n',
    spec: '  strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }\n',
  }) + scenario(`      readinessProbe: { failureThreshold: 1, timeoutSeconds: 2 }
      preStop: 2s
      terminationGracePeriodSeconds: 10
      strategy: { rollingUpdate: { maxUnavailable: "50%" } }
`);
  const p = loadScenarioText(text, FILE).points[0]!;
  assert.equal(p.spec.workloads[0]!.lifecycle, {
    readinessProbe: { initialDelay: 0, period: 5 * S, timeout: 2 * S, successThreshold: 1, failureThreshold: 1 },
    preStop: 2 * S,
    terminationGracePeriod: 10 * S,
    maxSurge: { value: 1, percent: false },
    maxUnavailable: { value: 50, percent: true },
  });
  // the Deployment keeps what its manifest says
  assert.is(p.deployments[0]!.lifecycle.preStop, 7 * S);
  assert.is(p.deployments[0]!.lifecycle.readinessProbe!.failureThreshold, 2);
});

test('readinessProbe: null in a workload turns the probe off; a probe on a Deployment without one starts from the defaults', () => {
  const withProbe = deployment({ container: '          readinessProbe: { periodSeconds: 5 }\n' });
  assert.is(loadScenarioText(withProbe + scenario('      readinessProbe: null\n'), FILE).points[0]!.spec.workloads[0]!.lifecycle!.readinessProbe, null);
  const p = loadScenarioText(deployment() + scenario('      readinessProbe: { periodSeconds: 3 }\n'), FILE).points[0]!;
  assert.equal(p.spec.workloads[0]!.lifecycle!.readinessProbe, { ...DEFAULT_PROBE, period: 3 * S });
});

test('a Deployment with no workloads[] entry still has its lifecycle', () => {
  const text = deployment({ name: 'batch', podSpec: '      terminationGracePeriodSeconds: 5\n' }) + deployment() + scenario();
  const p = loadScenarioText(text, FILE).points[0]!;
  const batch = p.deployments.find((d) => d.name === 'batch')!;
  assert.is(batch.lifecycle.terminationGracePeriod, 5 * S);
  assert.not.ok(p.spec.workloads.some((w) => w.deployment === 'batch'));
});

test('bad lifecycle values in the manifest are reported at their positions, all at once', () => {
  const text = deployment({
    container: '          readinessProbe: { periodSeconds: 0, successThreshold: -1 }\n          lifecycle: { preStop: { sleep: { seconds: 1.5 } } }\n',
    spec: '  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }\n',
  }) + scenario();
  assert.equal(problems(text), [
    'pods.yaml:7:82: spec.strategy.rollingUpdate.maxUnavailable: expected a maxUnavailable > 0 when maxSurge is 0, got 0 (as Kubernetes: a rollout could never progress)',
    'pods.yaml:14:44: spec.template.spec.containers[0].readinessProbe.periodSeconds: expected an integer ≥ 1, got 0',
    'pods.yaml:14:65: spec.template.spec.containers[0].readinessProbe.successThreshold: expected an integer ≥ 1, got -1',
    'pods.yaml:15:53: spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds: expected an integer ≥ 0 (seconds), got 1.5',
  ]);
});

test('strategy Recreate is not yet supported; a bad maxSurge and a maxUnavailable over 100% are errors', () => {
  assert.equal(problems(deployment({ spec: '  strategy: { type: Recreate }\n' }) + scenario()), [
    'pods.yaml:7:21: spec.strategy.type: expected one of RollingUpdate, got "Recreate" (not yet supported)',
  ]);
  assert.equal(problems(deployment({ spec: '  strategy: { rollingUpdate: { maxSurge: "1", maxUnavailable: "150%" } }\n' }) + scenario()), [
    'pods.yaml:7:42: spec.strategy.rollingUpdate.maxSurge: expected an integer ≥ 0 or a percentage like "25%", got "1"',
    'pods.yaml:7:63: spec.strategy.rollingUpdate.maxUnavailable: expected a percentage ≤ 100% or an integer, got "150%"',
  ]);
});

test('bad workload overrides are reported at their positions, all at once', () => {
  const text = deployment({ spec: '  strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }\n' }) + scenario(`      readinessProbe: { periodSecond: 5, failureThreshold: 0 }
      preStop: -5s
      terminationGracePeriodSeconds: 2.5
      strategy: { rollingUpdate: { maxUnavailable: 0 } }
`);
  assert.equal(problems(text), [
    'pods.yaml:32:25: spec.workloads[0].readinessProbe.periodSecond: expected one of initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold, got unknown key "periodSecond"',
    'pods.yaml:32:60: spec.workloads[0].readinessProbe.failureThreshold: expected an integer ≥ 1, got 0',
    'pods.yaml:33:16: spec.workloads[0].preStop: expected a duration ≥ 0, got "-5s"',
    'pods.yaml:34:38: spec.workloads[0].terminationGracePeriodSeconds: expected an integer ≥ 0 (seconds), got 2.5',
  ]);
  // with the rest fixed, maxUnavailable 0 over the Deployment's maxSurge 0 is Kubernetes' error, at the override
  const both0 = deployment({ spec: '  strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }\n' }) + scenario('      strategy: { rollingUpdate: { maxUnavailable: 0 } }\n');
  assert.equal(problems(both0), [
    'pods.yaml:32:52: spec.workloads[0].strategy.rollingUpdate.maxUnavailable: expected a maxUnavailable > 0 when maxSurge is 0, got 0 (as Kubernetes: a rollout could never progress)',
  ]);
});

test('a sweep and --set reach the lifecycle keys of a workload', () => {
  const text = deployment() + scenario('      preStop: 1s\n') + '  sweep:\n    workloads[0].preStop: [0s, 5s]\n    workloads[0].readinessProbe.periodSeconds: [1, 2]\n';
  const s = loadScenarioText(text, FILE);
  assert.equal(
    s.points.map((p) => [p.spec.workloads[0]!.lifecycle!.preStop, p.spec.workloads[0]!.lifecycle!.readinessProbe?.period]),
    [[0, 1 * S], [0, 2 * S], [5 * S, 1 * S], [5 * S, 2 * S]],
  );
  const set = loadScenarioText(deployment() + scenario(), FILE, { overrides: ['workloads[0].terminationGracePeriodSeconds=3', 'workloads[0].strategy.rollingUpdate.maxSurge=2'] });
  const l = set.points[0]!.spec.workloads[0]!.lifecycle!;
  assert.is(l.terminationGracePeriod, 3 * S);
  assert.equal(l.maxSurge, { value: 2, percent: false });
});

test('an endpointSlice workload takes no pod lifecycle', () => {
  const text = `apiVersion: v1
kind: Service
metadata: { name: ext }
spec:
  ports: [{ name: http, port: 80 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: ext-1, labels: { kubernetes.io/service-name: ext } }
addressType: IPv4
ports: [{ name: http, port: 80 }]
endpoints: [{ addresses: [192.0.2.10] }]
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: ext }
spec:
  duration: 1s
  workloads:
    - endpointSlice: ext-1
      serviceTime: { distribution: constant, mean: 1ms }
      preStop: 5s
  traffic: [{ name: t, target: ext:80, arrival: { rate: 10 } }]
`;
  assert.equal(problems(text), [
    'pods.yaml:22:7: spec.workloads[0].preStop: expected no pod lifecycle for an endpointSlice workload (its endpoints are not pods the simulator runs), got key "preStop"',
  ]);
});

test.run();
