/** One row of a benchmark report (every bench suite returns these; results/bench-core.csv has one line each). */
export interface BenchRow {
  /** Suite name: routing, engine, histogram, simulate, scenario. */
  suite: string;
  /** Case name within the suite. */
  name: string;
  ops_per_s: number;
  ns_per_op: number;
  /**
   * SPEED relative to the baseline measured in the same run: baseline ns/op ÷
   * this ns/op (> 1 = faster than the baseline); null when there is none.
   */
  ratio_to_baseline: number | null;
  /** What the ratio compares against, or a note ('' when none). */
  baseline: string;
}
