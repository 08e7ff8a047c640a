import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { murmur3x64_128 } from '../src/routing/hash/murmur3.js';
import { xxhash64 } from '../src/routing/hash/xxhash64.js';
import { hsiphash1u32, hsiphashBytes, sipKey, IPVS_MH_KEY1 } from '../src/routing/hash/siphash.js';
import { ipvsMhSlot } from '../src/routing/maglev.js';
import { mod64, mul64, R } from '../src/routing/hash/u64.js';

test('murmur3 x64_128 gives the reference vector and the Cilium-seed values of KUBE-FACTS §5.3', () => {
  const [a1, a2] = murmur3x64_128('The quick brown fox jumps over the lazy dog', 0);
  assert.is(a1, 0xe34bbc7bbc071b6cn);
  assert.is(a2, 0x7a433ca9c49a9347n);
  // Cilium's seedMurmur 0x24b7ef82; these were produced by an independent port outside the project.
  assert.equal(murmur3x64_128('one', 0x24b7ef82), [0xdc6f89782815d926n, 0x23766effd248257bn]);
  assert.equal(murmur3x64_128('three', 0x24b7ef82), [0x3b8af3d2bf0868adn, 0x771159e53b3c7d0cn]);
  assert.equal(murmur3x64_128('two', 0x24b7ef82), [0x52fbed27df373c64n, 0xdf1ec5e3a18e1a00n]);
});

// xxHash's own sanity buffer (Cyan4973/xxHash: cli/xsum_sanity_check.c): byteGen starts at
// PRIME32 = 2654435761 and is multiplied by PRIME64 = 11400714785074694797 per byte; each byte is byteGen >> 56.
function sanityBuffer(n: number): Uint8Array {
  const b = new Uint8Array(n);
  let g = 2654435761n;
  for (let i = 0; i < n; i++) {
    b[i] = Number(g >> 56n);
    g = (g * 11400714785074694797n) & 0xffffffffffffffffn;
  }
  return b;
}

test('xxHash64 gives xxHash\'s sanity-check values (every length branch, seeded and not)', () => {
  const buf = sanityBuffer(222);
  const P = 2654435761n;
  const cases: [number, bigint, bigint][] = [
    [0, 0n, 0xef46db3751d8e999n],
    [0, P, 0xac75fda2929b17efn],
    [1, 0n, 0xe934a84adb052768n],
    [1, P, 0x5014607643a9b4c3n],
    [4, 0n, 0x9136a0dca57457een],
    [14, 0n, 0x8282dcc4994e35c8n],
    [14, P, 0xc3bd6bf63deb6df0n],
    [222, 0n, 0xb641ae8cb691c174n],
    [222, P, 0x20cb8ab7ae10c14an],
  ];
  for (const [len, seed, want] of cases) assert.is(xxhash64(buf.subarray(0, len), seed), want, `len ${len} seed ${seed}`);
  assert.is(xxhash64('abc'), 0x44bc2cf5ad770999n);
});

test('xxHash64 of strings matches Envoy\'s HashUtil::xxHash64 test values (test/common/common/hash_test.cc)', () => {
  assert.is(xxhash64('foo'), 3728699739546630719n);
  assert.is(xxhash64('bar'), 5234164152756840025n);
  assert.is(xxhash64('foo\nbar'), 8917841378505826757n);
  assert.is(xxhash64('lyft'), 4400747396090729504n);
  assert.is(xxhash64(''), 17241709254077376921n);
});

// Linux lib/siphash_kunit.c, test_vectors_hsiphash for BITS_PER_LONG == 64: vector n hashes
// the bytes 0..n-1 under the key {0x0706050403020100, 0x0f0e0d0c0b0a0908}.
const HSIPHASH64_VECTORS = [
  0x050fc4dc, 0x7d57ca93, 0x4dc7d44d, 0xe7ddf7fb, 0x88d38328, 0x49533b67, 0xc59f22a7, 0x9bb11140,
  0x8d299a8e, 0x6c063de4, 0x92ff097f, 0xf94dc352, 0x57b4d9a2, 0x1229ffa7, 0xc0f95d34, 0x2a519956,
  0x7d908b66, 0x63dbd80c, 0xb473e63e, 0x8d297d1c, 0xa6cce040, 0x2b45f844, 0xa320872e, 0xdae6c123,
];

