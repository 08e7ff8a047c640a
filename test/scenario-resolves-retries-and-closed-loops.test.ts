/**
 * `traffic[].retry` (DESIGN.md "Retries": backoff 25ms, maxBackoff 1s, on
 * [refused, reset], no budget by default) and closed-loop arrivals
 * (`arrival: { process: closed, users, thinkTime }`, no rate) resolve into
 * TrafficSpec.retry and TrafficSpec.closed; open loops are unchanged; bad
 * values are reported at their positions, all at once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText, ScenarioError } from '../src/scenario/index.js';

const FILE = 'tr.yaml';
const BASE = `apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  clusterIP: 10.96.0.50
  ports: [{ port: 80 }]
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: tr }
spec:
  duration: 10s
  traffic:
    - name: t
      target: api:80
`;

function traffic(extra: string) {
  return loadScenarioText(BASE + extra, FILE).points[0]!.spec.traffic[0]!;
}

function problems(extra: string): readonly string[] {
  try {
    loadScenarioText(BASE + extra, FILE);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  assert.unreachable('expected a ScenarioError');
  return [];
}

test('an open loop has no retry and no closed loop', () => {
  const t = traffic('      arrival: { process: constant, rate: 50 }\n');
  assert.equal(t.arrival, { process: 'constant', rate: 50 });
  assert.is(t.retry, null);
  assert.is(t.closed, null);
});

test('retry takes DESIGN.md\'s defaults for what it does not say', () => {
  const t = traffic('      arrival: { rate: 50 }\n      retry: { attempts: 2 }\n');
  assert.equal(t.retry, { attempts: 2, backoff: 25e6, maxBackoff: 1e9, on: ['refused', 'reset'], budget: null });
});

test('every retry key overrides its default', () => {
  const t = traffic('      arrival: { rate: 50 }\n      retry: { attempts: 0, backoff: 0, maxBackoff: 2s, on: [timeout, rejected], budget: 0.2 }\n');
  assert.equal(t.retry, { attempts: 0, backoff: 0, maxBackoff: 2e9, on: ['timeout', 'rejected'], budget: 0.2 });
});

test('bad retry values are reported at their positions, all at once', () => {
  assert.equal(problems('      arrival: { rate: 50 }\n      retry: { backoff: 10ms, on: [refused, lost], budget: 1.5 }\n'), [
    'tr.yaml:17:14: spec.traffic[0].retry: expected key "attempts" (an integer 0..100 (extra tries after the first)), got {"backoff":"10ms","on":["refused","lost…',
    'tr.yaml:17:45: spec.traffic[0].retry.on[1]: expected one of refused, reset, timeout, dropped, rejected, got "lost"',
    'tr.yaml:17:60: spec.traffic[0].retry.budget: expected a number in (0, 1]: retries ≤ budget × first tries, got 1.5',
  ]);
  assert.equal(problems('      arrival: { rate: 50 }\n      retry: { attempts: 1, backoff: 2s, on: [reset, reset] }\n'), [
    'tr.yaml:17:38: spec.traffic[0].retry.backoff: expected a duration ≤ maxBackoff (1 s), got "2s"',
    'tr.yaml:17:54: spec.traffic[0].retry.on[1]: expected an error kind not listed before, got "reset" (also at on[0])',
  ]);
  assert.equal(problems('      arrival: { rate: 50 }\n      retry: { attempts: 1, on: [] }\n'), [
    'tr.yaml:17:33: spec.traffic[0].retry.on: expected at least one error kind, got []',
  ]);
});

test('a closed loop resolves to users and thinkTime (default 0), with rate 0 in arrival', () => {
  const t = traffic('      arrival: { process: closed, users: 40, thinkTime: 100ms }\n');
  assert.equal(t.arrival, { process: 'closed', rate: 0 });
  assert.equal(t.closed, { users: 40, thinkTime: 100e6 });
  assert.equal(traffic('      arrival: { process: closed, users: 1 }\n').closed, { users: 1, thinkTime: 0 });
});

test('a closed loop takes no rate and needs users; an open loop takes no users or thinkTime', () => {
  assert.equal(problems('      arrival: { process: closed, rate: 10, thinkTime: -1s }\n'), [
    'tr.yaml:16:16: spec.traffic[0].arrival: expected key "users" (an integer 1..1000000, for process closed), got {"process":"closed","rate":10,"thinkTim…',
    'tr.yaml:16:35: spec.traffic[0].arrival.rate: expected no rate for process closed (users and thinkTime set the load), got key "rate"',
    'tr.yaml:16:56: spec.traffic[0].arrival.thinkTime: expected a duration ≥ 0, got "-1s"',
  ]);
  assert.equal(problems('      arrival: { process: poisson, users: 10, thinkTime: 1s }\n'), [
    'tr.yaml:16:16: spec.traffic[0].arrival: expected key "rate" (a number > 0, for process poisson), got {"process":"poisson","users":10,"thinkT…',
    'tr.yaml:16:36: spec.traffic[0].arrival.users: expected no users for process poisson (users and thinkTime go with process: closed), got key "users"',
    'tr.yaml:16:47: spec.traffic[0].arrival.thinkTime: expected no thinkTime for process poisson (users and thinkTime go with process: closed), got key "thinkTime"',
  ]);
});

test('sweep and --set reach retry and the closed loop', () => {
  const s = loadScenarioText(BASE + '      arrival: { process: closed, users: 10 }\n  sweep:\n    traffic[0].arrival.users: [10, 20]\n', FILE, { overrides: ['traffic[0].retry.attempts=3'] });
  assert.equal(s.points.map((p) => p.spec.traffic[0]!.closed!.users), [10, 20]);
  assert.equal(s.points.map((p) => p.spec.traffic[0]!.retry!.attempts), [3, 3]);
});

test.run();
