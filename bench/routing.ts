/**
 * Routing-core microbenchmarks (tinybench), each against a baseline measured
 * in the same run:
 *   - ServiceTable.lookup at 100 / 10k / 100k services vs a Map<string, number>
 *     keyed "ip:port/proto" built from the same keys, the key string built per
 *     lookup as a naive implementation would. Random hits, a batch of 1,024
 *     precomputed keys per iteration so the timer's cost is amortised.
 *     Targets: lookup ≥ 4× faster than the Map (ratio ≥ 4), and lookup at
 *     100k ≤ 1.3× its cost at 100 (the row "ServiceTable lookup, 100000 vs
 *     100 services": speed ratio ≥ 1 / 1.3 ≈ 0.77).
 *   - one endpoint pick per registered policy at N = 10 / 100 / 1000
 *     candidates vs a bare uniform integer draw through a Draws, as the policies draw.
 *     Targets: ≤ 40 ns at N = 100 for every O(1) policy; lc, wlc, sed and nq
 *     scan every endpoint (as the kernel does): ≤ 40 ns at N = 10, linear
 *     beyond. Each policy is measured in a Node process of its own, as a
 *     simulation run has one policy (`--same-process` measures them all in
 *     this one). `--picks` runs only these rows, `--only=<substring>` only
 *     the policies whose name contains it.
 * ratio_to_baseline = SPEED relative to the baseline row: the baseline's
 * ns_per_op ÷ this row's (> 1 = faster than the baseline), as bench/types.ts
 * defines it for every suite.
 * Run alone: `node dist/bench/routing.js` (table on stderr, JSON on stdout).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { draws, stream, uniformInt } from '../src/engine/rng.js';
import { createPolicy, POLICY_FACTORIES } from '../src/routing/policies/index.js';
import { newFlow, policyContext, type Flow, type Policy } from '../src/routing/policies/policy.js';
import { ServiceTable, PROTO_SCTP, PROTO_TCP, PROTO_UDP } from '../src/routing/service-table.js';
import type { BenchRow } from './types.js';

const BATCH = 1024;
/** Batches of precomputed keys per table size (a power of two). */
const POOL = 64;
const SIZES = [100, 10_000, 100_000];
/** Endpoint counts of the pick rows. */
const PICK_SIZES = [10, 100, 1000];
/** Policies that scan every candidate per pick, as the kernel does (O(N)). */
const SCANNING = new Set(['ipvs/lc', 'ipvs/wlc', 'ipvs/sed', 'ipvs/nq']);
const SUITE = 'routing';

/** Keeps results alive so the JIT cannot drop the work. */
let sink = 0;

interface KeySet {
  ip: Int32Array;
  port: Int32Array;
  proto: Int32Array;
}

function distinctKeys(n: number, seed: number): KeySet {
  const rng = stream(seed, 0, 'bench-routing', `keys-${n}`);
  const protos = [PROTO_TCP, PROTO_TCP, PROTO_TCP, PROTO_UDP, PROTO_SCTP];
  const seen = new Set<string>();
  const k: KeySet = { ip: new Int32Array(n), port: new Int32Array(n), proto: new Int32Array(n) };
  for (let i = 0; i < n; ) {
    const ip = (0x0a600000 + uniformInt(rng, 1 << 20)) >>> 0;
    const port = rng() < 0.7 ? 80 : 1 + uniformInt(rng, 65535);
    const proto = protos[uniformInt(rng, protos.length)]!;
    const s = `${ip}:${port}/${proto}`;
    if (seen.has(s)) continue;
    seen.add(s);
    k.ip[i] = ip | 0;
    k.port[i] = port;
    k.proto[i] = proto;
    i++;
  }
  return k;
}

function nsPerOp(bench: Bench, name: string): number {
  const t = bench.getTask(name);
  const r = t?.result as { latency?: { mean: number } } | undefined;
  const ms = r?.latency?.mean ?? NaN;
  return (ms * 1e6) / BATCH;
}

function row(name: string, ns: number, baselineNs: number | null, baseline: string): BenchRow {
  return {
    suite: SUITE,
    name,
    ops_per_s: 1e9 / ns,
    ns_per_op: ns,
    ratio_to_baseline: baselineNs === null ? null : baselineNs / ns,
    baseline,
  };
}

export async function routingBench(opts: { time?: number; picksOnly?: boolean } = {}): Promise<BenchRow[]> {
  const time = opts.time ?? 600;
  const rows: BenchRow[] = [];
  if (opts.picksOnly !== true) await lookupRows(rows, time);
  await pickRows(rows, time);
  if (sink === 0.5) console.log(sink);
  return rows;
}

