/**
 * Engine microbenchmark: the event queue's schedule + pop (time, priority,
 * sequence order, kind and argument carried) against a bare typed-array
 * binary heap of times only, in the same run, on the classic "hold" workload:
 * a queue of 1,000 pending events; each operation pops the earliest and
 * schedules one at that time plus an exponential delay.
 */
import { Bench } from 'tinybench';
import { EventQueue } from '../src/engine/event-queue.js';
import { stream } from '../src/engine/rng.js';
import type { BenchRow } from './types.js';

const PENDING = 1000;
const OPS = 10_000;

/** The baseline: the least a heap of event times can do. */
class BareHeap {
  private h = new Float64Array(PENDING * 2);
  private n = 0;
  push(t: number): void {
    const h = this.h;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= t) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = t;
  }
  pop(): number {
    const h = this.h;
    const top = h[0]!;
    const last = --this.n;
    const t = h[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && h[c + 1]! < h[c]!) c++;
      if (t <= h[c]!) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = t;
    return top;
  }
}

export async function engineBench(): Promise<BenchRow[]> {
  // precomputed delays so both sides do identical arithmetic
  const rng = stream(1, 0, 'bench', 'engine');
  const delays = Float64Array.from({ length: 65536 }, () => Math.round(-1e6 * Math.log(1 - rng())));
  const q = new EventQueue(PENDING * 2);
  const bare = new BareHeap();
  for (let i = 0; i < PENDING; i++) {
    q.push(delays[i]!, 1, i);
    bare.push(delays[i]!);
  }
  let k = 0;
  let sink = 0;
  const bench = new Bench({ time: 700, warmupTime: 200 });
  bench
    .add('bare typed-array heap (times only): pop + push', () => {
      for (let i = 0; i < OPS; i++) {
        const t = bare.pop();
        bare.push(t + delays[k++ & 65535]!);
      }
    })
    .add('EventQueue (time, priority, seq, kind, arg): pop + push', () => {
      for (let i = 0; i < OPS; i++) {
        q.pop();
        sink += q.arg;
        q.push(q.time + delays[k++ & 65535]!, q.kind, q.arg);
      }
    });
  await bench.run();
  if (sink < 0) console.log(sink);
  const ns = bench.tasks.map((t) => {
    const r = t.result as { period?: number };
    return ((r.period ?? NaN) * 1e6) / OPS;
  });
  const [bareNs, queueNs] = [ns[0]!, ns[1]!];
  return [
    { suite: 'engine', name: 'bare heap pop+push', ops_per_s: 1e9 / bareNs, ns_per_op: bareNs, ratio_to_baseline: 1, baseline: 'bare heap' },
    {
      suite: 'engine',
      name: 'EventQueue pop+push',
      ops_per_s: 1e9 / queueNs,
      ns_per_op: queueNs,
      ratio_to_baseline: bareNs / queueNs,
      baseline: 'bare heap (speed ratio, target >= 0.5)',
    },
  ];
}
