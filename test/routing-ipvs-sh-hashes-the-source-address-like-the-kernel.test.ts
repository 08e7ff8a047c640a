/**
 * IPVS sh (ip_vs_sh.c, current kernels): bucket = hash_32(ntohl(saddr), 8) =
 * the top 8 bits of saddr · 0x61C88647 mod 2^32 (include/linux/hash.h);
 * bucket i holds the node's list[i mod N] (weights 1). The bucket values
 * below are computed with BigInt from that definition, independently of the
 * policy's Math.imul arithmetic.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIPv4 } from '../src/routing/ipv4.js';
import { ipvsShBucket, ipvsShBucketLegacy } from '../src/routing/policies/ipvs-sh.js';
import { harness, kernelList, pickId } from './helpers/policies.js';

function bucketBig(addr: number): number {
  return Number(((BigInt(addr >>> 0) * 0x61c88647n) & 0xffffffffn) >> 24n);
}

test('the bucket of known addresses is the top byte of addr · 0x61C88647', () => {
  for (const a of ['0.0.0.1', '10.0.0.1', '10.244.1.7', '192.168.0.1', '255.255.255.255', '172.16.5.9']) {
    const u = parseIPv4(a)!;
    assert.is(ipvsShBucket(u), bucketBig(u), a);
  }
  assert.is(ipvsShBucket(1), 0x61); // hash_32(1, 8) = 0x61C88647 >> 24
  assert.is(ipvsShBucket(0), 0);
  // the pre-sh-port formula keeps the LOW byte with the old multiplier
  assert.is(ipvsShBucketLegacy(1), 2654435761 & 255);
  assert.is(ipvsShBucketLegacy(parseIPv4('10.0.0.1')!), Number((BigInt(0x0a000001) * 2654435761n) & 255n));
});

test('a client address always reaches list[bucket mod N] of its node, whatever its port', () => {
  const h = harness('ipvs/sh', { instances: 2 });
  const ids = Int32Array.from([0, 1, 2, 3, 4, 5, 6]);
  for (const a of ['10.244.1.7', '10.244.2.9', '10.244.3.11', '10.244.0.200']) {
    h.flow.saddr = parseIPv4(a)! | 0;
    for (const node of [0, 1]) {
      const seen = new Set<number>();
      for (let port = 32768; port < 32800; port++) {
        h.flow.sport = port;
        seen.add(pickId(h, node, ids));
      }
      assert.is(seen.size, 1, `${a} on node ${node}`);
      assert.is([...seen][0], kernelList(h.policy, node)[bucketBig(h.flow.saddr) % ids.length], a);
    }
  }
});

test('with more than 256 endpoints only the first 256 in list order can be reached', () => {
  const h = harness('ipvs/sh', { endpoints: 300 });
  const ids = Int32Array.from({ length: 300 }, (_, i) => i);
  const reached = new Set<number>();
  for (let a = 0; a < 20000; a++) {
    h.flow.saddr = (0x0af40000 + a) | 0;
    reached.add(pickId(h, 0, ids));
  }
  const list = kernelList(h.policy, 0);
  assert.is(reached.size, 256);
  for (const id of reached) assert.ok(list.indexOf(id) < 256);
});

test.run();
