/**
 * Reading a result directory back (`run --resume`, `merge`): manifest.json
 * and the per-(point, run) rows of runs.csv, histograms.csv, timeseries.csv,
 * endpoints.csv, traffic.csv and network-programming.csv, kept as cells so that they are written again byte for
 * byte, and each run's RunResult rebuilt exactly from runs.csv's integer
 * counts and histograms.csv (exact count/min/max/sum, responses_in_window,
 * window_ns, the encoded histogram) — all summary.csv needs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LatencyHistogram } from '../metrics/histogram.js';
import { ERROR_KINDS, type RunResult } from '../metrics/run-result.js';
import { HISTOGRAMS_CSV, MANIFEST_JSON, RUNS_CSV, histogramsColumns, runsColumns } from './write-results.js';
import { ENDPOINTS_CSV, endpointsColumns } from './endpoints.js';
import { TIMESERIES_CSV, timeseriesColumns } from './timeseries.js';
import { TRAFFIC_CSV, trafficColumns } from './traffic.js';
import { NETWORK_PROGRAMMING_CSV, networkProgrammingColumns } from './network-programming.js';

/** RFC 4180 CSV (what csv-stringify writes): quoted cells may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A result file as header + rows grouped by (point, run), each group in file order. */
export interface StoredFile {
  readonly header: string[];
  readonly byRun: Map<string, string[][]>;
}

export interface StoredRun {
  readonly point: number;
  readonly run: number;
  readonly result: RunResult;
  readonly runsRow: string[];
  readonly histRow: string[];
}

export interface StoredResults {
  readonly dir: string;
  readonly manifest: Record<string, unknown>;
  readonly runs: readonly StoredRun[];
  readonly timeseries: StoredFile | null;
  readonly endpoints: StoredFile | null;
  readonly traffic: StoredFile | null;
  readonly networkProgramming: StoredFile | null;
  readonly runsHeader: string[];
  readonly histHeader: string[];
}

export const runKey = (point: number, run: number): string => `${point}/${run}`;

function readStored(file: string): StoredFile | null {
  if (!existsSync(file)) return null;
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (header === undefined) throw new Error(`${file}: empty file`);
  const p = header.indexOf('point');
  const r = header.indexOf('run');
  if (p < 0 || r < 0) throw new Error(`${file}: expected columns point and run`);
  const byRun = new Map<string, string[][]>();
  for (const row of rows) {
    const key = runKey(Number(row[p]), Number(row[r]));
    let list = byRun.get(key);
    if (list === undefined) byRun.set(key, (list = []));
    list.push(row);
  }
  return { header, byRun };
}

/**
 * The per-run files of `stored` that this version would not write as they
 * are — missing, or with other columns (written by an older version, e.g.
 * before timeseries.csv's stale_nodes): their rows cannot be copied into
 * this version's files, so resume runs the scenario in full and merge
 * refuses. Empty when every file matches.
 */
export function mismatchedFiles(stored: StoredResults, sweepKeys: readonly string[]): string[] {
  const same = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  const files: [string, readonly string[] | undefined, string[]][] = [
    [RUNS_CSV, stored.runsHeader, runsColumns(sweepKeys)],
    [HISTOGRAMS_CSV, stored.histHeader, histogramsColumns(sweepKeys)],
    [TIMESERIES_CSV, stored.timeseries?.header, timeseriesColumns(sweepKeys)],
    [ENDPOINTS_CSV, stored.endpoints?.header, endpointsColumns(sweepKeys)],
    [TRAFFIC_CSV, stored.traffic?.header, trafficColumns(sweepKeys)],
    [NETWORK_PROGRAMMING_CSV, stored.networkProgramming?.header, networkProgrammingColumns(sweepKeys)],
  ];
  return files.filter(([, got, want]) => !same(got, want)).map(([name]) => name);
}

/** Read `dir` (one scenario's result directory). Throws with the file named when a file is missing or malformed. */
export function readResultDir(dir: string): StoredResults {
  const manifestFile = path.join(dir, MANIFEST_JSON);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  const runsFile = readStored(path.join(dir, RUNS_CSV));
  const histFile = readStored(path.join(dir, HISTOGRAMS_CSV));
  if (runsFile === null || histFile === null) throw new Error(`${dir}: expected ${RUNS_CSV} and ${HISTOGRAMS_CSV}`);
  const rc = (name: string) => {
    const i = runsFile.header.indexOf(name);
    if (i < 0) throw new Error(`${path.join(dir, RUNS_CSV)}: expected a column ${name}`);
    return i;
  };
  const hc = (name: string) => {
    const i = histFile.header.indexOf(name);
    if (i < 0) throw new Error(`${path.join(dir, HISTOGRAMS_CSV)}: expected a column ${name} (written by an older version?)`);
    return i;
  };
  const col = {
    point: rc('point'),
    run: rc('run'),
    requests: rc('requests'),
    completed: rc('completed'),
    events: rc('events'),
    wall: rc('wall_s'),
    errors: ERROR_KINDS.map((k) => rc(`errors_${k}`)),
    count: hc('count'),
    min: hc('min_ns'),
    max: hc('max_ns'),
    sum: hc('sum_ns'),
    goodput: hc('responses_in_window'),
    window: hc('window_ns'),
    hist: hc('histogram'),
  };
  const runs: StoredRun[] = [];
  for (const [key, rows] of runsFile.byRun) {
    const hist = histFile.byRun.get(key);
    if (hist === undefined || rows.length !== 1 || hist.length !== 1) continue; // incomplete: run again
    const row = rows[0]!;
    const h = hist[0]!;
    const count = Number(h[col.count]);
    const decoded = LatencyHistogram.decodeSync(h[col.hist]!);
    const latency = LatencyHistogram.fromCounts(decoded.counts, {
      count,
      sum: count > 0 ? Number(h[col.sum]) : 0,
      min: count > 0 ? Number(h[col.min]) : 0,
      max: count > 0 ? Number(h[col.max]) : 0,
      clamped: decoded.clamped,
    });
    const errors = { refused: 0, reset: 0, timeout: 0, dropped: 0, rejected: 0 };
    ERROR_KINDS.forEach((k, i) => (errors[k] = Number(row[col.errors[i]!])));
    const result: RunResult = {
      point: Number(row[col.point]),
      run: Number(row[col.run]),
      requests: Number(row[col.requests]),
      completed: Number(row[col.completed]),
      goodput: Number(h[col.goodput]),
      errors,
      measuredNs: Number(h[col.window]),
      latency,
      events: Number(row[col.events]),
      wallS: Number(row[col.wall]),
    };
    runs.push({ point: result.point, run: result.run, result, runsRow: row, histRow: h });
  }
  runs.sort((a, b) => a.point - b.point || a.run - b.run);
  return {
    dir,
    manifest,
    runs,
    timeseries: readStored(path.join(dir, TIMESERIES_CSV)),
    endpoints: readStored(path.join(dir, ENDPOINTS_CSV)),
    traffic: readStored(path.join(dir, TRAFFIC_CSV)),
    networkProgramming: readStored(path.join(dir, NETWORK_PROGRAMMING_CSV)),
    runsHeader: runsFile.header,
    histHeader: histFile.header,
  };
}
