/**
 * IPVS dh (ip_vs_dh.c) hashes the DESTINATION address. For a ClusterIP that
 * is the Service VIP, so all of a node's connections to the Service land on
 * one endpoint: list[hash_32(ntohl(VIP), 8) mod N] of that node.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIPv4 } from '../src/routing/ipv4.js';
import { harness, kernelList, pickId } from './helpers/policies.js';

test('every client and port of a node reaches the same endpoint for one VIP', () => {
  const h = harness('ipvs/dh', { instances: 3 });
  const ids = Int32Array.from([0, 1, 2, 3, 4]);
  const vip = parseIPv4('10.96.12.34')!;
  const bucket = Number(((BigInt(vip) * 0x61c88647n) & 0xffffffffn) >> 24n);
  h.flow.daddr = vip | 0;
  for (const node of [0, 1, 2]) {
    const seen = new Set<number>();
    for (let c = 0; c < 200; c++) {
      h.flow.saddr = (0x0af40000 + c * 7) | 0;
      h.flow.sport = 30000 + c;
      seen.add(pickId(h, node, ids));
    }
    assert.equal([...seen], [kernelList(h.policy, node)[bucket % 5]], `node ${node}`);
  }
});

test.run();
