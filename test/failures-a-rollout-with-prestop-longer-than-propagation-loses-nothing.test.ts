/**
 * A rolling update (kubernetes/kubernetes#84671, scenarios/rolling-update.yaml
 * made small): when a pod is deleted the kubelet runs preStop and then sends
 * SIGTERM, while the endpoint's change still has to reach every kube-proxy
 * (watchDelay, watchDelay, a sync that may wait for a BoundedFrequencyRunner
 * token: up to minSyncPeriod). With preStop 0 the server stops accepting
 * while some nodes still send it new connections: they are refused. With a
 * preStop longer than that propagation it keeps serving until no node routes
 * to it, then drains: no request fails. maxSurge 1, maxUnavailable 0 and a
 * readiness probe, so capacity never drops and new pods get traffic only
 * once they answer.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureScenario, load, simulate, changes, errorsOf, S } from './helpers/failures.js';

const NODES = 2;
const RUNS = 3;

function rollout(preStop: string) {
  return load(
    failureScenario({
      replicas: 3,
      nodes: NODES,
      rate: 300,
      timeout: '2s',
      duration: '15s',
      startupTime: '1s',
      probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 1 }',
      deploymentExtra: '  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }\n',
      workloadExtra: `preStop: ${preStop}`,
      events: ['{ at: 3s, action: rollout, deployment: app }'],
    }),
  );
}

test('preStop 3 s (longer than the slowest propagation) loses no request; the rollout completes', () => {
  const l = rollout('3s');
  const old = new Set(l.pods);
  for (let run = 0; run < RUNS; run++) {
    const c = simulate(l, run);
    assert.is(errorsOf(c), 0, `run ${run}: refused ${c.refused} reset ${c.reset} timeout ${c.timeout} rejected ${c.rejected}`);
    assert.is(c.completed, c.requests);
    const ch = changes(c, NODES);
    // three new pods added, each old one removed in the end
    const added = new Set(ch.filter((x) => x.kind === 'add').map((x) => x.endpoint));
    assert.is(added.size, 3);
    for (const p of added) assert.ok(!old.has(p), 'the added endpoints are new pods');
    for (const p of old) assert.is(ch.filter((x) => x.endpoint === p).at(-1)?.kind, 'remove', `${p} removed at last`);
    // the premise: every node stopped sending new connections to a deleted pod (its `update` to
    // terminating) within preStop of the deletion (+ watchDelay for the kubelet to see it)
    for (const x of ch.filter((y) => y.kind === 'update')) for (const t of x.programmedAt) assert.ok(t - x.changedAt < 3 * S, `propagation ${(t - x.changedAt) / S} s`);
  }
});

test('the same rollout with preStop 0 refuses some connections in every run', () => {
  const l = rollout('0s');
  for (let run = 0; run < RUNS; run++) {
    const c = simulate(l, run);
    // the server stopped listening (SIGTERM) before every node dropped it: a RST to a SYN
    assert.ok(c.refused > 0, `run ${run}: refused ${c.refused}`);
    assert.is(errorsOf(c), c.refused, 'every loss is a refused connection (in-flight requests drain)');
  }
});

test.run();
