/**
 * Envoy ring hash and Maglev with a source_ip hash policy: the request hash
 * is xxHash64 of the client's address string, so every request of one client
 * reaches one endpoint — the one the ring / table gives for that hash — and
 * different clients spread over the endpoints.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { xxhash64 } from '../src/routing/hash/xxhash64.js';
import { formatIPv4 } from '../src/routing/ipv4.js';
import { maglevTable } from '../src/routing/maglev.js';
import { buildRingHash, ringHashChoose } from '../src/routing/ring-hash.js';
import { harness, pickId } from './helpers/policies.js';

const N = 6;
const ids = Int32Array.from({ length: N }, (_, i) => i);
const keys = Array.from(ids, (id) => `${formatIPv4(0x0a000001 + id)}:80`);
const CLIENTS = 200;

const ring = buildRingHash(keys, null);
const table = maglevTable(keys, null, 65537, 'envoy');

for (const [name, expected] of [
  ['mesh/ring-hash', (h: bigint) => ringHashChoose(ring, h)],
  ['mesh/maglev', (h: bigint) => table[Number(h % 65537n)]!],
] as const) {
  test(`${name}: each client keeps one endpoint, the one its source-IP hash selects; clients spread`, () => {
    const h = harness(name, { instances: CLIENTS, endpoints: N });
    const per = new Array<number>(N).fill(0);
    for (let c = 0; c < CLIENTS; c++) {
      const ip = 0x0af40000 + 13 * c;
      h.flow.saddr = ip | 0;
      h.flow.client = c;
      const want = expected(xxhash64(formatIPv4(ip), 0n));
      for (let r = 0; r < 5; r++) {
        h.flow.sport = 40000 + r;
        assert.is(pickId(h, c, ids), ids[want], `client ${c}`);
      }
      per[want]!++;
    }
    assert.ok(Math.min(...per) >= 10, `clients per endpoint ${per}`); // 200 over 6: ~33 each
  });
}

test('a set number reused for another Service’s list is rebuilt, never answered from the other list', () => {
  // Against the contract (sets are never reused), but a data plane that passes
  // set 0 for every Service must still get picks from the list it passed.
  for (const name of ['mesh/ring-hash', 'mesh/maglev', 'ebpf/maglev', 'mesh/least-request', 'mesh/ewma']) {
    const h = harness(name, { instances: 50, servicePorts: 2, endpoints: 20 });
    const a = Int32Array.from([0, 1, 2]);
    const b = Int32Array.from([10, 11, 12, 13, 14, 15, 16]);
    for (let k = 0; k < 50; k++) {
      h.flow.saddr = (0x0af40000 + k) | 0;
      h.flow.sport = 40000 + k;
      const i = h.policy.pick(k, 0, 0, h.flow, a, 0, a.length); // client k, address 10.244.0.k
      const j = h.policy.pick(k, 1, 0, h.flow, b, 0, b.length);
      assert.ok(i >= 0 && i < a.length && j >= 0 && j < b.length, `${name}: ${i}, ${j}`);
      if (name.endsWith('maglev') || name.endsWith('ring-hash')) {
        // the hash policies' answer for list b must not depend on having seen list a
        const fresh = harness(name, { instances: 50, servicePorts: 2, endpoints: 20 });
        fresh.flow.saddr = h.flow.saddr;
        fresh.flow.sport = h.flow.sport;
        assert.is(fresh.policy.pick(k, 1, 0, fresh.flow, b, 0, b.length), j, name);
      }
    }
  }
});

test.run();
