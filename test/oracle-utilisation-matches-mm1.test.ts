/**
 * endpoints.csv's busy_fraction and mean_queue_length, against M/M/1: a pod
 * serving Poisson arrivals at ρ = λ/μ is busy a fraction ρ of the time and
 * has Lq = ρ²/(1 − ρ) requests waiting on average.
 *
 * Tolerance: 10 runs of 200 s at ρ = 0.6 (~12,000 arrivals a run); the
 * theory must lie in the 99.9 % Student-t interval of the per-run values,
 * and the interval must be narrower than ±5 % (busy) / ±15 % (Lq, whose
 * run-to-run spread is larger) of the value.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from './helpers/scenario.js';
import { meanCI } from './helpers/simulate.js';

const T999_9 = 4.781;

test('busy fraction is ρ and the time-averaged queue is ρ²/(1−ρ)', () => {
  const rho = 0.6;
  const busy: number[] = [];
  const lq: number[] = [];
  for (let run = 0; run < 10; run++) {
    const { c } = simulate({ replicas: 1, rate: 60, serviceTime: '{ distribution: exponential, mean: 10ms }', duration: '200s', warmup: '10s' }, run);
    busy.push(c.podBusyNs[0]! / c.measuredNs);
    lq.push(c.podQueueNs[0]! / c.measuredNs);
  }
  const b = meanCI(busy, T999_9);
  const q = meanCI(lq, T999_9);
  const lqTheory = rho ** 2 / (1 - rho);
  assert.ok(Math.abs(b.mean - rho) <= b.half, `busy ${b.mean} ± ${b.half}, theory ${rho}`);
  assert.ok(b.half < 0.05 * rho, `busy interval ±${b.half}`);
  assert.ok(Math.abs(q.mean - lqTheory) <= q.half, `Lq ${q.mean} ± ${q.half}, theory ${lqTheory}`);
  assert.ok(q.half < 0.15 * lqTheory, `Lq interval ±${q.half}`);
});

test('with concurrency c the busy fraction divides by c (M/M/c: ρ = λ/(cμ))', () => {
  const { c } = simulate({ replicas: 1, rate: 200, concurrency: 4, serviceTime: '{ distribution: exponential, mean: 10ms }', duration: '100s', warmup: '5s' });
  const frac = c.podBusyNs[0]! / (c.measuredNs * 4);
  // ρ = 200 · 0.01 / 4 = 0.5; one run of ~20,000 requests: ±3 %
  assert.ok(Math.abs(frac - 0.5) < 0.015, `busy fraction ${frac}`);
});

test.run();
