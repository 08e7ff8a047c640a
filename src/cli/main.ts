/**
 * clusterip-sim — the command line. Thin: it parses arguments, calls the
 * layers below, and maps outcomes to the exit codes of DESIGN.md:
 *   0 ok · 1 a threshold or budget failed · 2 bad input or usage (message on
 *   stderr, no stack trace, nothing written) · 3 a task failed while others
 *   completed · 130 interrupted (finished points are kept).
 * Heavy modules are imported lazily, so `--help` or a usage error costs only
 * Node's start-up.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT_OK = 0;
export const EXIT_THRESHOLD = 1;
export const EXIT_USAGE = 2;
export const EXIT_TASK_FAILED = 3;
export const EXIT_INTERRUPTED = 130;

/**
 * Usage of every command, as DESIGN.md lists it (stdout on `--help`, with
 * the error on stderr otherwise). Flags of features not built yet are
 * recognised and refused with a message that says so (exit 2).
 */
const COMMAND_USAGE: Readonly<Record<string, string>> = {
  run: `clusterip-sim run <file|dir>... [--out DIR] [--runs N] [--seed S] [--workers N]
                  [--set path=value]... [--progress auto|bar|plain|none]
                  [--shard i/N] [--resume] [--save-baseline NAME] [--strict] [--debug]
    simulate every scenario; write DIR/<scenario name>/ (default DIR: results)
    --strict   a warning found before running (e.g. a Service with no endpoints) is an error, exit 2`,
  validate: `clusterip-sim validate <file|dir>... [--set path=value]... [--strict] [--debug]
    load and check scenarios without running; print warnings
    --strict   a warning is an error, exit 2`,
  compare: `clusterip-sim compare (<baseline> | --baseline NAME) <candidate> [--noise 2%]
                      [--max-regression metric=5%,...] [--format text|markdown|csv] [--debug]`,
  merge: `clusterip-sim merge <out dir>... --out DIR [--debug]`,
  expose: `clusterip-sim expose deployment NAME --port P [--target-port T] [--name SVC] -f <scenario> [--debug]
    print the Service manifest \`kubectl expose\` would create`,
  plot: `clusterip-sim plot <result dir>... [--out DIR] [--debug]`,
  inspect: `clusterip-sim inspect <scenario> [--node NAME] [--debug]
  clusterip-sim inspect maglev --backends A,B,... [--weights 1,2,...] [--size M] [--hash cilium|envoy|ipvs]`,
};

const USAGE = `usage:
  clusterip-sim run <file|dir>... [--out DIR] [--runs N] [--seed S] [--workers N]
                    [--set path=value]... [--progress auto|bar|plain|none]
                    [--shard i/N] [--resume] [--save-baseline NAME] [--strict] [--debug]
  clusterip-sim validate <file|dir>... [--set path=value]... [--strict]
  clusterip-sim compare (<baseline> | --baseline NAME) <candidate> [--noise 2%]
                        [--max-regression metric=5%,...] [--format text|markdown|csv]
  clusterip-sim merge <out dir>... --out DIR
  clusterip-sim expose deployment NAME --port P [--target-port T] [--name SVC] -f <scenario>
  clusterip-sim plot <result dir>... [--out DIR]
  clusterip-sim inspect <scenario> [--node NAME]
  clusterip-sim inspect maglev --backends A,B,... [--weights 1,2,...] [--size M] [--hash cilium|envoy|ipvs]
  clusterip-sim --version | --help | <command> --help
every command also takes --debug (it adds stack traces to bug reports)`;

/** Set by --debug anywhere on the command line: internal errors then print their stack. */
let debug = false;

/** A usage or input problem: printed without a stack trace, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit status of a command, or a promise of it. */
type Command = (argv: string[]) => Promise<number>;

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } as const;

function parse<const O extends Options>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`clusterip-sim ${command}: ${(e as Error).message}\nusage: ${COMMAND_USAGE[command] ?? USAGE}`);
  }
}

