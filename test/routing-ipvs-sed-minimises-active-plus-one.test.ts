/**
 * IPVS sed (ip_vs_sed.c): overhead = activeconns + 1, inactive connections
 * ignored, least (C+1)/U with U = 1 — first in list order on ties.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, kernelList, pickId } from './helpers/policies.js';

const ids = Int32Array.from([0, 1, 2]);

test('the fewest active connections wins; inactive ones do not count; ties to the first in list', () => {
  const h = harness('ipvs/sed');
  pickId(h, 0, ids);
  const [a, b, c] = kernelList(h.policy, 0) as [number, number, number];
  const p = h.policy;
  assert.is(pickId(h, 0, ids), a);
  // a: 2 active; b: 1 active + 50 inactive; c: 1 active → b and c tie at 2, b first
  p.onOpen!(0, 0, a);
  p.onOpen!(0, 0, a);
  for (let k = 0; k < 50; k++) {
    p.onOpen!(0, 0, b);
    p.onClose!(0, 0, b);
  }
  p.onOpen!(0, 0, b);
  p.onOpen!(0, 0, c);
  assert.is(pickId(h, 0, ids), b, 'inactive connections are ignored');
  p.onOpen!(0, 0, b); // b: 2 → c alone has the least
  assert.is(pickId(h, 0, ids), c);
});

test.run();
