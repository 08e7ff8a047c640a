/**
 * workloads[].queueLimit: a request that finds the queue full is answered
 * 503 at once (`rejected`). With queueLimit 0 and c servers the pod is the
 * M/M/c/c loss system, whose blocking probability is Erlang B:
 * B(c, a) = (a^c / c!) / Σ_{k=0..c} a^k / k!, a = λ/μ — PASTA: Poisson
 * arrivals see the time average. With queueLimit K it is M/M/1/(K+1):
 * P(block) = (1 − ρ) ρ^(K+1) / (1 − ρ^(K+2)).
 *
 * Tolerance: 10 runs of 200 s (λ = 50/s: ~10,000 arrivals each); the theory
 * must lie in the 99.9 % Student-t interval of the per-run rejected
 * fractions, and that interval must be narrower than ±5 % of the value
 * (±8 % for M/M/1/3, whose blocking is rarer: ~1,700 rejections a run).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from './helpers/scenario.js';
import { meanCI } from './helpers/simulate.js';

const T999_9 = 4.781; // Student t, 9 degrees of freedom, two-sided 99.9 %

function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

function rejectedFractions(o: { concurrency: number; queueLimit: number; rate: number }): number[] {
  const out: number[] = [];
  for (let run = 0; run < 10; run++) {
    const { c } = simulate({ replicas: 1, rate: o.rate, concurrency: o.concurrency, queueLimit: o.queueLimit, serviceTime: '{ distribution: exponential, mean: 20ms }', duration: '200s', warmup: '5s' }, run);
    assert.is(c.completed + c.rejected, c.requests);
    out.push(c.rejected / c.requests);
  }
  return out;
}

test('queueLimit 0 with one server blocks a/(1+a) of the requests (Erlang B)', () => {
  const { mean, half } = meanCI(rejectedFractions({ concurrency: 1, queueLimit: 0, rate: 50 }), T999_9);
  const theory = erlangB(1, 50 * 0.02); // a = 1: 0.5
  assert.ok(Math.abs(mean - theory) <= half, `rejected ${mean} ± ${half}, Erlang B ${theory}`);
  assert.ok(half < 0.05 * theory, `interval ±${half} too wide`);
});

test('queueLimit 0 with 3 servers matches Erlang B(3, a)', () => {
  const { mean, half } = meanCI(rejectedFractions({ concurrency: 3, queueLimit: 0, rate: 100 }), T999_9);
  const theory = erlangB(3, 100 * 0.02); // a = 2: 0.2105
  assert.ok(Math.abs(mean - theory) <= half, `rejected ${mean} ± ${half}, Erlang B ${theory}`);
  assert.ok(half < 0.05 * theory, `interval ±${half} too wide`);
});

test('queueLimit K with one server blocks like M/M/1/(K+1)', () => {
  const rho = 40 * 0.02;
  const K = 2;
  const theory = ((1 - rho) * rho ** (K + 1)) / (1 - rho ** (K + 2));
  const { mean, half } = meanCI(rejectedFractions({ concurrency: 1, queueLimit: K, rate: 40 }), T999_9);
  assert.ok(Math.abs(mean - theory) <= half, `rejected ${mean} ± ${half}, M/M/1/${K + 1} ${theory}`);
  assert.ok(half < 0.08 * theory, `interval ±${half} too wide`);
});

test.run();
