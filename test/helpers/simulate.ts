/** Run a scenario text through the whole simulator (loader → cluster → engine), in process. */
import { loadScenarioText } from '../../src/scenario/index.js';
import { buildCluster } from '../../src/cluster/build.js';
import { simulateRun, type RunCounters } from '../../src/traffic/simulation.js';
import { LatencyHistogram } from '../../src/metrics/histogram.js';

export interface OracleRuns {
  /** Mean latency of each run, seconds. */
  readonly means: number[];
  /** All runs' histograms merged. */
  readonly merged: LatencyHistogram;
  readonly runs: RunCounters[];
}

export function simulateText(text: string, point = 0): OracleRuns {
  const loaded = loadScenarioText(text, 'oracle.yaml');
  const p = loaded.points[point]!;
  const cluster = buildCluster(p);
  const merged = new LatencyHistogram();
  const means: number[] = [];
  const runs: RunCounters[] = [];
  for (let r = 0; r < p.spec.runs; r++) {
    const c = simulateRun(cluster, p.spec, r);
    runs.push(c);
    means.push(c.latency.sum / c.latency.count / 1e9);
    merged.add(c.latency);
  }
  return { means, merged, runs };
}

/** Mean, and the half-width of its two-sided confidence interval for quantile t. */
export function meanCI(xs: readonly number[], t: number): { mean: number; half: number } {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const s2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, half: t * Math.sqrt(s2 / n) };
}

/** A minimal oracle scenario: one Deployment of `replicas` behind Service `svc:80`, no network latency, no proxy cost. */
export function oracleScenario(o: {
  replicas: number;
  nodes?: number;
  mode?: string;
  rate: number;
  serviceTime: string;
  concurrency?: number;
  runs: number;
  duration: string;
  warmup: string;
  seed?: number;
}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: ${o.replicas}
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      containers: [{ name: app, image: app, ports: [{ containerPort: 8080 }] }]
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
metadata: { name: oracle }
spec:
  seed: ${o.seed ?? 11}
  runs: ${o.runs}
  warmup: ${o.warmup}
  duration: ${o.duration}
  cluster:
    nodes: ${o.nodes ?? 1}
    proxy: { mode: ${o.mode ?? 'iptables'}, cost: 0 }
    network: { latency: 0 }
  workloads:
    - deployment: app
      serviceTime: ${o.serviceTime}
      concurrency: ${o.concurrency ?? 1}
  traffic:
    - name: load
      target: svc:80
      arrival: { process: poisson, rate: ${o.rate} }
`;
}
