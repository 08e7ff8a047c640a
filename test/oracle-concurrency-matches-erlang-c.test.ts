/**
 * One pod with concurrency c = 4 and exponential service is an M/M/c queue:
 * mean sojourn from Erlang C. λ = 3400/s, μ = 1000/s per slot (ρ = 0.85).
 * Tolerance as in the M/M/1 oracle: theory inside the 99.9 % t-interval of
 * 10 runs of 40 s (~136k requests each), interval narrower than ±3 %.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mmcSojourn, erlangC, T999 } from './helpers/queueing.js';
import { meanCI, oracleScenario, simulateText } from './helpers/simulate.js';

test('Erlang C itself matches a textbook value (c = 2, a = 1: C = 1/3)', () => {
  assert.ok(Math.abs(erlangC(2, 1) - 1 / 3) < 1e-12);
});

test('a pod serving 4 requests at once is an M/M/4 queue (Erlang C)', () => {
  const lambda = 3400;
  const mu = 1000;
  const r = simulateText(
    oracleScenario({ replicas: 1, rate: lambda, serviceTime: '{ distribution: exponential, mean: 1ms }', concurrency: 4, runs: 10, duration: '40s', warmup: '2s' }),
  );
  const W = mmcSojourn(4, lambda, mu);
  const { mean, half } = meanCI(r.means, T999[9]!);
  assert.ok(Math.abs(mean - W) <= half, `mean ${mean} vs W ${W} ± ${half}`);
  assert.ok(half / W < 0.03, `interval ±${((half / W) * 100).toFixed(2)} %`);
});

test.run();
