import { Worker, parentPort, workerData } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  EndpointRing,
  HEADER_CELLS,
  HDR_PUBLISHED_GEN,
  READ_OUT_TOO_SMALL,
  SLOT_COUNT,
  SLOT_IDS,
} from '../src/routing/endpoint-ring.js';

/**
 * Generation g ≥ 1 holds count(g) = 1 + (g · 7919) mod CAPACITY ids (sizes jump
 * around, so long copies meet short rewrites), id i = g·1000 + i;
 * generation 0 is the ring's initial empty set. Any mix of two generations
 * (a torn copy) breaks this encoding.
 */
const CAPACITY = 512;
const MIN_PUBLISHES = 20_000;
/** The writer keeps publishing until the reader has made TARGET_READS reads (or 20 s pass) … */
const TARGET_READS = 200_000;
/** … and the test needs at least MIN_READS of them (a loaded machine may starve the reader). */
const MIN_READS = 20_000;
/** id = gen·1000 + i must stay an int32. */
const MAX_PUBLISHES = 2_000_000;

// Control cells shared by the test and the reader worker.
const CTL_READY = 0;
const CTL_STOP = 1;
const CTL_READS = 2;

function countFor(gen: number): number {
  return gen === 0 ? 0 : 1 + ((gen * 7919) % CAPACITY);
}

/** '' if out[0..n) is exactly generation gen, else what is wrong. */
function check(gen: number, out: Int32Array, n: number): string {
  if (n !== countFor(gen)) return `gen ${gen}: count ${n}, want ${countFor(gen)}`;
  for (let i = 0; i < n; i++) if (out[i] !== gen * 1000 + i) return `gen ${gen}: id[${i}] = ${out[i]}`;
  return '';
}

interface ReaderReport {
  latestReads: number;
  genReads: number;
  genReadsRefused: number;
  retries: number;
  errors: string[];
  distinctGens: number;
  lastGen: number;
  naiveTorn: number;
}

