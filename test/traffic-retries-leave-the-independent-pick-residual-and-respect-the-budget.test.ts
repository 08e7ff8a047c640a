/**
 * Retries (DESIGN.md "Retries"): each retry is a new connection, and under
 * iptables each connection picks its endpoint independently and uniformly
 * (xt_statistic random). With k of N pods refusing (killed, no probe: still
 * routed while the restarted container starts) a try is refused with
 * probability k/N, so with `attempts: a` a request still ends `refused` with
 * probability (k/N)^(a+1) — (k/N)^a of the first-try refusals — against k/N
 * for a source that does not retry. A `budget` caps the retries at budget ×
 * first tries over the run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureScenario, load, simulate } from './helpers/failures.js';

function scenario(kill: number, attempts: number, budget = '') {
  return failureScenario({
    replicas: 4,
    nodes: 2,
    mode: 'iptables',
    startupTime: '60s', // the killed pods refuse for the whole run
    controlPlane: '{ kubelet: { exitDetection: 0s } }',
    warmup: '1s',
    duration: '10s',
    traffic: `    - name: plain
      target: svc:80
      arrival: { process: poisson, rate: 400 }
    - name: retrying
      target: svc:80
      arrival: { process: poisson, rate: 400 }
      retry: { attempts: ${attempts}, backoff: 1ms${budget} }
`,
    events: [`{ at: 500ms, action: kill-pod, deployment: app, count: ${kill} }`],
  });
}

for (const [k, a] of [
  [2, 1],
  [2, 2],
  [2, 3],
  [1, 2],
] as const) {
  test(`${k} of 4 pods refusing, attempts ${a}: refused ≈ (k/N)^(a+1) of requests, k/N without retries`, () => {
    const c = simulate(load(scenario(k, a)));
    const [plain, retrying] = c.sources;
    const p = k / 4;
    const share = (n: number, of: number, q: number) => {
      // binomial: |n − q·of| < 4 sd (sd = sqrt(of · q(1−q)); 4 000 requests per source)
      assert.ok(Math.abs(n - q * of) < 4 * Math.sqrt(of * q * (1 - q)), `${n} of ${of}, expected share ${q}`);
    };
    share(plain!.refused, plain!.requests, p);
    share(retrying!.refused, retrying!.requests, p ** (a + 1));
    assert.is(retrying!.completed + retrying!.refused, retrying!.requests, 'the rest succeed on a retry');
  });
}

test('a budget of 0.1 caps retries at 0.1 × first tries', () => {
  // one retrying source only, measured from t=0, pods killed at once: Σ epRequests = first tries + retries
  const text = scenario(2, 2, ', budget: 0.1').replace(/    - name: plain\n(      .*\n){2}/, '').replace('warmup: 1s', 'warmup: 0s').replace('at: 500ms', 'at: 0s');
  const l = load(text);
  assert.is(l.spec.traffic.length, 1);
  const c = simulate(l);
  const tries = Array.from(c.epRequests).reduce((a, b) => a + b, 0);
  const retries = tries - c.requests;
  // wanted: ≈ (1/2 + 1/4) per request ≫ 0.1, so the budget binds all run long: retries = ⌊0.1 × first tries⌋, give or take the last few
  assert.ok(retries <= 0.1 * c.requests, `retries ${retries} for ${c.requests} first tries`);
  assert.ok(retries >= 0.1 * c.requests - 3, `retries ${retries} for ${c.requests} first tries: the budget should bind`);
  // without the cap, 2 attempts would leave 1/8 refused; with ~1 retry per 5 refusals most first-try refusals stand
  assert.ok(c.refused > 0.35 * c.requests, `refused ${c.refused} of ${c.requests}`);
});

test.run();
