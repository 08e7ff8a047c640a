/**
 * IPVS lc on one node picks a shortest queue. Overhead = active·256 +
 * inactive, and closed connections stay inactive for TIME_WAIT (120 s, up to
 * 122.048 s: they leave in 2.048 s timer-wheel buckets), so at thousands
 * of connections per second each endpoint carries thousands of inactive ones;
 * lc still joins a shortest queue as long as the endpoints' inactive counts
 * stay within 256 of each other — which lc itself keeps true, since among
 * equal active counts it picks the fewest inactive. Checked here on one
 * node: N = 10 endpoints, Poisson connections at 8,000/s, exponential
 * service of mean 1 ms (ρ = 0.8), a connection per request, for 30 s
 * (~240k connections, inactive counts up to ~24k each): at every arrival the
 * endpoint lc picks has the fewest active connections (join-the-shortest-
 * queue), and the inactive spread stays below 256. The queue lengths are
 * the policy's own active counts, so the check needs no tolerance.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draws, stream } from '../src/engine/rng.js';
import { IpvsLcPolicy } from '../src/routing/policies/ipvs-lc.js';
import { newFlow, policyContext } from '../src/routing/policies/policy.js';

test('every pick is a shortest queue while TIME_WAIT fills the inactive counts', () => {
  const N = 10;
  const clock = { now: 0 };
  const p = new IpvsLcPolicy(policyContext({ clock, instances: 1, endpoints: N, rng: draws(41, 0, 'test', 'lc-jsq') }));
  const r = stream(41, 0, 'test', 'lc-jsq-chain');
  const ids = Int32Array.from({ length: N }, (_, i) => i);
  const flow = newFlow();
  const q = new Int32Array(N);
  const lambda = 8000; // per second
  const mu = 1000; // per second per endpoint
  let t = 0;
  let notShortest = 0;
  let maxSpread = 0;
  let arrivals = 0;
  while (t < 30) {
    let busy = 0;
    for (let e = 0; e < N; e++) busy += q[e]! > 0 ? 1 : 0;
    const rate = lambda + mu * busy;
    t += -Math.log(1 - r()) / rate;
    clock.now = Math.round(t * 1e9);
    if (r() * rate < lambda) {
      arrivals++;
      const e = ids[p.pick(0, 0, 0, flow, ids, 0, N)]!;
      let min = q[0]!;
      for (let k = 1; k < N; k++) if (q[k]! < min) min = q[k]!;
      if (q[e] !== min) notShortest++;
      q[e]!++;
      p.onOpen(0, 0, e);
    } else {
      // a departure from a busy endpoint chosen uniformly (each serves one at a time, rate mu)
      let k = Math.floor(r() * busy);
      let e = 0;
      for (; e < N; e++) if (q[e]! > 0 && k-- === 0) break;
      q[e]!--;
      p.onClose(0, 0, e);
    }
    if ((arrivals & 1023) === 0) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let e = 0; e < N; e++) {
        const c = p.conns.counts(0, 0, e).inactive;
        lo = Math.min(lo, c);
        hi = Math.max(hi, c);
      }
      maxSpread = Math.max(maxSpread, hi - lo);
    }
  }
  assert.ok(arrivals > 200000, `${arrivals}`);
  assert.is(notShortest, 0, `${notShortest} of ${arrivals} picks were not a shortest queue`);
  assert.ok(maxSpread < 256, `inactive spread ${maxSpread}`);
});

test.run();
