/**
 * CSV rows kept by (point, run): each run's rows are formatted when the run
 * finishes (so its arrays can be dropped) and come out sorted by (point,
 * run) whatever order runs arrive in — the bytes do not depend on the order
 * in which runs finish. One home for runs.csv, histograms.csv,
 * timeseries.csv and endpoints.csv (RunText: the same for one text a run).
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

/** CSV records without a header (the same quoting and `\n` line ends as csvText: the two concatenate). */
export function csvRecords(rows: readonly (readonly string[])[]): string {
  return rows.length === 0 ? '' : stringify(rows as string[][], { record_delimiter: 'unix' });
}

/**
 * Like RunRows, but each run's rows kept as one CSV text (csvRecords): for
 * files of up to millions of rows a run (network-programming.csv), where a
 * cell array per row would cost several times the text. `sorted` returns
 * the texts in (point, run) order, to be written one after another — the
 * whole file may exceed V8's longest string (2^29 characters).
 */
export class RunText {
  readonly #text = new Map<number, Map<number, string>>();

  has(point: number, run: number): boolean {
    return this.#text.get(point)?.has(run) ?? false;
  }

  set(point: number, run: number, text: string): void {
    let byRun = this.#text.get(point);
    if (byRun === undefined) this.#text.set(point, (byRun = new Map()));
    byRun.set(run, text);
  }

  /** The runs' texts in (point, run) order, of the points in `only` (default all); empty texts left out. */
  sorted(only?: ReadonlySet<number>): string[] {
    const all: string[] = [];
    for (const p of [...this.#text.keys()].sort((a, b) => a - b)) {
      if (only !== undefined && !only.has(p)) continue;
      const byRun = this.#text.get(p)!;
      for (const run of [...byRun.keys()].sort((a, b) => a - b)) {
        const t = byRun.get(run)!;
        if (t !== '') all.push(t);
      }
    }
    return all;
  }
}
