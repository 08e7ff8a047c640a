/**
 * IPVS mh (ip_vs_mh.c): a Maglev table (M = 4093) built over the node's list
 * in list order, looked up by hsiphash(sport + saddr) (kube-proxy sets
 * mh-port): the same (address, port) always reaches the same endpoint, a
 * client's different ports spread, and the pick is the table's.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatIPv4, parseIPv4 } from '../src/routing/ipv4.js';
import { ipvsMhSlot, maglevTable } from '../src/routing/maglev.js';
import { harness, kernelList, pickId } from './helpers/policies.js';

test('picks follow maglevTable(ipvs) over the node’s list, keyed by source address and port', () => {
  const h = harness('ipvs/mh', { instances: 2, endpoints: 8 });
  const ids = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
  const saddr = parseIPv4('10.244.3.17')!;
  h.flow.saddr = saddr | 0;
  for (const node of [0, 1]) {
    h.flow.sport = 40000;
    pickId(h, node, ids);
    const list = kernelList(h.policy, node);
    const table = maglevTable(list.map((id) => `${formatIPv4(0x0a000001 + id)}:80`), null, 4093, 'ipvs');
    const seen = new Set<number>();
    for (let port = 40000; port < 40400; port++) {
      h.flow.sport = port;
      const got = pickId(h, node, ids);
      assert.is(got, list[table[ipvsMhSlot(saddr, port, 4093)]!], `node ${node} port ${port}`);
      assert.is(pickId(h, node, ids), got, 'same flow, same endpoint');
      seen.add(got);
    }
    assert.is(seen.size, 8, 'one client’s ports reach every endpoint');
  }
});

test.run();
