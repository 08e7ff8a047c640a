/**
 * A node goes down (DESIGN.md "Requests nobody answers", KUBE-FACTS §7): its
 * pods stop with it and a SYN sent there is never answered — no RST from a
 * dead machine — so new connections routed to its pods end as `timeout`
 * (the client's timeout, or the kernel's SYN retries: 127 s). Nothing tells
 * the endpoints apart until the node lifecycle controller marks the node
 * NotReady after nodeMonitorGracePeriod; the removal then propagates
 * (watchDelay to the EndpointSlice controller, watchDelay to kube-proxy, one
 * sync), and no request fails after that.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureScenario, load, simulate, S } from './helpers/failures.js';
import { ERROR_KINDS } from '../src/metrics/run-result.js';

const K = ERROR_KINDS.length;

function traffic(rate: number, extra: string): string {
  return `    - name: t
      target: svc:80
      from: { nodes: [node-1, node-2] }
      arrival: { process: poisson, rate: ${rate} }
${extra}`;
}

test('node-down: timeouts for ≈ grace period + propagation at the lost share of traffic, then none', () => {
  const RATE = 600;
  const DOWN = 3;
  const GRACE = 5;
  const PROP = 2 * 0.025 + 0.05; // 2 × watchDelay + syncCost
  const o = {
    replicas: 6,
    nodes: 3,
    duration: '15s',
    interval: '100ms',
    traffic: traffic(RATE, '      timeout: 1s\n'),
    controlPlane: `{ watchDelay: 25ms, nodeMonitorGracePeriod: ${GRACE}s, tolerationSeconds: 1000s, kubeProxy: { syncCost: 50ms } }`,
    events: [`{ at: ${DOWN}s, action: node-down, node: node-3 }`],
  };
  const l = load(failureScenario(o));
  const n3 = l.cluster.nodeNames.indexOf('node-3');
  const real = l.cluster.podNode.filter((_, p) => l.cluster.podSpare[p] !== 1);
  const share = real.filter((n) => n === n3).length / real.length;
  assert.ok(share > 0, 'node-3 holds some of the pods');
  let timeouts = 0;
  const RUNS = 3;
  for (let run = 0; run < RUNS; run++) {
    const c = simulate(l, run);
    // a dead machine sends no RST: every failure is a timeout
    assert.is(c.refused + c.reset + c.dropped + c.rejected, 0, 'only timeouts');
    assert.is(c.completed + c.timeout, c.requests);
    timeouts += c.timeout;
    // by planned arrival: none before the node went down, none once every node dropped its endpoints.
    // One interval (100 ms) of slack either side: a request planned just before the down instant is in
    // service when it comes; a periodic sync in progress can hold the removal one sync (50 ms) longer.
    const s = c.series;
    const w = s.widthNs / S;
    for (let k = 0; k < s.intervals; k++) {
      let e = 0;
      for (let j = 0; j < K; j++) e += s.errors[k * K + j]!;
      if ((k + 1) * w <= DOWN - w || k * w >= DOWN + GRACE + PROP + w) assert.is(e, 0, `run ${run}: errors planned in [${k * w}, ${(k + 1) * w}) s`);
    }
  }
  // rate × share × (grace + propagation) per run = 600 × 1/3 × 5.1 s = 1020; Poisson: sd over 3 runs ≈ 55 (1.8 %); 4 sd
  const expected = RATE * share * (GRACE + PROP) * RUNS;
  assert.ok(Math.abs(timeouts - expected) < 4 * Math.sqrt(expected), `timeouts ${timeouts}, expected ${expected}`);
});

test('without a client timeout a connect to the lost node fails after the SYN retries (127 s)', () => {
  // retry once on timeout, 1 ms backoff at most: by then the endpoints are gone, so the retry succeeds and
  // the request's latency (from its planned arrival) shows when its first try failed
  const o = {
    replicas: 6,
    nodes: 3,
    duration: '6s',
    traffic: traffic(200, '      retry: { attempts: 1, backoff: 1ms, maxBackoff: 1ms, on: [timeout] }\n'),
    controlPlane: '{ nodeMonitorGracePeriod: 2s, tolerationSeconds: 1000s }',
    events: ['{ at: 1s, action: node-down, node: node-3 }'],
  };
  const c = simulate(load(failureScenario(o)));
  assert.is(c.completed, c.requests, 'every lost connect was retried after its SYNs gave up, and succeeded');
  let slow = 0;
  let fast = 0;
  c.latency.forEachNonZero((v, n) => {
    if (v >= 100 * S) slow += n;
    else if (v < S) fast += n;
    else assert.unreachable(`a latency of ${v / S} s: neither a normal answer nor a failed connect`);
  });
  // ≈ 200/s × 1/3 × (2 s + propagation) ≈ 135 lost connects (Poisson sd ≈ 12)
  assert.ok(slow > 80 && slow < 200, `lost connects ${slow}`);
  assert.is(slow + fast, c.completed);
  // 127 s + backoff (≤ 1 ms) + service; the histogram keeps 3 significant digits (0.1 %)
  assert.ok(c.latency.min >= 0, 'sane');
  assert.ok(c.latency.max >= 127 * S * 0.999 && c.latency.max <= 127.05 * S * 1.001, `max latency ${c.latency.max / S} s`);
});

test.run();
