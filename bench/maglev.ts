/**
 * Maglev build cost (issue 5, item 8): one lookup table of M ≈ 65537 slots
 * over 1,000 backends, as each implementation builds it (src/routing/maglev.ts:
 * Envoy at its default 65537; Cilium and IPVS at 65521, the nearest size each
 * accepts). Baseline, measured in the same run: writing the same M slots in
 * round-robin order into an Int32Array — the floor any table build pays; the
 * ratio (< 1) says how many times that floor a real build costs (hashing the
 * 1,000 names, then ~M·ln M probes of the preference lists).
 * Run alone: `node dist/bench/maglev.js` (table on stderr, JSON on stdout).
 */
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { maglevTable, type MaglevFlavour } from '../src/routing/maglev.js';
import type { BenchRow } from './types.js';

const N = 1000;
const SIZES: Record<MaglevFlavour, number> = { envoy: 65537, cilium: 65521, ipvs: 65521 };
const KEYS = Array.from({ length: N }, (_, i) => `10.${128 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}:8080`);

export async function maglevBench(): Promise<BenchRow[]> {
  let sink = 0;
  const floor = new Int32Array(65537);
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench.add('baseline: fill 65537 slots round robin', () => {
    for (let s = 0; s < floor.length; s++) floor[s] = s % N;
    sink += floor[sink & 65535]!;
  });
  for (const f of ['envoy', 'cilium', 'ipvs'] as const) {
    bench.add(`maglev build ${f}, M=${SIZES[f]}, ${N} backends`, () => {
      sink += maglevTable(KEYS, null, SIZES[f], f)[0]!;
    });
  }
  await bench.run();
  if (sink === -1) console.log(sink);
  const ns = bench.tasks.map((t) => {
    const r = t.result as { period?: number; latency?: { mean?: number } };
    return (r.period ?? r.latency?.mean ?? NaN) * 1e6;
  });
  const base = ns[0]!;
  return bench.tasks.map((t, i) => ({
    suite: 'maglev',
    name: t.name,
    ops_per_s: 1e9 / ns[i]!,
    ns_per_op: ns[i]!,
    ratio_to_baseline: i === 0 ? 1 : base / ns[i]!,
    baseline: i === 0 ? 'round-robin fill' : 'round-robin fill of the same M',
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await maglevBench();
  for (const r of rows) process.stderr.write(`${r.name}: ${(r.ns_per_op / 1e6).toFixed(2)} ms (ratio ${r.ratio_to_baseline?.toFixed(4)})\n`);
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}
