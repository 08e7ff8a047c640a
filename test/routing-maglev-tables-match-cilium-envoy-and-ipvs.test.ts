import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultMaglevSize, maglevCounts, maglevOffsetSkip, maglevTable, maglevSizeProblem, maglevAdvice } from '../src/routing/maglev.js';

test('Cilium: TestWeightedBackendWithRemoval counts (pkg/maglev/maglev_test.go) are 16, 98, 832, 75', () => {
  const t = maglevTable(['one', 'three', 'two', 'tzwe'], [2, 13, 111, 10], 1021, 'cilium');
  assert.equal(Array.from(maglevCounts(t, 4)), [16, 98, 832, 75]);
});

test('Cilium: the same counts whatever order the names are given in (names are sorted inside)', () => {
  const t = maglevTable(['tzwe', 'two', 'one', 'three'], [10, 111, 2, 13], 1021, 'cilium');
  assert.equal(Array.from(maglevCounts(t, 4)), [75, 832, 16, 98]);
});

test('Cilium: offsets and skips and the first 30 entries at M = 251 match KUBE-FACTS §5.3', () => {
  assert.equal(maglevOffsetSkip('one', 1021, 'cilium'), [22, 196]);
  assert.equal(maglevOffsetSkip('one', 251, 'cilium'), [232, 56]);
  assert.equal(maglevOffsetSkip('one', 16381, 'cilium'), [1125, 5176]);
  assert.equal(maglevOffsetSkip('three', 1021, 'cilium'), [599, 201]);
  assert.equal(maglevOffsetSkip('three', 251, 'cilium'), [167, 51]);
  assert.equal(maglevOffsetSkip('three', 16381, 'cilium'), [99, 8901]);
  assert.equal(maglevOffsetSkip('two', 1021, 'cilium'), [595, 497]);
  assert.equal(maglevOffsetSkip('two', 251, 'cilium'), [212, 17]);
  assert.equal(maglevOffsetSkip('two', 16381, 'cilium'), [6187, 8717]);
  const t = maglevTable(['one', 'three', 'two'], null, 251, 'cilium');
  assert.equal(Array.from(t.subarray(0, 30)), [1, 0, 2, 2, 1, 0, 2, 1, 1, 0, 0, 1, 2, 0, 0, 1, 2, 0, 1, 1, 2, 0, 1, 1, 2, 0, 1, 1, 2, 2]);
  assert.equal(Array.from(maglevCounts(t, 3)), [84, 84, 83]);
});

test('Envoy: the 7-slot table of maglev_lb_test.cc (Basic) is :92 :94 :90 :91 :95 :90 :93', () => {
  const keys = ['127.0.0.1:95', '127.0.0.1:90', '127.0.0.1:93', '127.0.0.1:91', '127.0.0.1:94', '127.0.0.1:92'];
  const t = maglevTable(keys, null, 7, 'envoy');
  assert.equal(Array.from(t, (i) => keys[i]!.slice(-3)), [':92', ':94', ':90', ':91', ':95', ':90', ':93']);
});

test('Envoy: the 17-slot table of maglev_lb_test.cc (Weighted: :90 weight 1, :91 weight 2), 6 and 11 entries', () => {
  const keys = ['127.0.0.1:90', '127.0.0.1:91'];
  const t = maglevTable(keys, [1, 2], 17, 'envoy');
  assert.equal(Array.from(t, (i) => keys[i]!.slice(-2)), ['91', '90', '90', '91', '90', '91', '91', '90', '91', '91', '91', '91', '91', '90', '91', '90', '91']);
  assert.equal(Array.from(maglevCounts(t, 2)), [6, 11]);
});

test('Envoy: weights shift entries in proportion (weights 1 and 2 over 3 hosts at M = 65537: ±1 %)', () => {
  const keys = ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'];
  const c = maglevCounts(maglevTable(keys, [1, 1, 2], 65537, 'envoy'), 3);
  // Each pass the weight-2 host takes a turn, the others every second pass: shares exactly 1/4, 1/4, 1/2 up to the last pass.
  assert.ok(Math.abs(c[2]! / 65537 - 0.5) < 0.01 && Math.abs(c[0]! / 65537 - 0.25) < 0.01, String(c));
});

test('IPVS: equal weights fill round robin in list order, so counts differ by at most 1 and the extra ones go first', () => {
  const keys = ['10.244.1.5:8080', '10.244.2.9:8080', '10.244.0.3:8080', '10.244.3.4:8080', '10.244.1.6:8080'];
  const M = 251; // 251 = 5·50 + 1: the first destination in list order gets the extra slot
  assert.equal(Array.from(maglevCounts(maglevTable(keys, null, M, 'ipvs'), 5)), [51, 50, 50, 50, 50]);
  // List order matters (no sorting): reversed, the extra slot moves to the new first destination.
  const rev = [...keys].reverse();
  assert.equal(Array.from(maglevCounts(maglevTable(rev, null, M, 'ipvs'), 5)), [51, 50, 50, 50, 50]);
});

test('IPVS: a destination with weight w claims w slots in a row per round; weight 0 claims none', () => {
  const keys = ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'];
  // gcd 1, max 3: turns 1, 0, 3. Rounds of 4 slots: 4093 = 4·1023 + 1 → 1023+1 and 3·1023.
  assert.equal(Array.from(maglevCounts(maglevTable(keys, [1, 0, 3], 4093, 'ipvs'), 3)), [1024, 0, 3069]);
  // gcd divides out: weights 2, 4 behave as 1, 2.
  assert.equal(Array.from(maglevTable(keys.slice(0, 2), [2, 4], 251, 'ipvs')), Array.from(maglevTable(keys.slice(0, 2), [1, 2], 251, 'ipvs')));
  // All weights 0: the kernel leaves the table empty (no destination).
  assert.ok(maglevTable(keys, [0, 0, 0], 251, 'ipvs').every((e) => e === -1));
});

test('table sizes are checked per implementation, and advice names M < 100·N', () => {
  // Defaults: Cilium maglev.tableSize 16381, Envoy DefaultTableSize 65537, ip_vs_mh primes[12 − 8] = 4093.
  assert.equal([defaultMaglevSize('cilium'), defaultMaglevSize('envoy'), defaultMaglevSize('ipvs')], [16381, 65537, 4093]);
  assert.is(maglevSizeProblem(16381, 'cilium'), null);
  assert.ok(maglevSizeProblem(65537, 'cilium')?.includes('16381'));
  assert.is(maglevSizeProblem(65537, 'envoy'), null);
  assert.ok(maglevSizeProblem(65536, 'envoy')?.includes('prime'));
  assert.ok(maglevSizeProblem(5000081, 'envoy')?.includes('5000011'));
  assert.is(maglevSizeProblem(4093, 'ipvs'), null);
  assert.ok(maglevSizeProblem(4099, 'ipvs') !== null);
  assert.equal(maglevAdvice(65537, 100), []);
  assert.is(maglevAdvice(251, 3).length, 1);
  assert.is(maglevAdvice(200, 3).length, 2); // not prime, and 200 < 300
  assert.is(maglevAdvice(1000, 3).length, 1); // not prime only
  assert.throws(() => maglevTable(['a', 'a'], null, 251, 'cilium'), /twice/);
  assert.throws(() => maglevTable(['a'], null, 251, 'ipvs'), /a\.b\.c\.d:port/);
});

test.run();
