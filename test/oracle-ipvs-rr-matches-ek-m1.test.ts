/**
 * IPVS rr on one node deals connections out in turn, so each of N replicas
 * gets every N-th arrival of the Poisson stream: Erlang-N interarrivals, an
 * E_N/M/1 queue. Its sojourn time is Exp(μ(1 − σ)) with σ the root of
 * σ = A*(μ(1 − σ)), A*(s) = (λ/(λ+s))^N (GI/M/1). N = 3, λ = 2400/s,
 * μ = 1000/s (ρ = 0.8): σ ≈ 0.711, W ≈ 3.46 ms against the random pick's
 * 5 ms — 30 % apart, ten times the tolerance, so the test also tells the two
 * policies apart.
 * Tolerance: theory inside the 99.9 % t-interval of 10 runs of 40 s,
 * interval narrower than ±3 %; p99 within 3 % (as in the M/M/1 oracle).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ekm1Sigma, ekm1Sojourn, expQuantile, mm1Sojourn, T999 } from './helpers/queueing.js';
import { meanCI, oracleScenario, simulateText } from './helpers/simulate.js';

test('the GI/M/1 root for Erlang-1 arrivals is ρ (E_1/M/1 = M/M/1)', () => {
  assert.ok(Math.abs(ekm1Sigma(1, 800, 1000) - 0.8) < 1e-9);
  assert.ok(Math.abs(ekm1Sojourn(1, 800, 1000) - mm1Sojourn(800, 1000)) < 1e-9);
});

test('IPVS rr over three replicas on one node is three E_3/M/1 queues', () => {
  const lambda = 2400;
  const mu = 1000;
  const r = simulateText(
    oracleScenario({ replicas: 3, mode: 'ipvs', rate: lambda, serviceTime: '{ distribution: exponential, mean: 1ms }', runs: 10, duration: '40s', warmup: '2s' }),
  );
  const W = ekm1Sojourn(3, lambda, mu);
  const { mean, half } = meanCI(r.means, T999[9]!);
  assert.ok(Math.abs(mean - W) <= half, `mean ${mean} vs W ${W} ± ${half}`);
  assert.ok(half / W < 0.03, `interval ±${((half / W) * 100).toFixed(2)} %`);
  const rate = mu * (1 - ekm1Sigma(3, lambda, mu));
  const p99 = r.merged.valueAtPercentile(99) / 1e9;
  assert.ok(Math.abs(p99 / expQuantile(rate, 0.99) - 1) < 0.03, `p99 ${p99} vs ${expQuantile(rate, 0.99)}`);
  // round robin: the shares are exactly equal up to the last partial turn
  for (const c of r.runs) {
    const shares = [c.epRequests[0]!, c.epRequests[1]!, c.epRequests[2]!];
    assert.ok(Math.max(...shares) - Math.min(...shares) <= 1, `rr shares ${shares}`);
  }
});

test.run();
