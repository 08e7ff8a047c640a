/**
 * Pollaczek–Khinchine holds for ANY service distribution (M/G/1):
 *   W = E[S] + λ·E[S²] / (2(1 − ρ)).
 * Through the whole simulator this checks the uniform and log-normal
 * service times (their inverse CDFs, Acklam's normal quantile included), not
 * just their means. λ = 800/s, E[S] = 1 ms (ρ = 0.8):
 *   uniform on [0.5, 1.5] ms: E[S²] = (a² + ab + b²)/3 = 1.0833 ms² → W = 3.167 ms
 *   log-normal, σ = 0.5:      E[S²] = E[S]²·e^{σ²} = 1.2840 ms²  → W = 3.568 ms
 * Tolerance: theory inside the 99.9 % t-interval of 10 runs of 200 s, the
 * interval narrower than ±3 % (so a 5 % error in E[S²] — e.g. a wrong σ —
 * would fail).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { T999 } from './helpers/queueing.js';
import { meanCI, oracleScenario, simulateText } from './helpers/simulate.js';

function mg1Sojourn(lambda: number, es: number, es2: number): number {
  const rho = lambda * es;
  return es + (lambda * es2) / (2 * (1 - rho));
}

const cases = [
  { name: 'uniform', spec: '{ distribution: uniform, mean: 1ms, spread: 500us }', es2: (0.0005 ** 2 + 0.0005 * 0.0015 + 0.0015 ** 2) / 3 },
  { name: 'log-normal', spec: '{ distribution: lognormal, mean: 1ms, sigma: 0.5 }', es2: 0.001 ** 2 * Math.exp(0.25) },
];

for (const c of cases) {
  test(`one pod with ${c.name} service is an M/G/1 queue (Pollaczek–Khinchine)`, () => {
    const lambda = 800;
    const r = simulateText(oracleScenario({ replicas: 1, rate: lambda, serviceTime: c.spec, runs: 10, duration: '200s', warmup: '3s' }));
    const W = mg1Sojourn(lambda, 0.001, c.es2);
    const { mean, half } = meanCI(r.means, T999[9]!);
    assert.ok(Math.abs(mean - W) <= half, `mean ${mean} vs W ${W} ± ${half}`);
    assert.ok(half / W < 0.03, `interval ±${((half / W) * 100).toFixed(2)} %`);
  });
}

test('the service-time mean itself is right: at low load the latency is the service time (10 runs, ρ = 0.01)', () => {
  // with ρ = 1 % queueing adds ~1 %·E[S²]/(2E[S]); compare the mean with E[S] + that
  for (const c of cases) {
    const lambda = 10;
    const r = simulateText(oracleScenario({ replicas: 1, rate: lambda, serviceTime: c.spec, runs: 10, duration: '1000s', warmup: '0s' }));
    const W = mg1Sojourn(lambda, 0.001, c.es2);
    const { mean, half } = meanCI(r.means, T999[9]!);
    assert.ok(Math.abs(mean - W) <= half, `${c.name}: mean ${mean} vs ${W} ± ${half}`);
    assert.ok(half / W < 0.02, `${c.name}: interval ±${((half / W) * 100).toFixed(2)} %`);
  }
});

test.run();