if (workerData?.role === 'ring-reader') {
  const { ring: buf, ctl: ctlBuf } = workerData as { ring: SharedArrayBuffer; ctl: SharedArrayBuffer };
  const ring = EndpointRing.attach(buf);
  const GENERATIONS = ring.generations;
  const ctl = new Int32Array(ctlBuf);
  const raw = new Int32Array(buf);
  const out = new Int32Array(CAPACITY);
  const report: ReaderReport = {
    latestReads: 0,
    genReads: 0,
    genReadsRefused: 0,
    retries: 0,
    errors: [],
    distinctGens: 0,
    lastGen: -1,
    naiveTorn: 0,
  };
  let prevGen = -1;
  let seed = 12345;
  Atomics.store(ctl, CTL_READY, 1);
  Atomics.notify(ctl, CTL_READY);
  while (Atomics.load(ctl, CTL_STOP) === 0) {
    // 1. readLatest: must be a published set, and never older than the last one seen.
    const n = ring.readLatest(out);
    const gen = ring.lastGen;
    report.latestReads++;
    const bad = check(gen, out, n);
    if (bad !== '' && report.errors.length < 10) report.errors.push(`readLatest: ${bad}`);
    if (gen < prevGen && report.errors.length < 10) report.errors.push(`generation went back: ${prevGen} → ${gen}`);
    if (gen !== prevGen) report.distinctGens++;
    prevGen = gen;
    // 2. read(g) of the latest or a recent older generation (up to G+1 back).
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const g = Math.max(0, ring.latest() - (seed >>> 16) % (GENERATIONS + 2));
    const m = ring.read(g, out);
    report.genReads++;
    if (m === -1) report.genReadsRefused++;
    else {
      const bad2 = check(g, out, m);
      if (bad2 !== '' && report.errors.length < 10) report.errors.push(`read(${g}): ${bad2}`);
    }
    // 3. Control: the same copy WITHOUT the seqlock check, to show the writer really races the readers.
    const lg = Atomics.load(raw, HDR_PUBLISHED_GEN);
    const base = HEADER_CELLS + (lg % GENERATIONS) * (SLOT_IDS + CAPACITY);
    const cnt = Math.min(CAPACITY, raw[base + SLOT_COUNT]!);
    for (let i = 0; i < cnt; i++) out[i] = raw[base + SLOT_IDS + i]!;
    if (check(lg, out, cnt) !== '') report.naiveTorn++;
    Atomics.store(ctl, CTL_READS, report.latestReads);
  }
  report.retries = ring.retries;
  report.lastGen = prevGen;
  parentPort!.postMessage(report);
} else {
  // G = 2 is the harshest: the writer rewrites the slot a reader holds right after the next publish.
  for (const GENERATIONS of [2, 4]) {
  test(`a reader thread never sees a torn or backward set while 20,000+ generations are published (G = ${GENERATIONS})`, async () => {
    const ring = new EndpointRing(CAPACITY, GENERATIONS);
    assert.is(ring.latest(), 0);
    const ctl = new Int32Array(new SharedArrayBuffer(16));
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { role: 'ring-reader', ring: ring.buffer, ctl: ctl.buffer },
    });
    const done = new Promise<ReaderReport>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    // Wait (up to 10 s) for the reader to be running before publishing.
    Atomics.wait(ctl, CTL_READY, 0, 10_000);
    assert.is(Atomics.load(ctl, CTL_READY), 1, 'reader started');

    const ids = new Int32Array(CAPACITY);
    const t0 = Date.now();
    let gen = 0;
    while ((gen < MIN_PUBLISHES || Atomics.load(ctl, CTL_READS) < TARGET_READS) && gen < MAX_PUBLISHES && Date.now() - t0 < 20_000) {
      const next = gen + 1;
      const n = countFor(next);
      for (let i = 0; i < n; i++) ids[i] = next * 1000 + i;
      gen = ring.publish(ids.subarray(0, n));
      assert.is(gen, next);
      // In-thread fast path agrees with what was just published.
      if (ring.countOf(gen) !== n || ring.ids[ring.offsetOf(gen) + n - 1] !== gen * 1000 + n - 1) {
        assert.unreachable(`fast path disagrees at gen ${gen}`);
      }
    }
    Atomics.store(ctl, CTL_STOP, 1);
    const r = await done;
    await worker.terminate();

    console.log(
      `  G = ${GENERATIONS}: publishes: ${gen}; reader: ${r.latestReads} readLatest (${r.retries} retries, ${r.distinctGens} distinct generations), ` +
        `${r.genReads} read(gen) (${r.genReadsRefused} refused as overwritten/in progress); ` +
        `unchecked copies torn: ${r.naiveTorn}`,
    );
    assert.equal(r.errors, [], r.errors.join('\n'));
    assert.ok(gen >= MIN_PUBLISHES, `published ${gen}`);
    assert.ok(r.latestReads >= MIN_READS, `reader made ${r.latestReads} reads`);
    assert.ok(r.distinctGens > 1, 'reader saw the generations move');
    assert.ok(r.genReadsRefused > 0, 'some old generations were overwritten and refused');
  });
  }

  test('the fast path and read() refuse a generation once G − 1 newer ones overwrote its slot', () => {
    const ring = new EndpointRing(4, 3);
    const out = new Int32Array(4);
    assert.is(ring.read(0, out), 0, 'generation 0 is the empty set');
    const g1 = ring.publish([7, 8]);
    const g2 = ring.publish([9]);
    assert.is(ring.read(g1, out), 2);
    assert.equal(Array.from(out.subarray(0, 2)), [7, 8]);
    assert.is(ring.countOf(g1), 2);
    assert.is(ring.ids[ring.offsetOf(g1) + 1], 8);
    const g3 = ring.publish([1, 2, 3, 4]); // slot of g0
    assert.is(ring.read(0, out), -1, 'g0 overwritten by g3');
    assert.is(ring.read(g1, out), 2, 'g1 still held: lag of G − 1 = 2');
    ring.publish([5]); // slot of g1
    assert.is(ring.read(g1, out), -1);
    assert.is(ring.countOf(g1), -1);
    assert.is(ring.offsetOf(g1), -1);
    assert.is(ring.read(g2, out), 1);
    assert.is(ring.read(g3 + 5, out), -1, 'a future generation is not held');
    assert.is(ring.read(-1, out), -1);
    assert.is(ring.read(g3, new Int32Array(2)), READ_OUT_TOO_SMALL);
    assert.is(ring.readLatest(new Int32Array(2)), READ_OUT_TOO_SMALL);
  });

  test('misuse throws: too many ids, publishing through an attached view, bad shape', () => {
    const ring = EndpointRing.create(2);
    assert.is(ring.generations, 4);
    assert.throws(() => ring.publish([1, 2, 3]), /capacity/);
    assert.throws(() => EndpointRing.attach(ring.buffer).publish([1]), /attach/);
    assert.throws(() => new EndpointRing(2, 1), /generations/);
    assert.throws(() => new EndpointRing(-1), /capacity/);
    assert.throws(() => EndpointRing.attach(new SharedArrayBuffer(64)), /magic/);
    // Two rings packed in one buffer.
    const bytes = EndpointRing.bytesFor(2);
    const sab = new SharedArrayBuffer(2 * bytes);
    const a = new EndpointRing(2, 4, { buffer: sab, byteOffset: 0 });
    const b = new EndpointRing(2, 4, { buffer: sab, byteOffset: bytes });
    a.publish([1]);
    b.publish([2, 3]);
    b.publish([4]);
    const view = EndpointRing.attach(sab, bytes);
    const out = new Int32Array(2);
    assert.is(view.readLatest(out), 1);
    assert.is(view.lastGen, 2);
    assert.is(out[0], 4);
    assert.is(EndpointRing.attach(sab, 0).latest(), 1);
    assert.throws(() => new EndpointRing(2, 4, { buffer: sab, byteOffset: 0 }), /already/);
  });

  test.run();
}
