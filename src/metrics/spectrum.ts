/**
 * The percentile spectrum of a latency histogram, as HdrHistogram prints it
 * (`outputPercentileDistribution`, the table wrk2 shows and HdrHistogram's
 * plotter reads): percentile levels stepping from 0 % towards 100 % with
 * `ticksPerHalfDistance` equal steps in each half of the remaining distance
 * (0, 10, 20 … 50, 55 … 75, 77.5 … up to the last recorded value), each with
 * the highest equivalent value reached there and the count up to it, then a
 * final 100 % line. Same iteration as HdrHistogram's PercentileIterator;
 * test/metrics-spectrum-matches-hdrhistogram checks it line by line. One
 * difference: a value is never above the histogram's max (hdr prints the
 * top of the max's bucket, past the largest latency recorded).
 */
import { COUNTS_LENGTH, highestValueAtIndex, type LatencyHistogram } from './histogram.js';

export interface SpectrumLine {
  /** Highest equivalent value of the bucket the level was reached in (at most the max), ns. */
  readonly valueNs: number;
  /** The level, 0 … 100 (percent). */
  readonly percentile: number;
  /** Values recorded up to and including this bucket. */
  readonly totalCount: number;
}

export function percentileSpectrum(h: LatencyHistogram, ticksPerHalfDistance = 5): SpectrumLine[] {
  const total = h.count;
  const lines: SpectrumLine[] = [];
  if (total === 0) return lines;
  const counts = h.counts;
  const max = h.max;
  let level = 0;
  let cum = 0;
  for (let i = 0; i < COUNTS_LENGTH; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    cum += c;
    const top = highestValueAtIndex(i);
    const value = top > max ? max : top;
    while ((100 * cum) / total >= level) {
      lines.push({ valueNs: value, percentile: level, totalCount: cum });
      if (cum === total) {
        // the last recorded value: one more line, at 100 %
        lines.push({ valueNs: value, percentile: 100, totalCount: cum });
        return lines;
      }
      const ticks = ticksPerHalfDistance * 2 ** (Math.floor(Math.log2(100 / (100 - level))) + 1);
      level += 100 / ticks;
    }
  }
  return lines;
}
