/**
 * CSV rows kept by (point, run): each run's rows are formatted when the run
 * finishes (so its arrays can be dropped) and come out sorted by (point,
 * run) whatever order runs arrive in — the bytes do not depend on the order
 * in which runs finish. One home for runs.csv, histograms.csv,
 * timeseries.csv and endpoints.csv.
 */
import { stringify } from 'csv-stringify/sync';

export class RunRows {
  readonly #rows = new Map<number, Map<number, readonly string[][]>>();

  has(point: number, run: number): boolean {
    return this.#rows.get(point)?.has(run) ?? false;
  }

  set(point: number, run: number, rows: readonly string[][]): void {
    let byRun = this.#rows.get(point);
    if (byRun === undefined) this.#rows.set(point, (byRun = new Map()));
    byRun.set(run, rows);
  }

  /** The rows of one (point, run), if any. */
  get(point: number, run: number): readonly string[][] | undefined {
    return this.#rows.get(point)?.get(run);
  }

  /** All rows in (point, run) order, of the points in `only` (default all). */
  sorted(only?: ReadonlySet<number>): string[][] {
    const all: string[][] = [];
    for (const p of [...this.#rows.keys()].sort((a, b) => a - b)) {
      if (only !== undefined && !only.has(p)) continue;
      const byRun = this.#rows.get(p)!;
      for (const run of [...byRun.keys()].sort((a, b) => a - b)) all.push(...byRun.get(run)!);
    }
    return all;
  }
}

/** A CSV file: header, rows, `\n` line ends (csv-stringify). */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { record_delimiter: 'unix' });
}
