import { Worker, parentPort, workerData } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EndpointRing, HDR_CURSOR } from '../src/routing/endpoint-ring.js';

const ADDS_PER_WORKER = 1_000_000;

if (workerData?.role === 'cursor-adder') {
  const { ring: buf, go, seen: seenBuf } = workerData as { ring: SharedArrayBuffer; go: SharedArrayBuffer; seen: SharedArrayBuffer };
  const ring = EndpointRing.attach(buf);
  const gate = new Int32Array(go);
  const seen = new Int32Array(seenBuf);
  // Start together so that the two threads really contend.
  Atomics.add(gate, 1, 1);
  Atomics.wait(gate, 0, 0);
  let duplicates = 0;
  for (let i = 0; i < ADDS_PER_WORKER; i++) {
    const v = ring.nextCursor();
    const bit = 1 << (v & 31);
    // Mark v as handed out; a bit already set means another add returned the same value.
    if ((Atomics.or(seen, v >>> 5, bit) & bit) !== 0) duplicates++;
  }
  parentPort!.postMessage({ duplicates });
} else {
  test('two threads adding to the shared cursor at once lose no add and never share a value', async () => {
    const ring = new EndpointRing(8);
    const go = new Int32Array(new SharedArrayBuffer(8));
    const total = 2 * ADDS_PER_WORKER;
    const seen = new Int32Array(new SharedArrayBuffer(Math.ceil(total / 32) * 4));
    const workers = [0, 1].map(
      () => new Worker(new URL(import.meta.url), { workerData: { role: 'cursor-adder', ring: ring.buffer, go: go.buffer, seen: seen.buffer } }),
    );
    const replies = workers.map(
      (w) =>
        new Promise<{ duplicates: number }>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
        }),
    );
    const t0 = Date.now();
    while (Atomics.load(go, 1) < 2 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 1));
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    const [a, b] = await Promise.all(replies);
    await Promise.all(workers.map((w) => w.terminate()));
    assert.is(Atomics.load(ring.ids, HDR_CURSOR), total, 'final cursor = total adds');
    assert.is(a!.duplicates + b!.duplicates, 0, 'no value handed out twice');
    let marked = 0;
    for (let w = 0; w < seen.length; w++) for (let x = seen[w]!; x !== 0; x &= x - 1) marked++;
    assert.is(marked, total, 'every value 0 … total−1 handed out');
  });

  test('the cursor is returned as a u32 and wraps at 2^32', () => {
    const ring = new EndpointRing(3);
    assert.is(ring.nextCursor(), 0);
    assert.is(ring.nextCursor(), 1);
    Atomics.store(ring.ids, HDR_CURSOR, -2); // 2^32 − 2
    assert.is(ring.nextCursor(), 4294967294);
    assert.is(ring.nextCursor(), 4294967295);
    assert.is(ring.nextCursor(), 0);
  });

  test.run();
}
