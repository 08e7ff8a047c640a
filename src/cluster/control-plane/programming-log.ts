/**
 * The network-programming log of one run (network-programming.csv, DESIGN.md):
 * every endpoint change the API server records, and when each node's data
 * plane had it — the KEP-3453 / SIG-scalability `network_programming_duration`.
 *
 * Plain data (it crosses from a worker thread): the changes as a small list of
 * records (they are few), the (change, node) rows as typed arrays.
 */

export type ChangeKind = 'add' | 'remove' | 'update';

export interface EndpointChange {
  /** `ns/name:port` (or `ns/name` for an unnamed port), as endpoints.csv names a Service port. */
  readonly service: string;
  /** The pod's name. */
  readonly endpoint: string;
  readonly kind: ChangeKind;
  /** API server write, ns from t=0. */
  readonly changedAt: number;
}

export interface ProgrammingLog {
  readonly changes: EndpointChange[];
  /** Rows in the order nodes programmed them: change index, node index, when (ns). */
  count: number;
  change: Int32Array;
  node: Int32Array;
  programmedAt: Float64Array;
}

export function emptyProgrammingLog(): ProgrammingLog {
  return { changes: [], count: 0, change: new Int32Array(0), node: new Int32Array(0), programmedAt: new Float64Array(0) };
}

/** Append one row, growing the arrays by doubling. */
export function logProgrammed(log: ProgrammingLog, change: number, node: number, at: number): void {
  if (log.count === log.change.length) {
    const size = Math.max(1024, log.count * 2);
    const c = new Int32Array(size);
    c.set(log.change);
    const n = new Int32Array(size);
    n.set(log.node);
    const t = new Float64Array(size);
    t.set(log.programmedAt);
    log.change = c;
    log.node = n;
    log.programmedAt = t;
  }
  log.change[log.count] = change;
  log.node[log.count] = node;
  log.programmedAt[log.count] = at;
  log.count++;
}
