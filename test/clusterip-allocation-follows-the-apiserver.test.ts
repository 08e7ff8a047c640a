import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stream } from '../src/engine/rng.js';
import { ClusterIPAllocator, staticBandSize } from '../src/cluster/clusterip-allocator.js';
import { formatIPv4, parseIPv4 as parseOrNull } from '../src/routing/ipv4.js';

const parseIPv4 = (s: string): number => parseOrNull(s)!;

const rng = (entity: string | number = 0) => stream(11, 0, 'test-clusterip', entity);

test('the static band is min(max(16, cidrSize/16), 256), none for a /28 or smaller (calculateRangeOffset)', () => {
  // KEP-3070's examples: /12 → 256 (capped), /16 → 256, /22 → 64, /26 → 16.
  const cases: [string, number, number][] = [
    ['10.96.0.0/12', 256, 2 ** 20 - 2],
    ['192.168.0.0/16', 256, 65534],
    ['10.0.0.0/20', 256, 4094],
    ['10.0.0.0/21', 128, 2046],
    ['10.0.0.0/22', 64, 1022],
    ['10.0.0.0/24', 16, 254],
    ['10.0.0.0/26', 16, 62],
    ['10.0.0.0/27', 16, 30],
    ['10.0.0.0/28', 0, 14],
    ['10.0.0.0/30', 0, 2],
  ];
  for (const [cidr, band, size] of cases) {
    const a = new ClusterIPAllocator(rng(), cidr);
    assert.is(a.staticBand, band, `${cidr} band`);
    assert.is(a.size, size, `${cidr} usable addresses`);
    assert.is(staticBandSize(Number(cidr.split('/')[1])), band);
  }
  // /16: the static band is 192.168.0.1 – 192.168.1.0.
  const a = new ClusterIPAllocator(rng(), '192.168.0.0/16');
  assert.ok(a.inStaticBand(parseIPv4('192.168.0.1')));
  assert.ok(a.inStaticBand(parseIPv4('192.168.1.0')));
  assert.not.ok(a.inStaticBand(parseIPv4('192.168.1.1')));
});

test('dynamic IPs fill the upper band first, then the lower band, then the range is full', () => {
  // /27: usable .1 – .30; static band offsets 0–15 = .1 – .16; upper band .17 – .30 (14 addresses).
  const a = new ClusterIPAllocator(rng('fill'), '10.0.0.0/27');
  const got: number[] = [];
  for (let k = 0; k < 14; k++) {
    const ip = a.allocate();
    assert.not.ok(a.inStaticBand(ip), `${formatIPv4(ip)} came from the static band while the upper band had room`);
    got.push(ip & 255);
  }
  assert.equal([...got].sort((x, y) => x - y), Array.from({ length: 14 }, (_, i) => 17 + i));
  for (let k = 0; k < 16; k++) {
    const ip = a.allocate();
    assert.ok(a.inStaticBand(ip), `${formatIPv4(ip)} after the upper band was full`);
    got.push(ip & 255);
  }
  assert.equal([...got].sort((x, y) => x - y), Array.from({ length: 30 }, (_, i) => 1 + i), 'all 30, each once');
  assert.is(a.free, 0);
  assert.throws(() => a.allocate(), /range is full/);
});

test('a /28 has no static band: all 14 addresses are dynamic', () => {
  const a = new ClusterIPAllocator(rng('28'), '10.0.0.16/28');
  const got = new Set<number>();
  for (let k = 0; k < 14; k++) got.add(a.allocate() & 255);
  assert.equal([...got].sort((x, y) => x - y), Array.from({ length: 14 }, (_, i) => 17 + i));
  assert.throws(() => a.allocate(), /full/);
});

