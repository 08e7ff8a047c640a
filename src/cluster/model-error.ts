/**
 * A problem with the user's input found while building the model (after the
 * loader's checks): same one-line-per-problem format as the loader's
 * ScenarioError, `file:line:col: path: expected X, got Y`, and the same exit
 * code 2 at the CLI.
 */
export class ModelError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ModelError';
    this.problems = problems;
  }
}