test('hsiphash (64-bit kernel: SipHash-1-3) gives the kernel KUnit vectors for lengths 0..23', () => {
  const key = sipKey(0x0706050403020100n, 0x0f0e0d0c0b0a0908n);
  HSIPHASH64_VECTORS.forEach((want, n) => {
    const data = Uint8Array.from({ length: n }, (_, i) => i);
    assert.is(hsiphashBytes(data, key), want >>> 0, `length ${n}`);
  });
  // hsiphash_1u32(first) is hsiphash over first's 4 little-endian bytes: vector 4 hashes 00 01 02 03.
  assert.is(hsiphash1u32(0x03020100, key), HSIPHASH64_VECTORS[4]! >>> 0);
});

test('the IPVS mh lookup hashes the 4 bytes of the u32 saddr + sport, as ip_vs_mh_hashkey lays them out', () => {
  const M = 4093;
  for (const [addr, port] of [[0x0af40107, 40000], [0xc0a80001, 1], [0xffffffff, 65535]] as const) {
    const v = (addr + port) >>> 0; // u32 wrap-around, as `unsigned int v` does
    const bytes = new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
    assert.is(ipvsMhSlot(addr, port, M), hsiphashBytes(bytes, IPVS_MH_KEY1) % M);
  }
});

// SipHash-1-3 in plain BigInt arithmetic, straight from lib/siphash.c (an independent reference).
function sip13Ref(data: Uint8Array, k0: bigint, k1: bigint): number {
  const M = 0xffffffffffffffffn;
  const rol = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M;
  let v0 = 0x736f6d6570736575n ^ k0, v1 = 0x646f72616e646f6dn ^ k1;
  let v2 = 0x6c7967656e657261n ^ k0, v3 = 0x7465646279746573n ^ k1;
  const round = () => {
    v0 = (v0 + v1) & M; v1 = rol(v1, 13n); v1 ^= v0; v0 = rol(v0, 32n);
    v2 = (v2 + v3) & M; v3 = rol(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M; v3 = rol(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M; v1 = rol(v1, 17n); v1 ^= v2; v2 = rol(v2, 32n);
  };
  const len = data.length;
  const end = len - (len % 8);
  const word = (i: number, n: number) => {
    let w = 0n;
    for (let j = n - 1; j >= 0; j--) w = (w << 8n) | BigInt(data[i + j]!);
    return w;
  };
  for (let i = 0; i < end; i += 8) {
    const m = word(i, 8);
    v3 ^= m; round(); v0 ^= m;
  }
  const b = (BigInt(len & 0xff) << 56n) | word(end, len - end);
  v3 ^= b; round(); v0 ^= b;
  v2 ^= 0xffn; round(); round(); round();
  return Number((v0 ^ v1 ^ v2 ^ v3) & 0xffffffffn);
}

test('hsiphash1u32 and hsiphashBytes agree with a BigInt SipHash-1-3 on many keys and inputs', () => {
  let x = 0x243f6a8885a308d3n;
  const next = () => (x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn);
  for (let i = 0; i < 300; i++) {
    const k0 = next(), k1 = next();
    const key = sipKey(k0, k1);
    const v = Number(next() >> 32n);
    const bytes = new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
    const want = sip13Ref(bytes, k0, k1);
    assert.is(hsiphash1u32(v, key), want, `u32 ${v} key ${k0} ${k1}`);
    assert.is(hsiphash1u32(v | 0, key), want, 'a negative int32 is the same u32');
    const long = Uint8Array.from({ length: i % 24 }, () => Number(next() >> 56n));
    assert.is(hsiphashBytes(long, key), sip13Ref(long, k0, k1), `bytes length ${long.length}`);
  }
  for (const [addr, port] of [[0x0af40107, 40000], [0xc0a80001, 1], [0xffffffff, 65535], [0, 0], [0x80000000, 0]] as const) {
    const v = (addr + port) >>> 0;
    const bytes = new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
    for (const M of [4093, 65521, 251]) assert.is(ipvsMhSlot(addr, port, M), sip13Ref(bytes, 2654435761n, 2654435761n) % M, `slot ${addr}:${port} M ${M}`);
  }
});

test('the BigInt-free 64-bit helpers agree with BigInt arithmetic (multiply, and modulo up to Envoy\'s largest table)', () => {
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 2000; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn; // an LCG walk over u64 values
    const y = (x >> 7n) ^ (x << 13n) & 0xffffffffffffffffn;
    const [xh, xl, yh, yl] = [Number(x >> 32n), Number(x & 0xffffffffn), Number(y >> 32n), Number(y & 0xffffffffn)];
    mul64(xh, xl, yh, yl);
    assert.is((BigInt(R[0]!) << 32n) | BigInt(R[1]!), (x * y) & 0xffffffffffffffffn);
    for (const m of [7, 251, 65537, 5000011]) assert.is(mod64(xh, xl, m), Number(x % BigInt(m)));
  }
});

test.run();
