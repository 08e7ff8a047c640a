/**
 * Per-instance state is kept per (instance, Service port) and sized by that
 * Service's endpoints, not by the cluster's endpoint ids: 5,000 nodes sending
 * to a 10-endpoint Service whose ids sit at the top of a 150,000-id space
 * hold 10 counters each, not 150,000 — and counting still works.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draws, stream } from '../src/engine/rng.js';
import { IpvsLcPolicy } from '../src/routing/policies/ipvs-lc.js';
import { MeshLeastRequestPolicy } from '../src/routing/policies/mesh-least-request.js';
import { newFlow, policyContext } from '../src/routing/policies/policy.js';

const E = 150_000;
const ids = Int32Array.from({ length: 10 }, (_, i) => E - 10 + i);

test('IPVS lc: each of 5,000 nodes keeps 2 counters per endpoint of the Service', () => {
  const p = new IpvsLcPolicy(policyContext({ instances: 5000, servicePorts: 3, endpoints: E, rng: draws(1, 0, 'test', 'scale') }));
  const flow = newFlow();
  const opened = new Int32Array(5000);
  for (let node = 0; node < 5000; node++) {
    const i = p.pick(node, 2, 0, flow, ids, 0, 10);
    p.onOpen(node, 2, ids[i]!);
    opened[node] = ids[i]!;
    // the node's next pick avoids the endpoint it just loaded
    assert.is.not(p.pick(node, 2, 0, flow, ids, 0, 10), i);
  }
  for (const node of [0, 1234, 4999]) {
    const list = p.lists.peek(node, 2)!;
    assert.ok(list.conn.length <= 2 * 16, `node ${node}: ${list.conn.length} counters`);
    assert.equal(p.conns.counts(node, 2, opened[node]!), { active: 1, inactive: 0 });
  }
});

test('mesh least-request: a client’s row for the Service is as long as the Service', () => {
  const p = new MeshLeastRequestPolicy(policyContext({ instances: 1000, servicePorts: 3, endpoints: E, rng: draws(2, 0, 'test', 'scale') }));
  const flow = newFlow();
  for (let c = 0; c < 1000; c++) {
    for (let k = 0; k < 3; k++) p.onOpen(c, 1, ids[0]!); // endpoint E−10 busy for every client
    let zero = 0;
    for (let k = 0; k < 20; k++) if (p.pick(c, 1, 0, flow, ids, 0, 10) === 0) zero++;
    assert.ok(zero <= 5, `client ${c} picked the busy endpoint ${zero} / 20 times`); // P(both draws 0) = 1 %
  }
  assert.ok(p.active.row(999, 1)!.length <= 16);
});

test.run();
