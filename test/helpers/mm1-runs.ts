/**
 * A pure model of independent M/M/1 runs (FIFO, one server, started empty),
 * by Lindley's recursion W' = max(0, W + S − A): no engine, no cluster, so
 * interval coverage can be measured over hundreds of seeds in a second. Each
 * run records the sojourn time (wait + service, ns) of the requests that
 * arrive in [warmup, warmup + duration) — what the simulator measures.
 */
import { LatencyHistogram } from '../../src/metrics/histogram.js';
import { stream } from '../../src/engine/rng.js';

export function mm1Runs(o: { lambda: number; mu: number; runs: number; durationS: number; warmupS: number; seed: number }): LatencyHistogram[] {
  const out: LatencyHistogram[] = [];
  for (let r = 0; r < o.runs; r++) {
    const rng = stream(o.seed, r, 'mm1-model', 'lindley');
    const h = new LatencyHistogram();
    const end = o.warmupS + o.durationS;
    let t = 0;
    let w = 0; // wait of the current arrival, s
    let s = 0; // its service, s
    let first = true;
    for (;;) {
      const a = -Math.log(1 - rng()) / o.lambda;
      t += a;
      if (t >= end) break;
      w = first ? 0 : Math.max(0, w + s - a);
      first = false;
      s = -Math.log(1 - rng()) / o.mu;
      if (t >= o.warmupS) h.record(Math.round((w + s) * 1e9));
    }
    out.push(h);
  }
  return out;
}
