/**
 * hdr-histogram-js (~40 ms to load) is loaded on the first encode or decode,
 * not when the histogram module is imported: recording never pays for it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { LatencyHistogram } from '../src/metrics/histogram.js';

const require = createRequire(import.meta.url);
const hdrLoaded = (): boolean => Object.keys(require.cache).some((p) => p.includes('hdr-histogram-js'));

test('recording does not load hdr-histogram-js; the first encode does', async () => {
  const h = new LatencyHistogram();
  h.record(1234);
  h.valueAtPercentile(99);
  assert.is(hdrLoaded(), false);
  const encoded = await h.encode();
  assert.is(hdrLoaded(), true);
  const back = await LatencyHistogram.decode(encoded);
  assert.is(back.count, 1);
  assert.is(back.valueAtPercentile(100), 1234);
});

test.run();
