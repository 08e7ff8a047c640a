/**
 * LatencyHistogram has exactly HdrHistogram's bucket layout: fed the same
 * values as hdr-histogram-js (lowest 1, highest 2^43, 3 digits), every slot
 * count, percentile, count and max agree exactly; encodings round-trip both
 * ways; merging equals recording everything into one. Exact comparisons, no
 * tolerance: the layout is deterministic integer arithmetic.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as hdr from 'hdr-histogram-js';
import { COUNTS_LENGTH, HIGHEST_TRACKABLE_VALUE, LatencyHistogram, highestEquivalentValue } from '../src/metrics/histogram.js';

/** Numerical Recipes' 32-bit LCG: fixed seed, no Math.random. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

/** 100k values, log-uniform over 1 ns … 1e12 ns, plus bucket and word boundaries. */
function values(): number[] {
  const next = lcg(20240601);
  const out: number[] = [];
  const edges = [
    0, 1, 2, 1023, 1024, 2047, 2048, 2049, 4095, 4096, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1,
    2 ** 32 + 2 ** 22, 2 ** 33 - 1, 2 ** 40 + 12345, 1e12 - 1, 1e12,
  ];
  out.push(...edges);
  const lnMax = Math.log(1e12);
  while (out.length < 100_000) {
    const u = next() + next() / 4294967296;
    out.push(Math.max(1, Math.round(Math.exp(u * lnMax))));
  }
  return out;
}

function buildHdr(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 64,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_VALUE,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

type HdrJs = hdr.JsHistogram;

function assertSameCounts(ours: LatencyHistogram, theirs: HdrJs, what: string): void {
  assert.is(theirs.countsArrayLength, COUNTS_LENGTH, `${what}: counts array length`);
  for (let i = 0; i < COUNTS_LENGTH; i++) {
    const a = ours.counts[i]!;
    const b = theirs.getCountAtIndex(i);
    if (a !== b) assert.unreachable(`${what}: slot ${i} has ${a}, hdr-histogram-js has ${b}`);
  }
}

const VALUES = values();
const PERCENTILES = [0, 1, 50, 90, 95, 99, 99.9, 99.99, 100];

test('every slot, percentile, count and max agree with hdr-histogram-js fed the same values', () => {
  const ours = new LatencyHistogram();
  const theirs = buildHdr() as HdrJs;
  for (const v of VALUES) {
    ours.record(v);
    theirs.recordValue(v);
  }
  assertSameCounts(ours, theirs, 'recorded');
  assert.is(ours.count, theirs.totalCount);
  // hdr's percentile is its bucket's edge, which can lie past the max (p100 always does); ours is kept within [min, max]
  const within = (v: number) => Math.min(Math.max(v, ours.min), ours.max);
  for (const p of PERCENTILES) {
    assert.is(ours.valueAtPercentile(p), within(theirs.getValueAtPercentile(p)), `p${p}`);
  }
  assert.equal(ours.valuesAtPercentiles(PERCENTILES), PERCENTILES.map((p) => within(theirs.getValueAtPercentile(p))));
  assert.is(ours.valueAtPercentile(100), ours.max);
  assert.ok(theirs.getValueAtPercentile(100) > ours.max, 'the case this guards against occurs with these values');
  assert.is(ours.max, theirs.maxValue);
  assert.is(ours.max, Math.max(...VALUES));
  assert.is(highestEquivalentValue(ours.max), theirs.highestEquivalentValue(theirs.maxValue));
  assert.is(ours.min, 0);
  assert.is(ours.clamped, 0);
});

test('our encoding decodes in hdr-histogram-js to the same counts', async () => {
  const ours = new LatencyHistogram();
  for (const v of VALUES) ours.record(v);
  const encoded = await ours.encode();
  assert.ok(encoded.startsWith('HISTF'), encoded.slice(0, 10));
  const theirs = hdr.decodeFromCompressedBase64(encoded, 64, false) as HdrJs;
  assertSameCounts(ours, theirs, 'hdr-decoded');
  assert.is(theirs.totalCount, ours.count);
});

test('an hdr-histogram-js encoding decodes to the same counts', async () => {
  const theirs = buildHdr() as HdrJs;
  for (const v of VALUES) theirs.recordValue(v);
  const ours = await LatencyHistogram.decode(hdr.encodeIntoCompressedBase64(theirs));
  assertSameCounts(ours, theirs, 'decoded');
  assert.is(ours.count, theirs.totalCount);
  // Stats rebuilt from buckets, as hdr does after decoding.
  assert.is(ours.max, theirs.highestEquivalentValue(theirs.maxValue));
  for (const p of PERCENTILES) assert.is(ours.valueAtPercentile(p), theirs.getValueAtPercentile(p), `p${p}`);
});

test('merging two histograms equals recording all values into one', () => {
  const all = new LatencyHistogram();
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  VALUES.forEach((v, i) => {
    all.record(v);
    (i % 3 === 0 ? a : b).record(v);
  });
  a.add(b);
  assert.equal(Array.from(a.counts), Array.from(all.counts));
  assert.is(a.count, all.count);
  assert.is(a.sum, all.sum);
  assert.is(a.min, all.min);
  assert.is(a.max, all.max);
  for (const p of PERCENTILES) assert.is(a.valueAtPercentile(p), all.valueAtPercentile(p));
});

test('state posted as counts plus stats rebuilds the same histogram', () => {
  const h = new LatencyHistogram();
  for (const v of VALUES.slice(0, 1000)) h.record(v);
  const copy = LatencyHistogram.fromState(structuredClone(h.toState()));
  assert.equal(Array.from(copy.counts), Array.from(h.counts));
  assert.equal([copy.count, copy.sum, copy.min, copy.max], [h.count, h.sum, h.min, h.max]);
});

test.run();
