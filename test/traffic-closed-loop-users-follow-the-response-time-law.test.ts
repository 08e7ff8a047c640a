/**
 * Closed-loop users (DESIGN.md): N users each send, wait for the answer,
 * think exp(Z), send again. The interactive response-time law (Denning &
 * Buzen's operational laws: N = X · (R + Z)) ties throughput X to the mean
 * response time R whatever the service; and one single-server pod with
 * exponential service S is the finite-source M/M/1//N queue (the machine
 * repairman), whose throughput is X = (1 − p0)/S with
 * p0 = 1 / Σ_{n=0..N} N!/(N−n)! · (S/Z)^n — a closed form nobody here wrote.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureScenario, load, simulate, S } from './helpers/failures.js';

function machineRepairmanX(n: number, s: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= n; k++) {
    term *= ((n - k + 1) * s) / z;
    sum += term;
  }
  return (1 - 1 / sum) / s;
}

for (const users of [10, 40]) {
  test(`${users} users, think 100 ms, one pod at 5 ms: N = X (R + Z) and X matches M/M/1//N`, () => {
    const Z = 0.1;
    const SVC = 0.005;
    const T = 60;
    const o = {
      replicas: 1,
      nodes: 1,
      concurrency: 1,
      serviceTime: `{ distribution: exponential, mean: ${SVC * 1000}ms }`,
      warmup: '2s',
      duration: `${T}s`,
      traffic: `    - name: u
      target: svc:80
      arrival: { process: closed, users: ${users}, thinkTime: ${Z * 1000}ms }
`,
      events: [],
    };
    const c = simulate(load(failureScenario(o)));
    assert.is(c.completed, c.requests, 'no errors');
    const X = c.completed / T;
    const R = c.latency.mean() / S;
    // ~ X·T ≥ 5 000 cycles: the think times' sample mean is within ~1/sqrt(5000) ≈ 1.4 % of Z and the window's
    // edges (users mid-cycle at its start and end) add ≤ N/(X·T) ≈ 0.8 %; 4 × 1.4 % ≈ 6 %
    const law = X * (R + Z);
    assert.ok(Math.abs(law / users - 1) < 0.06, `X (R + Z) = ${law} for N = ${users} (X ${X}/s, R ${R * 1000} ms)`);
    const exact = machineRepairmanX(users, SVC, Z);
    assert.ok(Math.abs(X / exact - 1) < 0.06, `X ${X}/s, M/M/1//N ${exact}/s`);
  });
}

test.run();
