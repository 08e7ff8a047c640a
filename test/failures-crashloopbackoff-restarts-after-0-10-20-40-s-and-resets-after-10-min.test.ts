/**
 * CrashLoopBackOff (KUBE-FACTS §7, the kubelet's restart back-off): the first
 * restart after a crash is immediate, then 10 s, doubling, capped at 300 s;
 * once a container has run 10 minutes the back-off starts over.
 *
 * End to end: one pod killed again and again. With a readiness probe the
 * endpoint is removed when the kubelet sees the exit (detection d) and added
 * back at the first successful probe after the restarted container listens:
 * restart = d + backoff, and with probes every 1 s from the container's start
 * and a startupTime of 1.5 s that is restart + 2 s. So each `add` in the
 * network-programming log is its `remove` + backoff + 2 s, exactly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crashLoopDelay } from '../src/cluster/control-plane/control-plane.js';
import { failureScenario, load, simulate, changes, podNames, S } from './helpers/failures.js';

test('crashLoopDelay: 0, 10, 20, 40, 80, 160 s, then 300 s', () => {
  const got = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => crashLoopDelay(n) / S);
  assert.equal(got, [0, 10, 20, 40, 80, 160, 300, 300, 300]);
});

test('a pod killed over and over restarts after 0, 10, 20, 40, 80, 160, 300, 300 s, then 0 after 10 min running', () => {
  const base = {
    replicas: 2,
    nodes: 2,
    rate: 2,
    startupTime: '1500ms',
    duration: '1600s',
    probe: '{ httpGet: { path: /, port: 8080 }, periodSeconds: 1, failureThreshold: 1 }',
    controlPlane: '{ kubelet: { exitDetection: 1s } }',
  };
  const pod = podNames(base)[0]!;
  // each kill after the previous restart has been added back (kill + 1 s detection + back-off + 2 s);
  // the last one more than 600 s after the 8th restart (≤ 651 + 300 s)
  const kills = [5, 10, 25, 50, 95, 180, 345, 650, 1560];
  const backoff = [0, 10, 20, 40, 80, 160, 300, 300, 0];
  const l = load(failureScenario({ ...base, events: kills.map((t) => `{ at: ${t}s, action: kill-pod, pod: ${pod} }`) }));
  for (let run = 0; run < 2; run++) {
    const ch = changes(simulate(l, run), 2).filter((x) => x.endpoint === pod);
    assert.equal(
      ch.map((x) => x.kind),
      kills.flatMap(() => ['remove', 'add']),
      `run ${run}: one removal and one return per kill`,
    );
    kills.forEach((t, k) => {
      const rm = ch[2 * k]!.changedAt;
      const add = ch[2 * k + 1]!.changedAt;
      assert.ok(rm >= t * S && rm <= (t + 1) * S, `kill ${k + 1}: seen ${(rm - t * S) / S} s after, outside [0, exitDetection]`);
      assert.is((add - rm) / S, backoff[k]! + 2, `kill ${k + 1}: back ${(add - rm) / S} s after the exit was seen`);
    });
  }
});

test.run();