async function lookupRows(rows: BenchRow[], time: number): Promise<void> {

  // ---- ServiceTable vs Map<string, number>
  const lookupBench = new Bench({ time, warmupTime: 200 });
  /** Per size, e.g. "262144 slots, 2.00 MiB, load 0.38": the table the lookup rows measured. */
  const geometry = new Map<number, string>();
  for (const n of SIZES) {
    const keys = distinctKeys(n, 1);
    const table = ServiceTable.create(n);
    const bytes = table.buffer.byteLength;
    const size = bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(2)} MiB` : `${(bytes / 2 ** 10).toFixed(1)} KiB`;
    geometry.set(n, `${table.slots} slots, ${size}, load ${(n / table.slots).toFixed(2)}`);
    const map = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      table.insert(keys.ip[i]! >>> 0, keys.port[i]!, keys.proto[i]!, i);
      map.set(`${keys.ip[i]! >>> 0}:${keys.port[i]}/${keys.proto[i]}`, i);
    }
    // POOL batches of 1,024 random hits; each iteration walks the next batch.
    // 65,536 hits spread over the whole table: a smaller pool would touch only
    // a few thousand slots, which then sit in cache and hide the table's size.
    const pickRng = stream(2, 0, 'bench-routing', `hits-${n}`);
    const total = POOL * BATCH;
    const ip = new Int32Array(total);
    const port = new Int32Array(total);
    const proto = new Int32Array(total);
    for (let j = 0; j < total; j++) {
      const i = uniformInt(pickRng, n);
      ip[j] = keys.ip[i]!;
      port[j] = keys.port[i]!;
      proto[j] = keys.proto[i]!;
    }
    let tb = 0;
    let mb = 0;
    lookupBench.add(`service-table lookup ${n}`, () => {
      const start = (tb++ & (POOL - 1)) * BATCH;
      let s = 0;
      for (let j = start; j < start + BATCH; j++) s += table.lookup(ip[j]! >>> 0, port[j]!, proto[j]!);
      sink += s;
    });
    lookupBench.add(`map lookup ${n}`, () => {
      const start = (mb++ & (POOL - 1)) * BATCH;
      let s = 0;
      for (let j = start; j < start + BATCH; j++) s += map.get(`${ip[j]! >>> 0}:${port[j]}/${proto[j]}`) ?? -1;
      sink += s;
    });
  }
  await lookupBench.run();
  const table100 = nsPerOp(lookupBench, `service-table lookup ${SIZES[0]}`);
  for (const n of SIZES) {
    const t = nsPerOp(lookupBench, `service-table lookup ${n}`);
    const m = nsPerOp(lookupBench, `map lookup ${n}`);
    rows.push(row(`Map<string> lookup, ${n} services`, m, null, ''));
    rows.push(
      row(
        `ServiceTable lookup, ${n} services`,
        t,
        m,
        `Map<string> lookup, ${n} services (speed ratio, target ≥ 4); table ${geometry.get(n)}`,
      ),
    );
    if (n !== SIZES[0]) {
      rows.push(
        row(
          `ServiceTable lookup, ${n} vs ${SIZES[0]} services`,
          t,
          table100,
          `ServiceTable lookup, ${SIZES[0]} services (speed ratio, target ≥ 0.77: cost ≤ 1.3×)`,
        ),
      );
    }
  }

}

/**
 * CPU nanoseconds per op of `fn` (which does `ops` ops per call): the least of
 * `rounds` measurements of ≥ `ms` ms of process CPU time each. CPU time, not
 * wall time: on a shared machine a descheduled process would otherwise count
 * other processes' time as its own; the least of several rounds drops the
 * rounds another process disturbed (interference only ever adds).
 */
function cpuNsPerOp(fn: () => void, ops: number, ms: number, rounds: number): number {
  for (let i = 0; i < 20; i++) fn(); // warm-up: tier up before measuring
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const t0 = process.cpuUsage();
    let us = 0;
    do {
      for (let i = 0; i < 8; i++) fn();
      calls += 8;
      us = process.cpuUsage(t0).user;
    } while (us < ms * 1000);
    best = Math.min(best, (us * 1000) / (calls * ops));
  }
  return best;
}

/** One policy's pick rows measured in this process, with the baseline draw measured before each. */
interface PickMeasure {
  name: string;
  policy: string;
  n: number;
  ns: number;
  base: number;
}

function measurePicks(names: string[], time: number): PickMeasure[] {
  // ---- one pick per policy and endpoint count vs a bare uniform draw
  // Every registered policy at N = 10 / 100 / 1000 candidates. Instances
  // (nodes or clients) rotate over 16, so per-instance state is warm but not
  // a single cache line; flows rotate over 4,096 precomputed (saddr, sport)
  // pairs so hash policies see different keys. Connection-counting policies
  // (IPVS lc/wlc/sed/nq, mesh least-request/ewma) get ~2 open connections
  // per endpoint per instance first, so their comparisons are not all ties.
  // The clock advances 1 µs per pick (peak EWMA decays with elapsed time).
  // Timing: process CPU time, least of 5 rounds (cpuNsPerOp), the baseline
  // draw measured again right before each row, so each ratio compares two
  // measurements taken under the same load.
  const ms = Math.max(10, time / 20);
  const FLOWS = 4096;
  const fSaddr = new Int32Array(FLOWS);
  const fSport = new Int32Array(FLOWS);
  const flowRng = stream(4, 0, 'bench-routing', 'flows');
  for (let j = 0; j < FLOWS; j++) {
    fSaddr[j] = (0x0af40000 + uniformInt(flowRng, 1 << 16)) | 0;
    fSport[j] = 32768 + uniformInt(flowRng, 28232);
  }
  // the baseline draws as the policies do: through a Draws (engine/rng.ts)
  const baseRng = draws(3, 0, 'bench-routing', 'uniform');
  const baseline = (): void => {
    let s = 0;
    for (let j = 0; j < BATCH; j++) s += Math.floor(baseRng.next() * 50);
    sink += s;
  };
  const measured: PickMeasure[] = [];
  for (const name of names) {
    // One stream per policy, shared by its three sizes, read through a Draws
    // as a run's DataPlane does (one policy, one stream per run).
    const rng = draws(3, 0, 'bench-routing', name);
    for (const n of PICK_SIZES) {
      const ids = Int32Array.from({ length: n }, (_, i) => i);
      const clock = { now: 0 };
      const ctx = policyContext({ clock, instances: 16, servicePorts: 1, endpoints: n, rng });
      const policy = createPolicy(name, ctx);
      policy.onEndpoints?.(0, 0, ids, 0, n);
      if (policy.onOpen !== undefined) {
        const r = stream(3, 1, 'bench-routing', `${name}-${n}-load`);
        for (let inst = 0; inst < 16; inst++) for (let k = 0; k < 2 * n; k++) policy.onOpen(inst, 0, uniformInt(r, n));
      }
      const flow = newFlow();
      flow.daddr = 0x0a60000a;
      flow.dport = 80;
      // One loop function per policy, built with new Function: closures of
      // one literal share V8's call feedback, which would make `policy.pick`
      // megamorphic across the classes — a cost no simulation run has (a run
      // uses one policy).
      const loop = new Function(
        'policy',
        'ids',
        'n',
        'BATCH',
        'flow',
        'fSaddr',
        'fSport',
        'start',
        'clock',
        'let s = 0; for (let j = 0; j < BATCH; j++) { clock.now += 1000; const f = (start + j) & 4095; flow.saddr = fSaddr[f]; flow.sport = fSport[f]; flow.client = j & 15; s += policy.pick(j & 15, 0, 0, flow, ids, 0, n); } return s;',
      ) as (p: Policy, ids: Int32Array, n: number, batch: number, flow: Flow, a: Int32Array, b: Int32Array, start: number, clock: { now: number }) => number;
      let start = 0;
      const base = cpuNsPerOp(baseline, BATCH, ms, 5);
      const ns = cpuNsPerOp(
        () => {
          sink += loop(policy, ids, n, BATCH, flow, fSaddr, fSport, start, clock);
          start = (start + BATCH) & 4095;
        },
        BATCH,
        ms,
        5,
      );
      measured.push({ name: `${name} pick, N=${n}`, policy: name, n, ns, base });
    }
  }
  return measured;
}

const BASE = 'uniform integer draw (one Draws number)';

/**
 * Every policy's picks, each policy in a Node process of its own (as a run
 * has one policy: code the policies share — the Draws, the set tables —
 * then sees one caller, as it does in a run), or all in this one with
 * `--same-process`. `--only=<substring>` picks the policies.
 */
async function pickRows(rows: BenchRow[], time: number): Promise<void> {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const names = Object.keys(POLICY_FACTORIES).filter((n) => only === undefined || n.includes(only));
  const measured: PickMeasure[] = [];
  if (process.argv.includes('--same-process')) measured.push(...measurePicks(names, time));
  else {
    const self = fileURLToPath(import.meta.url);
    for (const name of names) {
      const r = spawnSync(process.execPath, [self, '--pick-child', name, `--time=${time}`], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`pick bench for ${name} failed: ${r.stderr}`);
      measured.push(...(JSON.parse(r.stdout) as PickMeasure[]));
    }
  }
  const baseAll = measured.map((m) => m.base).sort((a, b) => a - b);
  rows.push(row(`${BASE}, median of ${baseAll.length} measurements`, baseAll[baseAll.length >> 1]!, null, 'CPU time'));
  for (const r of measured) {
    const scan = SCANNING.has(r.policy);
    const target = scan ? (r.n === 10 ? 'target ≤ 40 ns (scans every endpoint)' : 'scans every endpoint: linear in N') : r.n === 100 ? 'target ≤ 40 ns' : '';
    rows.push(row(r.name, r.ns, r.base, `${BASE} measured just before (CPU time)${target === '' ? '' : `; ${target}`}`));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === '--pick-child') {
  // one policy's picks for pickRows in the parent: JSON on stdout
  const time = Number(process.argv.find((a) => a.startsWith('--time='))?.slice(7) ?? 600);
  process.stdout.write(`${JSON.stringify(measurePicks([process.argv[3]!], time))}\n`);
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await routingBench({ picksOnly: process.argv.includes('--picks') });
  for (const r of rows) {
    const ratio = r.ratio_to_baseline === null ? '' : r.ratio_to_baseline.toFixed(3);
    process.stderr.write(`${r.name.padEnd(46)} ${r.ns_per_op.toFixed(2).padStart(9)} ns/op  ${ratio.padStart(7)}  ${r.baseline}\n`);
  }
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}
