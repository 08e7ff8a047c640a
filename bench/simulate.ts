/**
 * Whole-simulator throughput: simulated requests per wall-clock second.
 * - in process: M/M/1 (one pod, ρ = 0.8, no latency or proxy cost) and the
 *   seed scenario (scenarios/backend-webapp.yaml: 3 nodes, 3 replicas,
 *   iptables with its auto cost, network latency, lognormal service,
 *   timeouts), each over 10 M requests after loading and building; the seed
 *   scenario again with a pod killed every 10 s (4,000 kill-pod events: the
 *   control plane's kubelet, EndpointSlice and kube-proxy work, and the
 *   refused/reset requests), as a speed ratio to the plain seed row;
 * - whole process: `clusterip-sim run` on an M/M/1 scenario of 1 M requests,
 *   Node's start-up, loading and writing the results included.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun } from '../src/traffic/simulation.js';
import type { BenchRow } from './types.js';
import { oracleScenario } from '../test/helpers/simulate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** M/M/1 at λ = 100k/s, mean service 8 µs (ρ = 0.8), one run of `requests` arrivals, no latency or proxy cost. */
export function mm1Scenario(requests: number): string {
  return oracleScenario({ replicas: 1, rate: 100_000, serviceTime: '{ distribution: exponential, mean: 8us }', runs: 1, duration: `${requests / 100_000}s`, warmup: '0s', seed: 1 });
}

/** The seed scenario's text with `count` kill-pod events (one pod of backend-webapp), one every `everyS` seconds from everyS/2 (its Scenario document is the file's last, ending inside spec). */
export function withKills(seedText: string, count: number, everyS: number): string {
  const lines = ['  events:'];
  for (let k = 0; k < count; k++) lines.push(`    - { at: ${everyS / 2 + k * everyS}s, action: kill-pod, deployment: backend-webapp, count: 1 }`);
  return `${seedText.trimEnd()}\n${lines.join('\n')}\n`;
}

function inProcess(name: string, text: string, file: string, overrides: string[], note?: (c: ReturnType<typeof simulateRun>) => string): BenchRow {
  const loaded = loadScenarioText(text, file, { overrides });
  const point = loaded.points[0]!;
  const cluster = buildCluster(point);
  // warm-up run on a short window so that the JIT has compiled the hot path
  simulateRun(cluster, { ...point.spec, duration: Math.min(point.spec.duration, 2e9), warmup: 0 }, 99);
  const t0 = process.hrtime.bigint();
  const c = simulateRun(cluster, point.spec, 0);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const total = c.requests; // warmup is 0: every arrival is measured
  const extra = note === undefined ? '' : `, ${note(c)}`;
  return { suite: 'simulate', name, ops_per_s: total / s, ns_per_op: (s * 1e9) / total, ratio_to_baseline: null, baseline: `${total} requests in ${s.toFixed(2)} s${extra}` };
}

/** `clusterip-sim run ARGS` in a fresh Node process, best wall time of 3, as requests per second (1M requests). */
function wholeProcess(name: string, args: string[], dir: string): BenchRow {
  const bin = join(root, 'dist', 'clusterip-sim.mjs');
  const times = [1, 2, 3].map(() => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'run', ...args, '--out', join(dir, 'out'), '--progress', 'none'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0 && r.status !== 1) throw new Error(`bench run failed: ${r.stderr.toString()}`);
    return s;
  });
  const s = Math.min(...times);
  return { suite: 'simulate', name, ops_per_s: 1e6 / s, ns_per_op: (s * 1e9) / 1e6, ratio_to_baseline: null, baseline: `best of 3: ${s.toFixed(3)} s wall incl. Node start-up` };
}