function intFlag(v: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

const run: Command = async (argv) => {
  const { values, positionals } = parse(
    argv,
    {
      out: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      set: { type: 'string', multiple: true },
      progress: { type: 'string' },
      shard: { type: 'string' },
      resume: { type: 'boolean' },
      'save-baseline': { type: 'string' },
      strict: { type: 'boolean' },
    },
    'run',
  );
  if (positionals.length === 0) throw new UsageError(`clusterip-sim run: expected at least one scenario file or directory\nusage: ${COMMAND_USAGE['run']}`);
  const runs = intFlag(values.runs, '--runs', 1, 10_000);
  const seed = intFlag(values.seed, '--seed', 0, Number.MAX_SAFE_INTEGER);
  const workers = intFlag(values.workers, '--workers', 1, 1024);
  let shard: { index: number; count: number } | undefined;
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    if (m === null || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]) || Number(m[2]) > 10_000) {
      throw new UsageError(`--shard: expected i/N with 1 <= i <= N <= 10000 (e.g. 2/3), got ${JSON.stringify(values.shard)}`);
    }
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const progress = values.progress ?? 'auto';
  if (!['auto', 'bar', 'plain', 'none'].includes(progress)) {
    throw new UsageError(`--progress: expected one of auto, bar, plain, none, got ${JSON.stringify(progress)}`);
  }
  const saveBaseline = values['save-baseline'];
  if (saveBaseline !== undefined) {
    const { checkBaselineName } = await import('../report/compare-baseline.js');
    const problem = checkBaselineName(saveBaseline);
    if (problem !== null) throw new UsageError(problem);
  }
  const { runCommand } = await import('./run.js');
  return runCommand({
    ...(saveBaseline !== undefined ? { saveBaseline } : {}),
    paths: positionals,
    out: values.out ?? 'results',
    overrides: values.set ?? [],
    strict: values.strict === true,
    progress: progress as 'auto' | 'bar' | 'plain' | 'none',
    ...(runs !== undefined ? { runs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(shard !== undefined ? { shard } : {}),
    resume: values.resume === true,
    debug: values.debug === true,
  });
};

const merge: Command = async (argv) => {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, debug: { type: 'boolean' } }, 'merge');
  if (positionals.length === 0) throw new UsageError(`clusterip-sim merge: expected at least one shard output directory\n${USAGE}`);
  if (values.out === undefined) throw new UsageError('clusterip-sim merge: --out DIR is required');
  const { mergeCommand } = await import('./merge.js');
  return mergeCommand(positionals, values.out);
};

const validate: Command = async (argv) => {
  const { values, positionals } = parse(argv, { set: { type: 'string', multiple: true }, strict: { type: 'boolean' } }, 'validate');
  if (positionals.length === 0) throw new UsageError(`clusterip-sim validate: expected at least one scenario file or directory\nusage: ${COMMAND_USAGE['validate']}`);
  const { validateCommand } = await import('./run.js');
  return validateCommand(positionals, { overrides: values.set ?? [], strict: values.strict === true });
};

const expose: Command = async (argv) => {
  const { values, positionals } = parse(
    argv,
    {
      port: { type: 'string' },
      'target-port': { type: 'string' },
      name: { type: 'string' },
      file: { type: 'string', short: 'f' },
      protocol: { type: 'string' },
    },
    'expose',
  );
  if (positionals[0] !== 'deployment' && positionals[0] !== 'deploy' && positionals[0] !== 'deployments') {
    throw new UsageError(`clusterip-sim expose: expected "deployment NAME", got ${JSON.stringify(positionals.join(' '))}\nusage: ${COMMAND_USAGE['expose']}`);
  }
  const name = positionals[1];
  if (name === undefined || positionals.length > 2) throw new UsageError(`clusterip-sim expose: expected one Deployment name\nusage: ${COMMAND_USAGE['expose']}`);
  if (values.file === undefined) throw new UsageError('clusterip-sim expose: -f <scenario> is required');
  const port = intFlag(values.port, '--port', 1, 65535);
  const { exposeCommand } = await import('./expose.js');
  return exposeCommand({
    deployment: name,
    file: values.file,
    ...(port !== undefined ? { port } : {}),
    ...(values['target-port'] !== undefined ? { targetPort: values['target-port'] } : {}),
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.protocol !== undefined ? { protocol: values.protocol } : {}),
  });
};

const inspect: Command = async (argv) => {
  const { values, positionals } = parse(
    argv,
    {
      node: { type: 'string' },
      backends: { type: 'string' },
      weights: { type: 'string' },
      size: { type: 'string' },
      hash: { type: 'string' },
    },
    'inspect',
  );
  if (positionals[0] === 'maglev' && positionals.length === 1) {
    if (values.node !== undefined) throw new UsageError('clusterip-sim inspect maglev: --node applies to a scenario, not to maglev');
    if (values.backends === undefined) throw new UsageError(`clusterip-sim inspect maglev: --backends A,B,... is required\n${USAGE}`);
    const { inspectMaglevCommand } = await import('./inspect.js');
    return inspectMaglevCommand({
      backends: values.backends,
      ...(values.weights !== undefined ? { weights: values.weights } : {}),
      ...(values.size !== undefined ? { size: values.size } : {}),
      ...(values.hash !== undefined ? { hash: values.hash } : {}),
    });
  }
  if (positionals.length !== 1) throw new UsageError(`clusterip-sim inspect: expected one scenario file, or "maglev"\n${USAGE}`);
  for (const f of ['backends', 'weights', 'size', 'hash'] as const) {
    if (values[f] !== undefined) throw new UsageError(`clusterip-sim inspect: --${f} applies to "inspect maglev" only`);
  }
  const { inspectScenarioCommand } = await import('./inspect.js');
  return inspectScenarioCommand(positionals[0]!, values.node ?? 'node-1');
};

