/**
 * Histogram recording speed: LatencyHistogram.record against
 * hdr-histogram-js's JsHistogram.recordValue (same layout: lowest 1,
 * highest 2^43, 3 digits, 64-bit counts) in the same run, on the same
 * pre-generated values (log-uniform 1 µs … 10 s, plus 10 % above 2^32 ns so
 * the high-word path is exercised). Each task call records a batch of
 * BATCH values, so timer overhead (~tens of ns) does not swamp a ~2 ns op.
 *
 * Run alone: node dist/bench/histogram.js
 */
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import * as hdr from 'hdr-histogram-js';
import { HIGHEST_TRACKABLE_VALUE, LatencyHistogram } from '../src/metrics/histogram.js';
import type { BenchRow } from './types.js';

const BATCH = 4096;

function benchValues(): Float64Array {
  let x = 12345;
  const next = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
  const out = new Float64Array(BATCH);
  const lo = Math.log(1e3);
  const hi = Math.log(1e10);
  for (let i = 0; i < BATCH; i++) {
    out[i] = i % 10 === 9 ? 2 ** 32 + Math.floor(next() * 2 ** 38) : Math.round(Math.exp(lo + next() * (hi - lo)));
  }
  return out;
}

export async function histogramBench(options: { timeMs?: number } = {}): Promise<BenchRow[]> {
  const values = benchValues();
  const ours = new LatencyHistogram();
  const theirs = hdr.build({
    bitBucketSize: 64,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_VALUE,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
  const bench = new Bench({ name: 'histogram', time: options.timeMs ?? 1000 });
  const BASELINE = 'hdr-histogram-js JsHistogram.recordValue';
  const OURS = 'LatencyHistogram.record';
  bench.add(BASELINE, () => {
    for (let i = 0; i < BATCH; i++) theirs.recordValue(values[i]!);
  });
  bench.add(OURS, () => {
    for (let i = 0; i < BATCH; i++) ours.record(values[i]!);
  });
  await bench.run();

  const nsPerOp = new Map<string, number>();
  for (const task of bench.tasks) {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`histogram bench: ${task.name} ${r.state}`);
    nsPerOp.set(task.name, (r.period * 1e6) / BATCH);
  }
  const base = nsPerOp.get(BASELINE)!;
  return [BASELINE, OURS].map((name) => {
    const ns = nsPerOp.get(name)!;
    return {
      suite: 'histogram',
      name,
      ops_per_s: 1e9 / ns,
      ns_per_op: ns,
      ratio_to_baseline: name === BASELINE ? null : base / ns,
      baseline: name === BASELINE ? '' : BASELINE,
    };
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await histogramBench());
}
