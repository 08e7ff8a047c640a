/**
 * timeseries.csv `stale_nodes` (DESIGN.md "Result files"): at each interval's
 * end, the number of nodes whose data plane still routes to an endpoint whose
 * pod does not accept. After a kill (with a readiness probe, so the endpoint
 * is removed) that is every node until the first one syncs the removal, then
 * the nodes that have not yet — each node programs it at its own time
 * (network-programming.csv) — and 0 once all have; the restarted container
 * is not routed to until it is ready, so it never counts.
 *
 * Short periodic resyncs (every 300 ms, 40 ms each) keep some nodes busy when
 * the change arrives, so nodes disagree for a while.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureScenario, load, simulate, changes, S } from './helpers/failures.js';

const NODES = 4;
const KILL = 2.013;

test('stale_nodes is the node count from the kill until nodes sync, then the nodes not synced yet, then 0', () => {
  const l = load(
    failureScenario({
      replicas: 4,
      nodes: NODES,
      rate: 200,
      mode: 'iptables',
      startupTime: '1s',
      duration: '6s',
      interval: '10ms',
      probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 1 }',
      controlPlane: '{ kubelet: { exitDetection: 2s }, kubeProxy: { syncCost: 40ms, minSyncPeriod: 100ms, syncPeriod: 300ms } }',
      events: [`{ at: ${KILL * 1000}ms, action: kill-pod, deployment: app, count: 1 }`],
    }),
  );
  let partial = 0;
  for (let run = 0; run < 10; run++) {
    const c = simulate(l, run);
    const rm = changes(c, NODES).filter((x) => x.kind === 'remove');
    assert.is(rm.length, 1, 'one removal');
    const done = rm[0]!.programmedAt;
    assert.ok(done.every((t) => t > KILL * S));
    const s = c.series;
    let sawAll = false;
    for (let k = 0; k < s.intervals; k++) {
      const end = Math.min((k + 1) * s.widthNs, l.spec.warmup + l.spec.duration);
      const expected = end < KILL * S ? 0 : done.filter((t) => t > end).length;
      assert.is(s.staleNodes[k], expected, `run ${run}: stale_nodes at ${end / S} s`);
      if (expected === NODES) sawAll = true;
      if (expected > 0 && expected < NODES) partial++;
    }
    assert.ok(sawAll, `run ${run}: every node stale right after the kill`);
    assert.is(s.staleNodes[s.intervals - 1], 0, 'none at the end');
  }
  assert.ok(partial > 0, 'nodes disagreed at some interval end');
});

test.run();
