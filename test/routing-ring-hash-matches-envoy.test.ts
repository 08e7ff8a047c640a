import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildRingHash, ringHashChoose } from '../src/routing/ring-hash.js';

// envoyproxy/envoy: test/extensions/load_balancing_policies/ring_hash/ring_hash_lb_test.cc, TEST_P Basic:
// hosts 127.0.0.1:90..95, minimum_ring_size 12, xxHash64 (the default hash function).
const KEYS = ['127.0.0.1:90', '127.0.0.1:91', '127.0.0.1:92', '127.0.0.1:93', '127.0.0.1:94', '127.0.0.1:95'];
const RING: [string, bigint][] = [
  [':94', 833437586790550860n],
  [':92', 928266305478181108n],
  [':90', 1033482794131418490n],
  [':95', 3551244743356806947n],
  [':93', 3851675632748031481n],
  [':91', 5583722120771150861n],
  [':91', 6311230543546372928n],
  [':93', 7700377290971790572n],
  [':95', 13144177310400110813n],
  [':92', 13444792449719432967n],
  [':94', 15516499411664133160n],
  [':90', 16117243373044804889n],
];

test('the ring of Envoy\'s Basic test: 12 entries, 2 per host, at Envoy\'s positions', () => {
  const ring = buildRingHash(KEYS, null, 12);
  assert.equal(Array.from(ring.perHost), [2, 2, 2, 2, 2, 2]);
  assert.equal(
    Array.from(ring.host, (h, j) => [KEYS[h]!.slice(-3), (BigInt(ring.hashHi[j]!) << 32n) | BigInt(ring.hashLo[j]!)]),
    RING,
  );
});

test('lookups pick the hosts Envoy\'s Basic test expects, including the wrap-around', () => {
  const ring = buildRingHash(KEYS, null, 12);
  assert.is(ringHashChoose(ring, 0n), 4);
  assert.is(ringHashChoose(ring, 0xffffffffffffffffn), 4);
  assert.is(ringHashChoose(ring, 3551244743356806947n), 5);
  assert.is(ringHashChoose(ring, 3551244743356806948n), 3);
  assert.is(ringHashChoose(ring, 16117243373044804880n), 0);
});

test('default minimum ring size 1024: 6 hosts get ceil(1024/6) = 171 entries each', () => {
  const ring = buildRingHash(KEYS, null);
  assert.is(ring.host.length, 1026);
  assert.ok(ring.perHost.every((c) => c === 171));
});

test.run();
