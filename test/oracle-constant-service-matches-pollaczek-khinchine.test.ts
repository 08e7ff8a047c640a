/**
 * Constant service time: M/D/1, mean sojourn by Pollaczek–Khinchine,
 * D + ρD / (2(1 − ρ)). λ = 850/s, D = 1 ms (ρ = 0.85): W = 3.8333 ms.
 * Tolerance: theory inside the 99.9 % t-interval of 10 runs of 240 s, interval
 * narrower than ±3 %. The minimum latency must be exactly D (nobody waits less
 * than a service time, and service is never shorter).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { md1Sojourn, T999 } from './helpers/queueing.js';
import { meanCI, oracleScenario, simulateText } from './helpers/simulate.js';

test('one pod with constant service is an M/D/1 queue (Pollaczek–Khinchine)', () => {
  const lambda = 850;
  const d = 0.001;
  const r = simulateText(
    oracleScenario({ replicas: 1, rate: lambda, serviceTime: '{ distribution: constant, mean: 1ms }', runs: 10, duration: '240s', warmup: '3s' }),
  );
  const W = md1Sojourn(lambda, d);
  const { mean, half } = meanCI(r.means, T999[9]!);
  assert.ok(Math.abs(mean - W) <= half, `mean ${mean} vs W ${W} ± ${half}`);
  assert.ok(half / W < 0.03, `interval ±${((half / W) * 100).toFixed(2)} %`);
  assert.is(r.merged.min, 1_000_000);
});

test.run();
