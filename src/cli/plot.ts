/** `plot <result dir>... [--out DIR]` (see report/plot/). */
export interface PlotCommandOptions {
  readonly dirs: readonly string[];
  readonly out?: string;
}
export async function plotCommand(opts: PlotCommandOptions): Promise<number> {
  const { plotResults } = await import('../report/plot/index.js');
  return plotResults(opts);
}