const compare: Command = async (argv) => {
  const { values, positionals } = parse(
    argv,
    {
      baseline: { type: 'string' },
      noise: { type: 'string' },
      'max-regression': { type: 'string', multiple: true },
      format: { type: 'string' },
    },
    'compare',
  );
  const want = values.baseline !== undefined ? 1 : 2;
  if (positionals.length !== want) {
    throw new UsageError(
      `clusterip-sim compare: expected ${want === 1 ? 'one candidate result with --baseline NAME' : '<baseline> <candidate> (result dirs or runs.csv)'}, got ${positionals.length} path${positionals.length === 1 ? '' : 's'}\n${USAGE}`,
    );
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'markdown' && format !== 'csv') {
    throw new UsageError(`--format: expected one of text, markdown, csv, got ${JSON.stringify(format)}`);
  }
  const { parseBudgets, parseNoise } = await import('../report/compare.js');
  const noise = parseNoise(values.noise ?? '2%');
  if (noise === null) throw new UsageError(`--noise: expected a percentage from 0 to 100, e.g. 2%, got ${JSON.stringify(values.noise)}`);
  const { budgets, problems } = parseBudgets(values['max-regression'] ?? []);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  if (values.baseline !== undefined) {
    const { checkBaselineName } = await import('../report/compare-baseline.js');
    const problem = checkBaselineName(values.baseline);
    if (problem !== null) throw new UsageError(problem);
  }
  const { compareCommand } = await import('./compare.js');
  return compareCommand({
    baseline: values.baseline !== undefined ? null : positionals[0]!,
    baselineName: values.baseline ?? null,
    candidate: positionals[want - 1]!,
    noise,
    budgets,
    format,
  });
};

const plot: Command = async (argv) => {
  const { values, positionals } = parse(argv, { out: { type: 'string' } }, 'plot');
  if (positionals.length === 0) throw new UsageError(`clusterip-sim plot: expected at least one result directory\n${USAGE}`);
  const { plotCommand } = await import('./plot.js');
  return plotCommand({ dirs: positionals, ...(values.out !== undefined ? { out: values.out } : {}) });
};

const COMMANDS: Record<string, Command> = {
  run,
  validate,
  expose,
  compare,
  merge,
  plot,
  inspect,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  debug = argv.includes('--debug');
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    const text = topic !== undefined && COMMAND_USAGE[topic] !== undefined ? `usage: ${COMMAND_USAGE[topic]}` : USAGE;
    process.stdout.write(`${text}\n`);
    return EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    const { toolVersion } = await import('./version.js');
    process.stdout.write(`clusterip-sim ${toolVersion()}\n`);
    return EXIT_OK;
  }
  const handler = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (handler === undefined) throw new UsageError(`clusterip-sim: unknown command ${JSON.stringify(command)}\n${USAGE}`);
  // `<command> --help` (anywhere before a `--`): usage on stdout, exit 0, whatever else is on the line
  const end = rest.indexOf('--');
  if ((end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`usage: ${COMMAND_USAGE[command] ?? USAGE}\n`);
    return EXIT_OK;
  }
  return handler(rest);
}

/** Turn any failure into a message and an exit code; only a bug prints a stack. */
export function reportFailure(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n`);
    return EXIT_USAGE;
  }
  const problems = (e as { problems?: unknown }).problems;
  if (Array.isArray(problems)) {
    for (const p of problems) process.stderr.write(`${String(p)}\n`);
    process.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written\n`);
    return EXIT_USAGE;
  }
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    // a file-system error on the user's paths (ENOENT, EACCES, EISDIR, ...)
    process.stderr.write(`clusterip-sim: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const err = e as Error | undefined;
  if (debug) process.stderr.write(`clusterip-sim: internal error (please report): ${err?.stack ?? String(e)}\n`);
  else process.stderr.write(`clusterip-sim: internal error (please report; --debug prints the stack trace): ${err?.message ?? String(e)}\n`);
  return 70;
}
