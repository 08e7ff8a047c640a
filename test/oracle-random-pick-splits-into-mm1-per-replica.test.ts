/**
 * iptables (1/(N−i) cascade) and nftables (numgen random mod N) pick an
 * endpoint uniformly and independently per connection, so a Poisson stream
 * of rate λ over N replicas is N independent M/M/1 queues at λ/N (Poisson
 * splitting). N = 3, λ = 2400/s, μ = 1000/s: each replica at ρ = 0.8, W = 5 ms.
 * Tolerance: theory inside the 99.9 % t-interval of 10 runs of 120 s (~288k
 * requests each), interval narrower than ±3 %. The share of each replica must
 * be 1/3 within 1 % (binomial sd over 2.9M requests ≈ 0.05 %).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mm1Sojourn, T999 } from './helpers/queueing.js';
import { meanCI, oracleScenario, simulateText } from './helpers/simulate.js';

for (const mode of ['iptables', 'nftables']) {
  test(`${mode}: three replicas picked at random are three M/M/1 queues at a third of the load`, () => {
    const r = simulateText(
      oracleScenario({ replicas: 3, mode, rate: 2400, serviceTime: '{ distribution: exponential, mean: 1ms }', runs: 10, duration: '120s', warmup: '2s' }),
    );
    const W = mm1Sojourn(800, 1000);
    const { mean, half } = meanCI(r.means, T999[9]!);
    assert.ok(Math.abs(mean - W) <= half, `mean ${mean} vs W ${W} ± ${half}`);
    assert.ok(half / W < 0.03, `interval ±${((half / W) * 100).toFixed(2)} %`);
    const per = [0, 0, 0];
    let total = 0;
    for (const c of r.runs) {
      for (let p = 0; p < 3; p++) per[p] = per[p]! + c.epRequests[p]!;
      total += c.requests;
    }
    for (const n of per) assert.ok(Math.abs(n / total - 1 / 3) < 0.01, `share ${n / total}`);
  });
}

test.run();