export function simulateBench(): BenchRow[] {
  const rows: BenchRow[] = [];
  rows.push(inProcess('in process: M/M/1, 10M requests (target >= 5M/s)', mm1Scenario(10_000_000), 'bench-mm1.yaml', []));
  const seedFile = join(root, 'scenarios', 'backend-webapp.yaml');
  // the seed scenario as written, one run stretched to 10M requests at its own 250/s
  const seedText = readFileSync(seedFile, 'utf8');
  const seedRow = inProcess('in process: seed scenario, 10M requests (target >= 2M/s)', seedText, seedFile, ['runs=1', 'warmup=0', 'duration=40000s']);
  rows.push(seedRow);
  // the same with one pod of the Deployment killed every 10 s over the 40,000 s
  const kills = withKills(seedText, 4000, 10);
  // (CrashLoopBackOff: a pod killed again before it has run 10 min restarts ever later, so most kills find it crashed already)
  const killed = inProcess('in process: seed scenario with a kill every 10 s, 10M requests (target >= 2M/s)', kills, seedFile, ['runs=1', 'warmup=0', 'duration=40000s'], (c) => {
    const share = (x: number) => `${((100 * x) / c.requests).toFixed(1)} %`;
    return `${share(c.refused)} refused, ${share(c.reset)} reset, ${c.programming.changes.length} endpoint changes`;
  });
  rows.push({ ...killed, ratio_to_baseline: killed.ops_per_s / seedRow.ops_per_s, baseline: `${killed.baseline}; speed ratio to the plain seed scenario` });

  // stateful policies: 10 replicas at ρ = 0.8, one node, 5M requests; the baseline is the same
  // scenario under iptables in the same run (target: ≥ 2.5 M requests/s for each)
  const ten = (mode: string) =>
    oracleScenario({ replicas: 10, rate: 1_000_000, serviceTime: '{ distribution: exponential, mean: 8us }', runs: 1, duration: '5s', warmup: '0s', seed: 1, mode });
  const base10 = inProcess('in process: 10 replicas, iptables, 5M requests (baseline)', ten('iptables'), 'bench-10.yaml', []);
  rows.push(base10);
  let lc: BenchRow | undefined;
  for (const [label, mode, set] of [
    ['ipvs lc', 'ipvs', 'cluster.proxy.scheduler=lc'],
    ['mesh least-request', 'mesh', 'cluster.proxy.algorithm=least-request'],
  ] as const) {
    const r = inProcess(`in process: 10 replicas, ${label}, 5M requests (target >= 2.5M/s)`, ten(mode), 'bench-10.yaml', [set]);
    rows.push({ ...r, ratio_to_baseline: r.ops_per_s / base10.ops_per_s, baseline: `${r.baseline}; speed ratio to iptables` });
    if (mode === 'ipvs') lc = r;
  }
  // the same lc run with a client timeout (that never fires): a timeout a counting policy hears
  // of acts when it passes, so the run keeps timeouts as events (traffic/timeouts.ts) — what that costs
  const lcTimeout = inProcess('in process: 10 replicas, ipvs lc, 1 s client timeout, 5M requests', ten('ipvs'), 'bench-10.yaml', ['cluster.proxy.scheduler=lc', 'traffic[0].timeout=1s']);
  rows.push({ ...lcTimeout, ratio_to_baseline: lcTimeout.ops_per_s / lc!.ops_per_s, baseline: `${lcTimeout.baseline}; speed ratio to ipvs lc without a timeout` });

  // whole process: Node start-up + load + simulate + write, 1M requests — M/M/1 and the seed scenario
  const dir = mkdtempSync(join(tmpdir(), 'clusterip-bench-'));
  try {
    const file = join(dir, 'mm1.yaml');
    writeFileSync(file, mm1Scenario(1_000_000));
    rows.push(wholeProcess('whole process: M/M/1, 1M requests (target >= 2.5M/s)', [file], dir));
    rows.push(
      wholeProcess('whole process: seed scenario, 1M requests', [seedFile, '--runs', '1', '--set', 'warmup=0', '--set', 'duration=4000s'], dir),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
