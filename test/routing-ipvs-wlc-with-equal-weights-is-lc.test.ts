/**
 * IPVS wlc (ip_vs_wlc.c: loh·w(dest) > doh·w(least)) with kube-proxy's
 * weights, all 1, picks exactly what lc picks: driven side by side through a
 * random history of opens, closes and time (same list order: same seed).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stream, uniformInt } from '../src/engine/rng.js';
import { harness } from './helpers/policies.js';

test('wlc and lc agree on every pick over 20,000 random steps on 4 nodes', () => {
  const lc = harness('ipvs/lc', { instances: 4, endpoints: 12, seed: 3, stream: 'same' });
  const wlc = harness('ipvs/wlc', { instances: 4, endpoints: 12, seed: 3, stream: 'same' });
  const ids = Int32Array.from({ length: 12 }, (_, i) => i);
  const r = stream(3, 0, 'test', 'history');
  const open: number[][] = [[], [], [], []];
  let t = 0;
  for (let step = 0; step < 20000; step++) {
    t += uniformInt(r, 2e8); // up to 0.2 s: TIME_WAIT expiries happen along the way
    lc.clock.now = wlc.clock.now = t;
    const node = uniformInt(r, 4);
    if (open[node]!.length > 0 && r() < 0.45) {
      const e = open[node]!.splice(uniformInt(r, open[node]!.length), 1)[0]!;
      lc.policy.onClose!(node, 0, e);
      wlc.policy.onClose!(node, 0, e);
      continue;
    }
    const a = lc.policy.pick(node, 0, 0, lc.flow, ids, 0, 12);
    const b = wlc.policy.pick(node, 0, 0, wlc.flow, ids, 0, 12);
    assert.is(b, a, `step ${step}`);
    lc.policy.onOpen!(node, 0, ids[a]!);
    wlc.policy.onOpen!(node, 0, ids[b]!);
    open[node]!.push(ids[a]!);
  }
});

test.run();