test('explicit IPs are honoured anywhere in the range; taken or out-of-range ones throw', () => {
  const a = new ClusterIPAllocator(rng('explicit'));
  a.reserve(parseIPv4('10.96.0.1')); // kubernetes.default, static band
  a.reserve(parseIPv4('10.96.0.10')); // kube-dns, static band
  a.reserve(parseIPv4('10.100.20.30')); // upper band
  a.reserve(parseIPv4('10.111.255.254')); // last usable
  assert.ok(a.has(parseIPv4('10.96.0.10')));
  assert.is(a.allocated, 4);
  assert.throws(() => a.reserve(parseIPv4('10.96.0.10')), /already allocated/);
  assert.throws(() => a.reserve(parseIPv4('10.96.0.0')), /not in the valid range/); // network
  assert.throws(() => a.reserve(parseIPv4('10.111.255.255')), /not in the valid range/); // broadcast
  assert.throws(() => a.reserve(parseIPv4('10.112.0.1')), /not in the valid range/);
  assert.not.ok(a.has(parseIPv4('10.112.0.1')));
  assert.ok(a.release(parseIPv4('10.100.20.30')));
  assert.not.ok(a.has(parseIPv4('10.100.20.30')));
  a.reserve(parseIPv4('10.100.20.30'));
  // A dynamic allocation never returns a reserved IP.
  const b = new ClusterIPAllocator(rng('skip'), '10.0.0.0/27');
  for (let ip = 17; ip <= 29; ip++) b.reserve(parseIPv4(`10.0.0.${ip}`));
  assert.is(b.allocate(), parseIPv4('10.0.0.30'), 'the one free upper-band address');
  // Only the band's first address free: every start past it must wrap around to it.
  for (let k = 0; k < 20; k++) {
    const c = new ClusterIPAllocator(rng(`wrap-${k}`), '10.0.0.0/27');
    for (let ip = 18; ip <= 30; ip++) c.reserve(parseIPv4(`10.0.0.${ip}`));
    assert.is(c.allocate(), parseIPv4('10.0.0.17'));
  }
});

test('filling a /20 hands out every address once, all 3,838 upper-band ones before the 256 static ones', () => {
  const a = new ClusterIPAllocator(rng('fill-20'), '10.1.0.0/20');
  const seen = new Uint8Array(a.size);
  for (let k = 0; k < a.size; k++) {
    const ip = a.allocate();
    const off = ip - a.base;
    if (seen[off]) assert.unreachable(`${formatIPv4(ip)} twice`);
    seen[off] = 1;
    if ((k < a.size - a.staticBand) === a.inStaticBand(ip)) assert.unreachable(`allocation ${k}: ${formatIPv4(ip)} in the wrong band`);
  }
  assert.throws(() => a.allocate(), /full/);
});

test('the scan starts at a random offset and wraps within the band', () => {
  // With the upper band empty, the first IP is base + staticBand + start, start uniform over the band:
  // over 2,000 fresh allocators both halves of the /12's upper band are hit.
  let low = 0;
  for (let k = 0; k < 2000; k++) {
    const a = new ClusterIPAllocator(rng(`start-${k}`));
    const off = a.allocate() - a.base - a.staticBand;
    assert.ok(off >= 0 && off < a.size - a.staticBand);
    if (off < (a.size - a.staticBand) / 2) low++;
  }
  // Binomial(2000, 0.5): ±5 σ is ±112.
  assert.ok(Math.abs(low - 1000) < 112, `low half ${low}`);
});

test('the same seed gives the same sequence of ClusterIPs; another seed does not', () => {
  const seq = (seed: number) => {
    const a = new ClusterIPAllocator(stream(seed, 0, 'clusterip-allocator'));
    return Array.from({ length: 50 }, () => formatIPv4(a.allocate()));
  };
  assert.equal(seq(42), seq(42));
  assert.not.equal(seq(42), seq(43));
  assert.ok(seq(42).every((s) => s.startsWith('10.9') || s.startsWith('10.10') || s.startsWith('10.11')));
});

test('bad CIDRs throw: malformed, larger than a /12', () => {
  assert.throws(() => new ClusterIPAllocator(rng(), '10.96.0.0'), /prefix/);
  assert.throws(() => new ClusterIPAllocator(rng(), '10.0.0.0/8'), /mask must be >= 12/);
  assert.throws(() => new ClusterIPAllocator(rng(), '10.96.0.256/12'), /expected a\.b\.c\.d\/prefix/);
  assert.is(new ClusterIPAllocator(rng(), '10.96.1.2/12').cidr, '10.96.0.0/12', 'host bits masked');
});

test.run();
