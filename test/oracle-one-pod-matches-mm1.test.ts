/**
 * One pod, concurrency 1, exponential service, Poisson arrivals, no network
 * latency and no proxy cost: the simulator must be an M/M/1 queue.
 * λ = 800/s, μ = 1000/s (ρ = 0.8): W = 5 ms, sojourn ~ Exp(200/s).
 * Tolerance: the theoretical mean must lie in the 99.9 % Student-t interval of
 * 10 independent runs (each 400 s, ~320k requests), and that interval must be
 * narrower than ±3 % so the test has the power to catch a wrong model.
 * Percentiles: within 3 % — the sampling error of a p99 over 3.2M correlated
 * samples is ~0.35 % (1σ, variance inflated ~9× by autocorrelation at ρ = 0.8)
 * and the histogram's resolution 0.1 %.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expQuantile, mm1Sojourn, T999 } from './helpers/queueing.js';
import { meanCI, oracleScenario, simulateText } from './helpers/simulate.js';

test('one pod with exponential service is an M/M/1 queue (mean and percentiles of the sojourn time)', () => {
  const lambda = 800;
  const mu = 1000;
  const r = simulateText(
    oracleScenario({ replicas: 1, rate: lambda, serviceTime: '{ distribution: exponential, mean: 1ms }', runs: 10, duration: '400s', warmup: '5s' }),
  );
  const W = mm1Sojourn(lambda, mu);
  const { mean, half } = meanCI(r.means, T999[9]!);
  assert.ok(Math.abs(mean - W) <= half, `mean ${mean} vs W ${W} ± ${half}`);
  assert.ok(half / W < 0.03, `interval too wide to test anything: ±${((half / W) * 100).toFixed(2)} %`);
  for (const q of [0.5, 0.9, 0.99]) {
    const sim = r.merged.valueAtPercentile(q * 100) / 1e9;
    const th = expQuantile(mu - lambda, q);
    assert.ok(Math.abs(sim / th - 1) < 0.03, `p${q * 100}: ${sim} vs ${th}`);
  }
  // every planned request ended, all successfully
  for (const c of r.runs) assert.is(c.completed, c.requests);
});

test.run();
