/**
 * The warm-up check (metrics/mser.ts: MSER-5 on the per-interval p50, mean
 * over runs, plus a 3-standard-error test that the truncated batches really
 * differ): it fires for an M/M/1 started empty at ρ = 0.97 with no warm-up
 * (relaxation time 1/(μ(1 − √ρ)²) ≈ 44 s at μ = 100/s, so the first tens of
 * seconds are transient), and not for the same load after 150 s of warm-up,
 * nor for ρ = 0.5 started empty (a transient of well under a second). Fixed
 * seeds; over 5 seeds each the first fired 5/5 and the others 0/5 (0/6 at
 * ρ = 0.5). A shift must also be ≥ 5 % to count: one long light-load run
 * (scenarios/large/scale-5k-nodes.yaml) gave a 3-standard-error shift of a
 * fraction of a percent.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { warmupAdvice } from '../src/metrics/mser.js';
import { oracleScenario, simulateText } from './helpers/simulate.js';
import { cli, tempDir } from './helpers/cli.js';

function scenario(rate: number, warmup: string, seed: number): string {
  return oracleScenario({ replicas: 1, rate, serviceTime: '{ distribution: exponential, mean: 10ms }', runs: 20, duration: '60s', warmup, seed });
}

/** The advice for a scenario, from the runs' interval series as the CLI builds it. */
function advice(text: string, warmupNs: number) {
  const { runs } = simulateText(text);
  const s0 = runs[0]!.series;
  const full = Math.floor((warmupNs + 60e9) / s0.widthNs);
  const y = new Float64Array(full);
  for (let k = 0; k < full; k++) {
    let sum = 0;
    let n = 0;
    for (const r of runs) {
      const v = r.series.p50[k]!;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    y[k] = n > 0 ? sum / n : NaN;
  }
  return warmupAdvice(y, s0.widthNs, warmupNs);
}

test('started empty at ρ = 0.97 with no warm-up: the check fires and suggests a warm-up', () => {
  for (const seed of [1, 2, 3]) {
    const a = advice(scenario(97, '0s', seed), 0);
    assert.ok(a !== null, `seed ${seed}`);
    assert.ok(a.settleNs >= 5e9, `seed ${seed}: ${a.settleNs}`);
  }
});

test('the same load after a 150 s warm-up, or ρ = 0.5 started empty: no warning', () => {
  for (const seed of [1, 2, 3]) {
    assert.is(advice(scenario(97, '150s', seed), 150e9), null, `ρ = 0.97, seed ${seed}`);
    assert.is(advice(scenario(50, '0s', seed), 0), null, `ρ = 0.5, seed ${seed}`);
  }
});

test('a steady, precise series that drifts by a fraction of a percent: no warning (significant, but not worth one)', () => {
  // one long run at light load: 60 interval p50s of 3.75 ms, the first 30 higher by 0.4 %, noise 0.05 %
  const y = Float64Array.from({ length: 60 }, (_, k) => 3.75e6 * (1 + (k < 30 ? 0.004 : 0) + 0.0005 * Math.sin(k * 1.7)));
  assert.is(warmupAdvice(y, 1e9, 0), null);
  // the same shape at 20 %: a real transient
  const z = Float64Array.from({ length: 60 }, (_, k) => 3.75e6 * (1 + (k < 15 ? 0.2 : 0) + 0.0005 * Math.sin(k * 1.7)));
  assert.ok(warmupAdvice(z, 1e9, 0) !== null);
});

test('the CLI prints it on stderr with the suggested warm-up, and still exits 0', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'hot.yaml');
    writeFileSync(file, scenario(97, '0s', 1));
    const r = cli(['run', file, '--out', join(dir, 'out'), '--progress', 'none']);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: oracle: warmup 0s looks too short for this load: latency settles after ~\d+s .*try warmup: \d+s/);
    assert.is(r.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a change a scenario event makes is not a warm-up transient: judged before the first event only', () => {
  // ρ = 0.5 after a 5 s warm-up, then at 20 s the rate goes from 50 to 90/s (ρ = 0.9): the p50
  // series steps up there, which MSER over the whole run reads as a transient ending at 20 s
  // (the build before the check stopped at the first event warned here)
  const dir = tempDir();
  try {
    const file = join(dir, 'release.yaml');
    const text = oracleScenario({ replicas: 1, rate: 50, serviceTime: '{ distribution: exponential, mean: 10ms }', runs: 3, duration: '40s', warmup: '5s', seed: 1 });
    writeFileSync(file, `${text}  events:\n    - { at: 20s, action: set, path: "traffic[0].arrival.rate", value: 90 }\n`);
    const r = cli(['run', file, '--out', join(dir, 'out'), '--progress', 'none']);
    assert.is(r.status, 0, r.stderr);
    assert.not.match(r.stderr, /looks too short/);
    // and the start before the event is still judged: the hot start with an event late in the run warns
    const hot = join(dir, 'hot.yaml');
    writeFileSync(hot, `${scenario(97, '0s', 1)}  events:\n    - { at: 55s, action: set, path: "traffic[0].arrival.rate", value: 97 }\n`);
    const h = cli(['run', hot, '--out', join(dir, 'out2'), '--progress', 'none']);
    assert.is(h.status, 0, h.stderr);
    assert.match(h.stderr, /warning: oracle: warmup 0s looks too short for this load/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
