/**
 * HdrHistogram's standard V2 encoding, compressed and base64'd ("HISTF…"), as
 * the Java reference writes it (HdrHistogram AbstractHistogram
 * .encodeIntoCompressedByteBuffer), so that any HdrHistogram reader — Java,
 * Go, Rust, hdr-histogram-js, HdrHistogram plotters — reads histograms.csv.
 *
 * Why not hdr-histogram-js itself: it costs ~32 ms to load and ~20 ms to
 * re-record and encode one histogram, a sixth of a whole 1 M-request run's
 * budget (README, bench figures); this encoder works straight off our counts
 * array in ~1 ms. hdr-histogram-js stays the oracle in the tests
 * (test/metrics-histogram-matches-hdrhistogram.test.ts): it decodes what we
 * encode and we decode what it encodes, bucket for bucket.
 *
 * Layout (all integers big-endian):
 *   compressed envelope: int32 cookie 0x1c849314, int32 length N, then N bytes
 *                        of zlib (RFC 1950) deflate of the encoding below
 *   encoding:            int32 cookie 0x1c849313, int32 payload length,
 *                        int32 normalizingIndexOffset (0),
 *                        int32 numberOfSignificantValueDigits,
 *                        int64 lowestDiscernibleValue, int64 highestTrackableValue,
 *                        float64 integerToDoubleValueConversionRatio (1.0),
 *                        payload: counts[0 .. index of max] as ZigZag LEB128-64b9B
 *                        words, a run of k ≥ 2 zero counts written as −k.
 */
import { deflateSync, inflateSync } from 'node:zlib';

const V2_COOKIE = 0x1c849303 | 0x10;
const V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
const HEADER_BYTES = 40;

export interface HdrLayout {
  readonly lowestDiscernibleValue: number;
  readonly highestTrackableValue: number;
  readonly significantDigits: number;
}

/** Index ↔ value arithmetic of an HdrHistogram layout (AbstractHistogram.init). */
export function layoutMath(l: HdrLayout): { subBucketHalfCountMagnitude: number; unitMagnitude: number; valueFromIndex: (i: number) => number } {
  const largestSingleUnit = 2 * 10 ** l.significantDigits;
  const subBucketCountMagnitude = Math.ceil(Math.log2(largestSingleUnit));
  const subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
  const subBucketHalfCount = 2 ** subBucketHalfCountMagnitude;
  const unitMagnitude = Math.floor(Math.log2(l.lowestDiscernibleValue));
  return {
    subBucketHalfCountMagnitude,
    unitMagnitude,
    valueFromIndex(index: number): number {
      let bucketIndex = Math.floor(index / subBucketHalfCount) - 1;
      let subBucketIndex = (index % subBucketHalfCount) + subBucketHalfCount;
      if (bucketIndex < 0) {
        subBucketIndex -= subBucketHalfCount;
        bucketIndex = 0;
      }
      return subBucketIndex * 2 ** (bucketIndex + unitMagnitude);
    },
  };
}

/** ZigZag LEB128-64b9B of an integer |v| < 2^53 into `out` at `pos`; returns the new position. */
function putWord(out: Uint8Array, pos: number, v: number): number {
  // zigzag: 0, −1, 1, −2, … → 0, 1, 2, 3, …  (exact in doubles below 2^53)
  let z = v >= 0 ? 2 * v : -2 * v - 1;
  for (let i = 0; i < 8; i++) {
    if (z < 128) {
      out[pos++] = z;
      return pos;
    }
    out[pos++] = (z % 128) | 128;
    z = Math.floor(z / 128);
  }
  out[pos++] = z; // the ninth byte carries 8 bits
  return pos;
}

/** Encode counts[0 .. used) of a histogram with layout `l`. */
export function encodeCompressedBase64(counts: Float64Array, used: number, l: HdrLayout): string {
  const out = new Uint8Array(HEADER_BYTES + 9 * used + 9);
  const view = new DataView(out.buffer);
  view.setInt32(0, V2_COOKIE);
  view.setInt32(8, 0);
  view.setInt32(12, l.significantDigits);
  view.setBigInt64(16, BigInt(l.lowestDiscernibleValue));
  view.setBigInt64(24, BigInt(l.highestTrackableValue));
  view.setFloat64(32, 1.0);
  let pos = HEADER_BYTES;
  let i = 0;
  while (i < used) {
    const c = counts[i++]!;
    if (c !== 0) {
      pos = putWord(out, pos, c);
      continue;
    }
    let zeros = 1;
    while (i < used && counts[i] === 0) {
      zeros++;
      i++;
    }
    pos = putWord(out, pos, zeros > 1 ? -zeros : 0);
  }
  view.setInt32(4, pos - HEADER_BYTES);
  const compressed = deflateSync(out.subarray(0, pos));
  const env = Buffer.allocUnsafe(8 + compressed.length);
  env.writeInt32BE(V2_COMPRESSED_COOKIE, 0);
  env.writeInt32BE(compressed.length, 4);
  compressed.copy(env, 8);
  return env.toString('base64');
}

/** Thrown for a string that is not an HdrHistogram V2 compressed encoding. */
export class HdrDecodeError extends Error {
  constructor(message: string) {
    super(`not an HdrHistogram V2 compressed histogram: ${message}`);
    this.name = 'HdrDecodeError';
  }
}

export interface DecodedHdr {
  readonly layout: HdrLayout;
  /** Counts by index of `layout`. */
  readonly counts: Float64Array;
  readonly valueFromIndex: (i: number) => number;
}

/** Decode any V2 compressed base64 string (any layout). */
export function decodeCompressedBase64(encoded: string): DecodedHdr {
  const env = Buffer.from(encoded, 'base64');
  if (env.length < 8 || (env.readInt32BE(0) & ~0xf0) !== (V2_COMPRESSED_COOKIE & ~0xf0)) throw new HdrDecodeError('bad cookie');
  const n = env.readInt32BE(4);
  if (n < 0 || 8 + n > env.length) throw new HdrDecodeError('truncated');
  let raw: Buffer;
  try {
    raw = inflateSync(env.subarray(8, 8 + n));
  } catch {
    throw new HdrDecodeError('corrupt deflate stream');
  }
  if (raw.length < HEADER_BYTES || (raw.readInt32BE(0) & ~0xf0) !== (V2_COOKIE & ~0xf0)) throw new HdrDecodeError('bad inner cookie');
  const payload = raw.readInt32BE(4);
  const layout: HdrLayout = {
    significantDigits: raw.readInt32BE(12),
    lowestDiscernibleValue: Number(raw.readBigInt64BE(16)),
    highestTrackableValue: Number(raw.readBigInt64BE(24)),
  };
  if (layout.significantDigits < 0 || layout.significantDigits > 5 || layout.lowestDiscernibleValue < 1) throw new HdrDecodeError('bad header');
  const words: number[] = [];
  let pos = HEADER_BYTES;
  const end = Math.min(raw.length, HEADER_BYTES + payload);
  let length = 0;
  while (pos < end) {
    let z = 0;
    let scale = 1;
    for (let b = 0; b < 9 && pos < end; b++) {
      const byte = raw[pos++]!;
      if (b === 8) {
        z += byte * scale;
        break;
      }
      z += (byte & 127) * scale;
      scale *= 128;
      if (byte < 128) break;
    }
    const v = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    words.push(v);
    length += v < 0 ? -v : 1;
  }
  const counts = new Float64Array(length);
  let idx = 0;
  for (const v of words) {
    if (v < 0) idx += -v;
    else counts[idx++] = v;
  }
  return { layout, counts, valueFromIndex: layoutMath(layout).valueFromIndex };
}
