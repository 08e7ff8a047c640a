/**
 * When the kubelet notices a failure, by the Kubernetes rules rather than the
 * code (KUBE-FACTS §7, core/v1 Probe):
 *
 * - A pod that hangs at h (accepts, never answers): readiness probes run every
 *   periodSeconds P at a phase of their own; each probe against the hung pod
 *   fails when it times out (timeoutSeconds T0 after it was sent); the pod
 *   turns not ready at the failureThreshold-th failure in a row. The first
 *   probe after h is sent within [h, h + P), the F-th one (F − 1)·P later, so
 *   the API server records the change within [h + (F−1)·P + T0, h + F·P + T0].
 *   Over many pods the probe phase is uniform, so the offset in that window
 *   averages P/2.
 * - When the hang ends at e, the successThreshold-th success in a row (a
 *   success is known when the probe answers, at once): within
 *   [e + (S−1)·P, e + S·P].
 * - A container that exits is seen by the kubelet's PLEG relist within
 *   [kill, kill + exitDetection] — long before a probe with a 10 s period
 *   could tell.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureScenario, load, simulate, changes, podNames, S } from './helpers/failures.js';

const NODES = 2;
const RUNS = 10;

test('a hung pod is removed within [h + (F−1)·P + T0, h + F·P + T0] and added back within [e + (S−1)·P, e + S·P]', () => {
  const P = 2;
  const F = 3;
  const T0 = 1;
  const SUCC = 2;
  const base = {
    replicas: 4,
    nodes: NODES,
    rate: 100,
    timeout: '1s',
    duration: '40s',
    probe: `{ httpGet: { path: /, port: 8080 }, periodSeconds: ${P}, failureThreshold: ${F}, timeoutSeconds: ${T0}, successThreshold: ${SUCC} }`,
  };
  const pods = podNames(base);
  // hangs at times off any lattice, 12.5 s each
  const hangs = [2.05, 3.31, 4.77, 6.13];
  const DUR = 12.5;
  const l = load(failureScenario({ ...base, events: pods.map((p, i) => `{ at: ${hangs[i]! * 1000}ms, action: hang-pod, pod: ${p}, duration: ${DUR * 1000}ms }`) }));
  const offsets: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const c = simulate(l, run);
    const ch = changes(c, NODES);
    pods.forEach((name, i) => {
      const h = hangs[i]! * S;
      const e = h + DUR * S;
      const mine = ch.filter((x) => x.endpoint === name);
      assert.equal(mine.map((x) => x.kind), ['remove', 'add'], `run ${run} ${name}: removed once, added back once`);
      const rm = mine[0]!.changedAt;
      assert.ok(rm >= h + ((F - 1) * P + T0) * S && rm <= h + (F * P + T0) * S, `run ${run}: removal at ${(rm - h) / S} s after the hang, outside [${(F - 1) * P + T0}, ${F * P + T0}]`);
      offsets.push((rm - h) / S - ((F - 1) * P + T0));
      const add = mine[1]!.changedAt;
      assert.ok(add >= e + (SUCC - 1) * P * S && add <= e + SUCC * P * S, `run ${run}: back ${(add - e) / S} s after the hang ended, outside [${(SUCC - 1) * P}, ${SUCC * P}]`);
    });
  }
  // the probe phase is random per pod: offsets ~ U(0, P), mean P/2; sd of the mean over 40 = P/sqrt(12·40) ≈ 0.091 s; 4 sd
  const mean = offsets.reduce((a, b) => a + b, 0) / offsets.length;
  assert.ok(Math.abs(mean - P / 2) < 4 * (P / Math.sqrt(12 * offsets.length)), `mean offset ${mean} s`);
  assert.ok(Math.min(...offsets) < 0.25 * P && Math.max(...offsets) > 0.75 * P, 'offsets spread over the period');
});

test('a container exit is seen within [kill, kill + exitDetection], whatever the probe period', () => {
  const E = 0.3;
  const base = {
    replicas: 4,
    nodes: NODES,
    rate: 100,
    duration: '20s',
    // the default probe: every 10 s, 3 failures — a probe would need ≥ 20 s
    probe: '{ httpGet: { path: /, port: 8080 } }',
    controlPlane: `{ kubelet: { exitDetection: ${E * 1000}ms } }`,
  };
  const pods = podNames(base);
  const at = [2.5, 5.5, 8.5, 11.5];
  const l = load(failureScenario({ ...base, events: pods.map((p, i) => `{ at: ${at[i]! * 1000}ms, action: kill-pod, pod: ${p} }`) }));
  const lags: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const ch = changes(simulate(l, run), NODES);
    pods.forEach((name, i) => {
      const rm = ch.find((x) => x.endpoint === name && x.kind === 'remove');
      assert.ok(rm !== undefined, `run ${run}: ${name} removed`);
      const lag = (rm.changedAt - at[i]! * S) / S;
      assert.ok(lag >= 0 && lag <= E, `run ${run}: detection ${lag} s outside [0, ${E}]`);
      lags.push(lag);
    });
  }
  // U(0, E): mean E/2, sd of the mean over 40 = E/sqrt(480) ≈ 0.0137 s; 4 sd
  const mean = lags.reduce((a, b) => a + b, 0) / lags.length;
  assert.ok(Math.abs(mean - E / 2) < 4 * (E / Math.sqrt(12 * lags.length)), `mean detection ${mean} s`);
});

test.run();
