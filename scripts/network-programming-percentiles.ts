/**
 * p50 / p90 / p99 of network-programming.csv's latency_s, per sweep point
 * (pooled over runs, changes and nodes, as KEP-3453's percentiles pool every
 * kube-proxy's `network_programming_duration_seconds`), with the sweep
 * values and the row count:
 *
 *   node dist/scripts/network-programming-percentiles.js results/network-programming-5k
 *
 * Nearest-rank percentiles (the value at rank ceil(q·n)).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface PointLatencies {
  readonly point: number;
  /** `param_<key>=value` cells of the point, as written. */
  readonly params: string;
  readonly latencies: Float64Array;
}

/** Nearest-rank quantile of sorted values (q in (0, 1]). */
export function nearestRank(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[k - 1]!;
}

/** Splits one CSV record (quotes as csv-stringify writes them). */
function cells(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Reads a network-programming.csv: the latencies of each point, sorted. */
export async function readLatencies(file: string): Promise<PointLatencies[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let header: string[] | null = null;
  let iPoint = -1;
  let iLat = -1;
  let iParams: number[] = [];
  const byPoint = new Map<number, { params: string; values: number[] }>();
  for await (const line of lines) {
    if (line === '') continue;
    const c = cells(line);
    if (header === null) {
      header = c;
      iPoint = c.indexOf('point');
      iLat = c.indexOf('latency_s');
      iParams = c.flatMap((h, i) => (h.startsWith('param_') ? [i] : []));
      if (iPoint < 0 || iLat < 0) throw new Error(`${file}: not a network-programming.csv (no point / latency_s column)`);
      continue;
    }
    const point = Number(c[iPoint]);
    let p = byPoint.get(point);
    if (p === undefined) {
      p = { params: iParams.map((i) => `${header![i]!.slice('param_'.length)}=${c[i]}`).join(' '), values: [] };
      byPoint.set(point, p);
    }
    p.values.push(Number(c[iLat]));
  }
  return [...byPoint.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([point, p]) => ({ point, params: p.params, latencies: Float64Array.from(p.values).sort() }));
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (arg === undefined) {
    process.stderr.write('usage: node dist/scripts/network-programming-percentiles.js <result dir | network-programming.csv>\n');
    process.exit(2);
  }
  const file = arg.endsWith('.csv') ? arg : join(arg, 'network-programming.csv');
  for (const p of await readLatencies(file)) {
    const f = (q: number) => nearestRank(p.latencies, q).toFixed(2).padStart(7);
    process.stdout.write(`point ${p.point}  p50 ${f(0.5)} s  p90 ${f(0.9)} s  p99 ${f(0.99)} s  rows ${p.latencies.length}  ${p.params}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
