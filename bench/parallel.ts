/**
 * The worker pool's speed-up: one sweep of 10 runs (M/M/1, 10 M requests
 * each: ~20 s of single-core work at ~5 M requests/s) through the real CLI
 * with --workers 1, then --workers 2, wall time of each whole process. On a
 * 2-core machine the goal is ≥ 1.8×. `ratio_to_baseline` = workers-1 wall ÷
 * workers-2 wall. The bytes are compared too: the speed-up must not change
 * a result.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './types.js';
import { oracleScenario } from '../test/helpers/simulate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function parallelBench(): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'clusterip-bench-par-'));
  try {
    const file = join(dir, 'mm1-10-runs.yaml');
    // λ = 100k/s for 100 s: 10 M requests a run, 10 runs
    writeFileSync(file, oracleScenario({ replicas: 1, rate: 100_000, serviceTime: '{ distribution: exponential, mean: 8us }', runs: 10, duration: '100s', warmup: '0s', seed: 1 }));
    const bin = join(root, 'dist', 'clusterip-sim.mjs');
    const preload = new URL('./peak-rss.js', import.meta.url).href;
    // wall time, and the cores the process got on average (CPU seconds ÷ wall): on a shared machine a
    // speed-up below 2 is often the second core being busy elsewhere, which this shows
    const measure = (workers: number): { wall: number; cores: number } => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['--import', preload, bin, 'run', file, '--out', join(dir, `w${workers}`), '--workers', String(workers), '--progress', 'none'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (r.status !== 0) throw new Error(`bench run failed: ${r.stderr.toString()}`);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = Number(/cpu_s=([\d.]+)/.exec(r.stderr.toString())?.[1] ?? NaN);
      return { wall, cores: cpu / wall };
    };
    const w1 = measure(1);
    const w2 = measure(2);
    const one = w1.wall;
    const two = w2.wall;
    const same = ['summary.csv', 'histograms.csv', 'timeseries.csv'].every(
      (f) => readFileSync(join(dir, 'w1', 'oracle', f), 'utf8') === readFileSync(join(dir, 'w2', 'oracle', f), 'utf8'),
    );
    const requests = 10 * 10_000_000;
    return [
      { suite: 'parallel', name: '10 runs x 10M requests, --workers 1 (whole process)', ops_per_s: requests / one, ns_per_op: (one * 1e9) / requests, ratio_to_baseline: null, baseline: `${one.toFixed(2)} s wall, ${w1.cores.toFixed(2)} cores busy on average` },
      {
        suite: 'parallel',
        name: '10 runs x 10M requests, --workers 2 (goal >= 1.8x on 2 cores)',
        ops_per_s: requests / two,
        ns_per_op: (two * 1e9) / requests,
        ratio_to_baseline: one / two,
        baseline: `${two.toFixed(2)} s wall, ${w2.cores.toFixed(2)} cores busy on average; speed-up ${(one / two).toFixed(2)}x over --workers 1; bytes ${same ? 'identical' : 'DIFFER'}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
