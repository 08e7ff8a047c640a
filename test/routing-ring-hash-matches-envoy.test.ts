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

// The same file's weighted and fractional tests.
const MAX = 0xffffffffffffffffn;
function spread(keys: string[], weights: number[] | null, min: number, max: number, n: number): number[] {
  const ring = buildRingHash(keys, weights, min, max);
  const counts = keys.map(() => 0);
  for (let i = 0n; i < BigInt(n); i++) counts[ringHashChoose(ring, i * (MAX / BigInt(n)))]!++;
  return counts;
}

test('HostWeightedTinyRing: weights 1, 2, 3 on a ring of exactly 6 get 1, 2, 3 entries at Envoy\'s positions', () => {
  const keys = KEYS.slice(0, 3);
  const ring = buildRingHash(keys, [1, 2, 3], 6, 6);
  assert.equal(Array.from(ring.perHost), [1, 2, 3]);
  const expected: [bigint, number][] = [
    [928266305478181108n, 2], [4443673547860492590n, 2], [5583722120771150861n, 1],
    [6311230543546372928n, 1], [13444792449719432967n, 2], [16117243373044804889n, 0],
  ];
  for (const [h, host] of expected) assert.is(ringHashChoose(ring, h), host, String(h));
});

test('HostWeightedLargeRing: 6000 evenly spaced hashes land 987 / 1932 / 3081 on weights 1, 2, 3', () => {
  assert.equal(spread(KEYS.slice(0, 3), [1, 2, 3], 6144, 8 * 1024 * 1024, 6000), [987, 1932, 3081]);
});

test('LargeFractionalScale: 2 hosts on a ring of exactly 1023 hold 512 and 511 entries and take 526 / 497 hashes', () => {
  const ring = buildRingHash(KEYS.slice(0, 2), null, 1023, 1023);
  assert.equal(Array.from(ring.perHost), [512, 511]);
  assert.equal(spread(KEYS.slice(0, 2), null, 1023, 1023, 1023), [526, 497]);
});

test.run();
