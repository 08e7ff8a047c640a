/**
 * Small scenarios for the failure and control-plane tests (issue 6): one
 * Deployment `app` behind `svc:80`, optional readiness probe, control-plane
 * delays and events, run in process through the public API
 * (loadScenarioText → buildCluster → simulateRun).
 */
import { loadScenarioText } from '../../src/scenario/index.js';
import { buildCluster, type BuiltCluster } from '../../src/cluster/build.js';
import { simulateRun, type RunCounters } from '../../src/traffic/simulation.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { EndpointChange } from '../../src/cluster/control-plane/programming-log.js';

export interface FailureKnobs {
  replicas: number;
  nodes?: number;
  /** The container's readinessProbe as YAML flow text (core/v1 names), or none. */
  probe?: string;
  /** Extra Deployment spec keys (e.g. a strategy), indented for `spec:`. */
  deploymentExtra?: string;
  /** `cluster.controlPlane` as YAML flow text. */
  controlPlane?: string;
  mode?: string;
  latency?: string;
  serviceTime?: string;
  concurrency?: number;
  startupTime?: string;
  /** Extra `workloads[0]` keys as YAML flow pairs (e.g. `preStop: 3s`). */
  workloadExtra?: string;
  /** The whole `traffic:` list body (indented 4), or a default poisson source at `rate`. */
  traffic?: string;
  rate?: number;
  timeout?: string;
  events: string[];
  seed?: number;
  warmup?: string;
  duration: string;
  interval?: string;
  runs?: number;
}

export function failureScenario(o: FailureKnobs): string {
  const probe = o.probe !== undefined ? `\n          readinessProbe: ${o.probe}` : '';
  const traffic =
    o.traffic ??
    `    - name: t
      target: svc:80
      arrival: { process: poisson, rate: ${o.rate ?? 100} }
${o.timeout !== undefined ? `      timeout: ${o.timeout}\n` : ''}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: ${o.replicas}
  selector: { matchLabels: { app: app } }
${o.deploymentExtra ?? ''}  template:
    metadata: { labels: { app: app } }
    spec:
      containers:
        - name: c
          image: i
          ports: [{ containerPort: 8080 }]${probe}
---
apiVersion: v1
kind: Service
metadata: { name: svc }
spec:
  selector: { app: app }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: t }
spec:
  seed: ${o.seed ?? 1}
  runs: ${o.runs ?? 1}
  warmup: ${o.warmup ?? '0s'}
  duration: ${o.duration}
${o.interval !== undefined ? `  metrics: { interval: ${o.interval} }\n` : ''}  cluster:
    nodes: ${o.nodes ?? 2}
    proxy: { mode: ${o.mode ?? 'nftables'}, cost: 0 }
    network: { latency: ${o.latency ?? '0'} }
${o.controlPlane !== undefined ? `    controlPlane: ${o.controlPlane}\n` : ''}  workloads:
    - { deployment: app, serviceTime: ${o.serviceTime ?? '{ distribution: exponential, mean: 1ms }'}, concurrency: ${o.concurrency ?? 4}, startupTime: ${o.startupTime ?? '1s'}${o.workloadExtra !== undefined ? `, ${o.workloadExtra}` : ''} }
  traffic:
${traffic}  events:${o.events.length === 0 ? ' []' : ''}
${o.events.map((e) => `    - ${e}`).join('\n')}
`;
}

export interface Loaded {
  spec: ScenarioSpec;
  cluster: BuiltCluster;
  /** Names of the pods that exist at t=0 (spares excluded), in pod-id order. */
  pods: string[];
}

/** Load point `point` of a scenario text and build its cluster. */
export function load(text: string, point = 0): Loaded {
  const p = loadScenarioText(text, 't.yaml').points[point]!;
  const cluster = buildCluster(p);
  const pods = cluster.podNames.filter((_, i) => cluster.podSpare[i] !== 1);
  return { spec: p.spec, cluster, pods };
}

export function simulate(l: Loaded, run = 0): RunCounters {
  return simulateRun(l.cluster, l.spec, run);
}

/** Pod names as the scenario's events need them, before the events exist: load with a placeholder event. */
export function podNames(o: Omit<FailureKnobs, 'events'>): string[] {
  return load(failureScenario({ ...o, events: [] })).pods;
}

/** One endpoint change of the network-programming log with every node's programming time (ns). */
export interface Change extends EndpointChange {
  index: number;
  /** Per node index: when that node programmed it (NaN: never). */
  programmedAt: number[];
}

export function changes(c: RunCounters, nodes: number): Change[] {
  const log = c.programming;
  const out: Change[] = log.changes.map((ch, index) => ({ ...ch, index, programmedAt: new Array<number>(nodes).fill(NaN) }));
  for (let k = 0; k < log.count; k++) out[log.change[k]!]!.programmedAt[log.node[k]!] = log.programmedAt[k]!;
  return out;
}

export const errorsOf = (c: { refused: number; reset: number; timeout: number; dropped: number; rejected: number }) => c.refused + c.reset + c.timeout + c.dropped + c.rejected;

export const S = 1e9;
