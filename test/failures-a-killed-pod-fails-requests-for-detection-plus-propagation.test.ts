/**
 * A killed container is refused to for as long as the data planes still
 * route to it, and that window follows from the control plane's rules, not
 * from a run:
 *
 * - No readiness probe: the kubelet restarts the container at once (the
 *   first restart of CrashLoopBackOff has no delay) and a container without
 *   a probe is Ready as soon as it runs, listening or not — so its endpoint
 *   is never removed and new connections to it are refused from the kill
 *   until it listens: detection U(0, exitDetection) + startupTime, i.e. on
 *   average exitDetection/2 + startupTime.
 * - With a probe: the exit turns the pod not ready at detection; the removal
 *   travels API server → EndpointSlice controller (watchDelay) → kube-proxy
 *   (watchDelay) → one sync (syncCost; a token is free); from then on nothing
 *   is sent there, and the endpoint comes back at the first successful probe
 *   after the container listens (probes at initialDelay + k·period from the
 *   container's start), when it already answers — no refusal after that.
 *
 * Each kill hits a different pod (no CrashLoopBackOff delay); 4 kills per run,
 * 10 runs, so the detection draw averages over 40 kills.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureScenario, load, simulate, changes, podNames, S } from './helpers/failures.js';

const RATE = 800;
const N = 4;
const NODES = 2;
const RUNS = 10;
const KILLS = [3, 8, 13, 18];

function kills(pods: string[]): string[] {
  return pods.map((p, i) => `{ at: ${KILLS[i]}s, action: kill-pod, pod: ${p} }`);
}

test('without a probe a kill is refused for exitDetection/2 + startupTime on average, at rate/N', () => {
  const base = { replicas: N, nodes: NODES, rate: RATE, startupTime: '1s', duration: '22s', controlPlane: '{ kubelet: { exitDetection: 1s } }' };
  const l = load(failureScenario({ ...base, events: kills(podNames(base)) }));
  let refused = 0;
  let reset = 0;
  let other = 0;
  for (let run = 0; run < RUNS; run++) {
    const c = simulate(l, run);
    refused += c.refused;
    reset += c.reset;
    other += c.timeout + c.dropped + c.rejected;
    // the endpoint is never removed: nothing reaches the network-programming log
    assert.is(c.programming.changes.length, 0, 'no probe: the restarted container is ready at once, no endpoint change');
  }
  // expected refusals per kill: rate/N × (E[U(0, 1 s)] + startupTime) = 200/s × 1.5 s = 300
  const perKill = (RATE / N) * (0.5 + 1);
  const expected = perKill * KILLS.length * RUNS;
  // variance per kill: Poisson given the window (300) + (rate/N)² Var(U(0,1 s)) = 300 + 200²/12 ≈ 3633;
  // over 40 kills sd ≈ 381 on 12 000 (3.2 %); 4 sd ≈ 12.7 % (a model that waited the whole exitDetection would give +33 %)
  const sd = Math.sqrt(KILLS.length * RUNS * (perKill + (RATE / N) ** 2 / 12));
  assert.ok(Math.abs(refused - expected) < 4 * sd, `refused ${refused}, expected ${expected} ± ${4 * sd}`);
  // resets: only requests in service at the kill (≈ rate/N × 1 ms ≈ 0.2 per kill)
  assert.ok(reset < 40, `reset ${reset}`);
  assert.is(other, 0);
});

test('without a probe and with an instant exit detection the window is exactly startupTime', () => {
  const base = { replicas: N, nodes: NODES, rate: RATE, startupTime: '1s', duration: '22s', controlPlane: '{ kubelet: { exitDetection: 0s } }' };
  const l = load(failureScenario({ ...base, events: kills(podNames(base)) }));
  let refused = 0;
  for (let run = 0; run < RUNS; run++) refused += simulate(l, run).refused;
  // rate/N × 1 s = 200 per kill, Poisson: sd over 40 kills = sqrt(8000) ≈ 89 (1.1 %); 4 sd
  const expected = (RATE / N) * 1 * KILLS.length * RUNS;
  assert.ok(Math.abs(refused - expected) < 4 * Math.sqrt(expected), `refused ${refused}, expected ${expected}`);
});

test('with a probe a kill is refused until every node has synced the removal: detection + 2 × watchDelay + syncCost', () => {
  // probe every 2 s; the container listens 1.5 s after its start, so the first
  // successful probe is 2 s after the restart (probes at k · period from the start)
  const base = {
    replicas: N,
    nodes: NODES,
    rate: RATE,
    startupTime: '1500ms',
    duration: '22s',
    probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 2, failureThreshold: 3 }',
    controlPlane: '{ watchDelay: 25ms, kubelet: { exitDetection: 1s }, kubeProxy: { syncCost: 50ms } }',
  };
  const l = load(failureScenario({ ...base, events: kills(podNames(base)) }));
  const W = 25e6;
  const SYNC = 50e6;
  let refused = 0;
  let windowSum = 0; // Σ over kills and nodes of (that node's removal − kill) / nodes
  let detectSum = 0;
  let exact = 0;
  for (let run = 0; run < RUNS; run++) {
    const c = simulate(l, run);
    refused += c.refused;
    const ch = changes(c, NODES);
    assert.is(ch.length, 2 * KILLS.length, 'one remove and one add per kill');
    KILLS.forEach((at, i) => {
      const kill = at * S;
      const rm = ch.find((x) => x.kind === 'remove' && x.changedAt >= kill && x.changedAt <= kill + S)!;
      assert.ok(rm !== undefined, `run ${run}: a removal within exitDetection of the kill at ${at}s`);
      detectSum += rm.changedAt - kill;
      for (const t of rm.programmedAt) {
        // propagation: the controller sees the pod after watchDelay, kube-proxy the slice after another,
        // then one sync; a periodic sync in progress can hold it at most one more sync
        const lag = t - rm.changedAt;
        assert.ok(lag >= 2 * W + SYNC && lag <= 2 * W + 2 * SYNC, `propagation ${lag / 1e6} ms`);
        if (lag === 2 * W + SYNC) exact++;
        windowSum += (t - kill) / NODES;
      }
      // back at the first successful probe after startup: restart (= detection, no back-off) + 2 s
      const add = ch.find((x) => x.kind === 'add' && x.endpoint === rm.endpoint && x.changedAt > rm.changedAt)!;
      assert.ok(add !== undefined);
      assert.is(add.changedAt - rm.changedAt, 2 * S, 'ready again at the first probe at or after startupTime');
    });
  }
  const n = KILLS.length * RUNS;
  assert.ok(exact >= 0.9 * n * NODES, `propagation exactly 2 × watchDelay + syncCost for most: ${exact}`);
  // detection is U(0, 1 s): mean 0.5 s, sd of the mean over 40 = 1/sqrt(12·40) ≈ 46 ms; 4 sd
  assert.ok(Math.abs(detectSum / n / S - 0.5) < 4 * 0.046, `mean detection ${detectSum / n / S} s`);
  // conditional on the observed windows, refusals are Poisson with mean rate/N × Σ window
  const given = (RATE / N) * (windowSum / S);
  assert.ok(Math.abs(refused - given) < 4 * Math.sqrt(given), `refused ${refused}, rate/N × windows ${given}`);
  // and against the rule alone: rate/N × (E[detection] + 2 × watchDelay + syncCost) = 200 × 0.6 s = 120 per kill;
  // sd per kill sqrt(120 + 200²/12) ≈ 59, over 40 kills ≈ 372 on 4800 (7.7 %); 4 sd
  const expected = (RATE / N) * (0.5 + (2 * W + SYNC) / S) * n;
  const sd = Math.sqrt(n * ((RATE / N) * 0.6 + (RATE / N) ** 2 / 12));
  assert.ok(Math.abs(refused - expected) < 4 * sd, `refused ${refused}, expected ${expected} ± ${4 * sd}`);
});

test.run();
