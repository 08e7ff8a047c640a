/**
 * sessionAffinity: ClientIP — iptables' `recent --rcheck --seconds T --reap`
 * before the probability rules, refreshed (`--set`) on every new connection
 * through the endpoint (KUBE-FACTS §1.3): a client stays on its endpoint
 * while it connects at least every T seconds; after a longer pause it is
 * balanced afresh.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate, used } from './helpers/scenario.js';

const affinity = (seconds: number) => `  sessionAffinity: ClientIP\n  sessionAffinityConfig: { clientIP: { timeoutSeconds: ${seconds} } }`;

test('with the default 3 h timeout every connection of a client goes to one endpoint', () => {
  for (const mode of ['iptables', 'nftables', 'ipvs']) {
    const { c } = simulate({ replicas: 10, rate: 100, mode, service: '  sessionAffinity: ClientIP' });
    assert.ok(c.requests > 1800, `${mode}: requests ${c.requests}`);
    assert.is(used(c), 1, `${mode}: one client, one endpoint`);
  }
});

test('each client gets its own endpoint: 3 clients use at most 3', () => {
  const { c } = simulate({ replicas: 30, nodes: '3', rate: 100, service: affinity(600) });
  assert.ok(used(c) >= 1 && used(c) <= 3, `endpoints used ${used(c)}`);
});

test('a pause longer than the timeout lets the client be balanced afresh', () => {
  // 1 connection every 4 s on average against a 1 s timeout: most connections are picked anew
  const { c } = simulate({ replicas: 10, rate: 0.25, service: affinity(1), duration: '600s' });
  assert.ok(c.requests > 100, `requests ${c.requests}`);
  assert.ok(used(c) >= 8, `endpoints used ${used(c)} of 10`);
  // and with a timeout far above the gaps, one endpoint
  assert.is(used(simulate({ replicas: 10, rate: 0.25, service: affinity(3600), duration: '600s' }).c), 1);
});

test('a mesh sidecar ignores the Service\'s sessionAffinity, as Envoy does: every request is balanced', () => {
  const { c } = simulate({ replicas: 10, rate: 100, mode: 'mesh', service: '  sessionAffinity: ClientIP' });
  assert.is(used(c), 10);
});

test.run();
