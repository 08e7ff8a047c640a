/** One row of a microbenchmark report (every bench suite returns these). */
export interface BenchRow {
  /** Suite name, e.g. "histogram". */
  suite: string;
  /** Case name within the suite. */
  name: string;
  ops_per_s: number;
  ns_per_op: number;
  /** This case's ns_per_op divided by the baseline's (< 1 = faster than the baseline); null for the baseline itself or when there is none. */
  ratio_to_baseline: number | null;
  /** Name of the case compared against ('' when none). */
  baseline: string;
}
