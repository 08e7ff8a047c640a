/** A small scenario text with the knobs the data-plane tests turn (one Deployment behind svc:80). */
import { loadScenarioText } from '../../src/scenario/index.js';
import { buildCluster, type BuiltCluster } from '../../src/cluster/build.js';
import { simulateRun, type RunCounters } from '../../src/traffic/simulation.js';

export interface Knobs {
  replicas: number;
  nodes?: string;
  zones?: string;
  mode?: string;
  service?: string;
  rate: number;
  serviceTime?: string;
  concurrency?: number;
  queueLimit?: number;
  clients?: number;
  from?: string;
  connection?: string;
  timeout?: string;
  duration?: string;
  warmup?: string;
  seed?: number;
}

export function scenarioText(o: Knobs): string {
  return `apiVersion: apps/v1
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
  selector: { app: app }
  ports: [{ port: 80, targetPort: 8080 }]
${o.service ?? ''}
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: t }
spec:
  seed: ${o.seed ?? 3}
  warmup: ${o.warmup ?? '0s'}
  duration: ${o.duration ?? '20s'}
  cluster:
    nodes: ${o.nodes ?? '1'}
${o.zones !== undefined ? `    zones: ${o.zones}\n` : ''}    proxy: { mode: ${o.mode ?? 'iptables'}, cost: 0 }
    network: { latency: 0 }
  workloads:
    - deployment: app
      serviceTime: ${o.serviceTime ?? '{ distribution: exponential, mean: 1ms }'}
      concurrency: ${o.concurrency ?? 1}
${o.queueLimit !== undefined ? `      queueLimit: ${o.queueLimit}\n` : ''}  traffic:
    - name: t
      target: svc:80
      clients: ${o.clients ?? 1}
${o.from !== undefined ? `      from: ${o.from}\n` : ''}      arrival: { process: poisson, rate: ${o.rate} }
${o.connection !== undefined ? `      connection: ${o.connection}\n` : ''}${o.timeout !== undefined ? `      timeout: ${o.timeout}\n` : ''}`;
}

/** Load, build and simulate run `run` of point 0. */
export function simulate(o: Knobs, run = 0): { c: RunCounters; cluster: BuiltCluster } {
  const p = loadScenarioText(scenarioText(o), 't.yaml').points[0]!;
  const cluster = buildCluster(p);
  return { c: simulateRun(cluster, p.spec, run), cluster };
}

/** Endpoints that received at least one request. */
export function used(c: RunCounters): number {
  return Array.from(c.epRequests).filter((n) => n > 0).length;
}
