/**
 * IPVS nq (ip_vs_nq.c): the first destination in list order with no active
 * connection is taken at once, whatever comes after it; with none idle, the
 * sed rule (least active + 1, first on ties).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, kernelList, pickId } from './helpers/policies.js';

const ids = Int32Array.from([0, 1, 2, 3]);

test('the first idle destination wins even when a later one has fewer connections in total', () => {
  const h = harness('ipvs/nq');
  pickId(h, 0, ids);
  const [a, b, c, d] = kernelList(h.policy, 0) as [number, number, number, number];
  const p = h.policy;
  p.onOpen!(0, 0, a);
  // b idle but with 100 inactive connections; c, d idle and clean
  for (let k = 0; k < 100; k++) {
    p.onOpen!(0, 0, b);
    p.onClose!(0, 0, b);
  }
  assert.is(pickId(h, 0, ids), b, 'first idle in list order, inactive ignored');
  p.onOpen!(0, 0, b);
  assert.is(pickId(h, 0, ids), c);
  p.onOpen!(0, 0, c);
  p.onOpen!(0, 0, d);
  // none idle: a 1, b 1, c 1, d 1 → sed tie → a
  assert.is(pickId(h, 0, ids), a);
  p.onOpen!(0, 0, a);
  p.onOpen!(0, 0, b);
  // a 2, b 2, c 1, d 1 → c
  assert.is(pickId(h, 0, ids), c);
  p.onClose!(0, 0, d); // d idle again → d at once
  assert.is(pickId(h, 0, ids), d);
});

test.run();
