/**
 * The standard encoding is our own (metrics/hdr-encoding.ts): neither
 * recording nor encoding nor decoding loads hdr-histogram-js, whose load and
 * re-record cost a sixth of a 1 M-request run. (hdr-histogram-js remains the
 * oracle: test/metrics-histogram-matches-hdrhistogram checks both directions.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { LatencyHistogram } from '../src/metrics/histogram.js';

const require = createRequire(import.meta.url);
const hdrLoaded = (): boolean => Object.keys(require.cache).some((p) => p.includes('hdr-histogram-js'));

test('recording, encoding and decoding never load hdr-histogram-js', async () => {
  const h = new LatencyHistogram();
  h.record(1234);
  h.valueAtPercentile(99);
  const encoded = await h.encode();
  assert.match(encoded, /^HISTF/);
  const back = await LatencyHistogram.decode(encoded);
  assert.is(back.count, 1);
  assert.is(back.valueAtPercentile(100), 1234);
  assert.is(hdrLoaded(), false);
});

test('an empty histogram encodes and decodes to an empty one', () => {
  const back = LatencyHistogram.decodeSync(new LatencyHistogram().encodeSync());
  assert.is(back.count, 0);
});

test.run();
