/**
 * `compare (<baseline> | --baseline NAME) <candidate> [--noise 2%]
 * [--max-regression metric=5%,...] [--format text|markdown|csv]`: the table
 * on stdout, exceeded budgets on stderr, exit 1 when a budget is exceeded.
 */
import { readResultSet } from '../report/compare-input.js';
import { baselineDir } from '../report/compare-baseline.js';
import { compareResults, type Budget } from '../report/compare.js';
import { budgetFailures, formatComparison, type CompareFormat } from '../report/compare-format.js';
import { EXIT_OK, EXIT_THRESHOLD } from './main.js';

export interface CompareCommandOptions {
  /** A result dir or runs.csv; or null with `baselineName`. */
  readonly baseline: string | null;
  readonly baselineName: string | null;
  readonly candidate: string;
  readonly noise: number;
  readonly budgets: readonly Budget[];
  readonly format: CompareFormat;
}

export async function compareCommand(opts: CompareCommandOptions): Promise<number> {
  const candidate = readResultSet(opts.candidate);
  const baseline = readResultSet(opts.baseline ?? baselineDir(opts.baselineName!, candidate.scenario));
  const c = compareResults(baseline, candidate, { noise: opts.noise, budgets: opts.budgets });
  if (c.pairs.length === 0) {
    const keys = c.sharedKeys.length > 0 ? ` on ${c.sharedKeys.join(', ')}` : '';
    throw Object.assign(new Error('no points match'), {
      problems: [`compare: expected points that match${keys} on both sides, got none (${c.unmatched.join('; ')})`],
    });
  }
  process.stdout.write(formatComparison(c, opts.format));
  const failures = budgetFailures(c);
  for (const f of failures) process.stderr.write(`${f}\n`);
  return failures.length > 0 ? EXIT_THRESHOLD : EXIT_OK;
}
