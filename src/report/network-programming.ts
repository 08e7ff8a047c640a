/**
 * network-programming.csv: per (point, run, endpoint change, node) — when
 * each node's data plane had each endpoint change (the control plane's
 * ProgrammingLog, cluster/control-plane/programming-log.ts):
 *
 *   scenario, point, run, param_<path>…, change (index of the change in the
 *   run, in API-server order), service (`ns/name:port`), endpoint (pod name),
 *   kind (add | remove | update), node (the node's name), changed_at_s (API
 *   server write, from t=0), programmed_at_s (that node's data plane has it),
 *   latency_s = programmed_at_s − changed_at_s — the KEP-3453 /
 *   SIG-scalability network-programming latency, per change and node
 *
 * Times are whole nanoseconds written as seconds (formatSecondsNs), so the
 * difference of the two time cells is latency_s exactly. Rows are sorted by
 * (point, run, change, node index), ties in programming order; the log comes
 * in programming order, so each run is sorted on its own (two stable
 * counting passes, O(rows)). A 5,000-node run can log ~10^6 rows: each run is
 * formatted when it is added, into one CSV text (RunText), and the file is
 * written as those texts one after another. The file is written even with
 * no rows (header only), so tools can rely on it.
 */
import type { LoadedScenario, PointModel } from '../scenario/types.js';
import type { ProgrammingLog } from '../cluster/control-plane/programming-log.js';
import { paramColumn, paramValue } from './summary.js';
import { formatInt, formatSecondsNs } from './format.js';
import { RunText, csvRecords, csvText } from './run-rows.js';

export const NETWORK_PROGRAMMING_CSV = 'network-programming.csv';

/** What the file needs of one run's log (plain data: it may come from a worker thread; `count` rows of the arrays are used). */
export type ProgrammingData = Pick<ProgrammingLog, 'changes' | 'count' | 'change' | 'node' | 'programmedAt'>;

export interface ProgrammingResult {
  readonly point: number;
  readonly run: number;
  readonly programming: ProgrammingData;
}

export function networkProgrammingColumns(sweepKeys: readonly string[]): string[] {
  return [
    'scenario',
    'point',
    'run',
    ...sweepKeys.map(paramColumn),
    'change',
    'service',
    'endpoint',
    'kind',
    'node',
    'changed_at_s',
    'programmed_at_s',
    'latency_s',
  ];
}

/** One stable counting pass: `order` re-sorted by key(row) ∈ [0, keys). */
function countingPass(order: Int32Array, key: Int32Array, keys: number): Int32Array {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < order.length; i++) start[key[order[i]!]! + 1]!++;
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    out[start[key[row]!]!++] = row;
  }
  return out;
}

/**
 * The log's row indices in (change, node) order, ties in log order: a stable
 * pass by node, then one by change. Throws on a change or node index out of
 * range (a simulator bug, not bad input).
 */
export function programmingOrder(log: ProgrammingData, nodes: number): Int32Array {
  const n = log.count;
  if (n > log.change.length || n > log.node.length || n > log.programmedAt.length) throw new Error(`programming log: count ${n} exceeds its arrays`);
  for (let i = 0; i < n; i++) {
    const c = log.change[i]!;
    const nd = log.node[i]!;
    if (c < 0 || c >= log.changes.length) throw new Error(`programming log row ${i}: change ${c}, but the run has ${log.changes.length} change(s)`);
    if (nd < 0 || nd >= nodes) throw new Error(`programming log row ${i}: node ${nd}, but the cluster has ${nodes} node(s)`);
  }
  let order: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order = countingPass(order, log.node, nodes);
  return countingPass(order, log.change, log.changes.length);
}

/** Rows joined this many at a time: bounded garbage for a run of millions. */
const BATCH = 8192;

/** One record's cells as csvRecords quotes them, without the line end (cells that need no quoting come out as they are). */
function quotedCells(cells: readonly string[]): string {
  return csvRecords([cells]).slice(0, -1);
}

/**
 * One run's rows as CSV text (no header). The cells that repeat — the
 * scenario/point/run/param prefix with each change's own cells, and each
 * node's name — are quoted once (csvRecords, so the bytes are those of
 * csvRecords over the whole rows) and each row is concatenated from them and
 * its three times: millions of rows a run without an array per row.
 */
export function networkProgrammingText(loaded: Pick<LoadedScenario, 'name' | 'sweepKeys'>, point: PointModel, r: ProgrammingResult): string {
  const log = r.programming;
  if (log.count === 0) return '';
  const nodes = point.spec.cluster.nodes;
  const order = programmingOrder(log, nodes.length);
  const head = [loaded.name, formatInt(r.point), formatInt(r.run), ...loaded.sweepKeys.map((k) => paramValue(point, k))];
  // per change: "head…,change,service,endpoint,kind," and ",changed_at_s,"
  const changeHead = log.changes.map((c, i) => quotedCells([...head, formatInt(i), c.service, c.endpoint, c.kind, '']));
  const changedAt = log.changes.map((c) => `,${formatSecondsNs(c.changedAt)},`);
  const nodeCell: (string | undefined)[] = new Array(nodes.length);
  const parts: string[] = [];
  let batch = '';
  let inBatch = 0;
  for (let j = 0; j < order.length; j++) {
    const row = order[j]!;
    const ci = log.change[row]!;
    const nd = log.node[row]!;
    const at = log.programmedAt[row]!;
    const nc = nodeCell[nd] ?? (nodeCell[nd] = quotedCells([nodes[nd]!.name, '']).slice(0, -1));
    batch += changeHead[ci]! + nc + changedAt[ci]! + formatSecondsNs(at) + ',' + formatSecondsNs(at - log.changes[ci]!.changedAt) + '\n';
    if (++inBatch === BATCH) {
      batch.charCodeAt(0); // flattens the rope now: its pieces become garbage batch by batch, not all at the end
      parts.push(batch);
      batch = '';
      inBatch = 0;
    }
  }
  parts.push(batch);
  return parts.join('');
}

/**
 * network-programming.csv built run by run: each run's log is formatted into
 * text when it is added (the log can then be dropped) and the texts are
 * written in (point, run) order, whatever order runs arrive in.
 */
export class NetworkProgrammingAccumulator {
  readonly #loaded: LoadedScenario;
  readonly #text = new RunText();

  constructor(loaded: LoadedScenario) {
    this.#loaded = loaded;
  }

  add(r: ProgrammingResult): void {
    const point = this.#loaded.points.find((p) => p.index === r.point);
    if (point === undefined) throw new Error(`network programming for point ${r.point}, which scenario ${this.#loaded.name} does not have`);
    this.#text.set(r.point, r.run, networkProgrammingText(this.#loaded, point, r));
  }

  /** One run's rows as read back from a result file (resume, merge), in file order. */
  addRows(point: number, run: number, rows: string[][]): void {
    this.#text.set(point, run, csvRecords(rows));
  }

  /** The file as texts to write one after another (header first), with the points in `only` (default all). */
  chunks(only?: ReadonlySet<number>): string[] {
    return [csvText(networkProgrammingColumns(this.#loaded.sweepKeys), []), ...this.#text.sorted(only)];
  }

  /** The file as one string (tests, small results). */
  csv(only?: ReadonlySet<number>): string {
    return this.chunks(only).join('');
  }
}
