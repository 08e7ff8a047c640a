/**
 * `run` and `validate`. Every scenario named is loaded and every point's
 * cluster built once (then dropped) before anything runs, so bad input exits
 * 2 with every problem listed and nothing written. The (point, run) tasks of
 * all scenarios then run on a pool of worker threads (parallel/); results are
 * folded in as they finish and written per scenario, aside then renamed
 * (report/), with the same bytes for any --workers.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { expandScenarioArgs, loadScenarioFile } from '../scenario/index.js';
import { offeredRate } from '../scenario/check.js';
import type { LoadedScenario, LoadOptions } from '../scenario/index.js';
import { buildCluster } from '../cluster/build.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_TASK_FAILED, EXIT_THRESHOLD, UsageError } from './main.js';
import { formatTable } from './table.js';
import { Progress, type ProgressStyle } from './progress.js';

export interface RunCommandOptions {
  readonly paths: readonly string[];
  readonly out: string;
  readonly overrides: readonly string[];
  /** A warning found before running is an error (exit 2). */
  readonly strict?: boolean;
  readonly progress: 'auto' | 'bar' | 'plain' | 'none';
  readonly runs?: number;
  readonly seed?: number;
  /** Worker threads (default: available cores). */
  readonly workers?: number;
  /** `--shard i/N`, 1-based. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly resume?: boolean;
  readonly debug?: boolean;
  /** Keep a copy of each finished result dir under results/baselines/NAME/. */
  readonly saveBaseline?: string;
}

interface Prepared {
  readonly loaded: LoadedScenario;
}

/** Load and build everything; collect the problems of every file before failing. */
function prepare(paths: readonly string[], opts: { overrides: readonly string[]; strict?: boolean; runs?: number; seed?: number }): Prepared[] {
  const files = expandScenarioArgs([...paths]);
  if (files.length === 0) throw new UsageError(`clusterip-sim: no scenario files (*.yaml, *.yml) in ${paths.join(', ')}`);
  const problems: string[] = [];
  const prepared: Prepared[] = [];
  const names = new Map<string, string>();
  for (const file of files) {
    try {
      const options: LoadOptions = {
        overrides: opts.overrides,
        ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      };
      const loaded = loadScenarioFile(file, options);
      const other = names.get(loaded.name);
      if (other !== undefined) {
        const at = loaded.namePos ?? { file, line: 1, col: 1 };
        problems.push(`${at.file}:${at.line}:${at.col}: metadata.name: expected a scenario name not used by another file, got ${JSON.stringify(loaded.name)} (also the name in ${other}; both would write the same result directory)`);
        continue;
      }
      names.set(loaded.name, file);
      if (opts.strict === true) problems.push(...loaded.warnings.map((w) => `${w} (a warning; --strict makes it an error)`));
      else for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
      // a threshold on an interval needs an interval: with one run there is none
      for (const point of loaded.points) {
        if (point.spec.runs >= 2) continue;
        for (const t of point.spec.thresholds) {
          if (!/_ci_(lo|hi)$/.test(t.metric)) continue;
          const msg = `${t.pos.file}:${t.pos.line}:${t.pos.col}: thresholds.${t.metric}: expected runs >= 2 for a threshold on a confidence interval, got runs ${point.spec.runs}`;
          if (!problems.includes(msg)) problems.push(msg);
        }
      }
      // every point's cluster is built once here, so that model errors surface before anything runs; workers build their own
      for (const point of loaded.points) buildCluster(point);
      prepared.push({ loaded });
    } catch (e) {
      const p = (e as { problems?: unknown }).problems;
      if (!Array.isArray(p)) throw e;
      problems.push(...p.map(String));
    }
  }
  if (problems.length > 0) throw Object.assign(new Error(problems.join('\n')), { problems });
  return prepared;
}

/** --out must be a directory or not exist yet: find out before simulating anything. */
function checkOutDir(out: string): void {
  try {
    if (!statSync(out).isDirectory()) throw new UsageError(`--out: expected a directory, got the file ${JSON.stringify(out)}`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as { code?: string }).code !== 'ENOENT') throw new UsageError(`--out: cannot use ${JSON.stringify(out)}: ${(e as Error).message}`);
  }
}

/** Simulated requests (all tasks) up to which a run without --workers stays in the main thread. */
const IN_PROCESS_MAX_ARRIVALS = 2_000_000;

/** Arrivals a run of the point plans, warmup included (for the ETA). */
function expectedArrivals(loaded: LoadedScenario, point: number): number {
  const spec = loaded.points[point]!.spec;
  return spec.traffic.reduce((n, t) => n + offeredRate(t), 0) * ((spec.warmup + spec.duration) / 1e9);
}

export async function runCommand(opts: RunCommandOptions): Promise<number> {
  checkOutDir(opts.out);
  const prepared = prepare(opts.paths, opts);
  const report = await import('../report/index.js');
  const { readResultDir, mismatchedFiles } = await import('../report/result-dir.js');
  const { runTasks, shardRange } = await import('../parallel/runner.js');
  const { createPool, defaultWorkers, inProcessExecutor } = await import('../parallel/pool.js');
  const { warmupAdvice } = await import('../metrics/mser.js');
  const { toRunResult } = await import('../parallel/task.js');
  const { toolVersion, gitCommit } = await import('./version.js');
  const shardText = opts.shard !== undefined ? `${opts.shard.index}/${opts.shard.count}` : undefined;
  const baseMeta = { toolVersion: toolVersion(), gitCommit: gitCommit(), nodeVersion: process.version, set: opts.overrides };

  interface ScenarioState {
    readonly loaded: LoadedScenario;
    readonly results: InstanceType<typeof report.ResultsAccumulator>;
    readonly endpoints: InstanceType<typeof report.EndpointsAccumulator>;
    readonly timeseries: InstanceType<typeof report.TimeseriesAccumulator>;
    readonly traffic: InstanceType<typeof report.TrafficAccumulator>;
    readonly programming: InstanceType<typeof report.NetworkProgrammingAccumulator>;
    readonly guard: InstanceType<typeof report.GuardNotes>;
    /** Latencies recorded at the histogram's edge (outside 0 … 2^43 ns). */
    readonly clamped: { n: number };
    /** Tasks of each point in this invocation (this shard), and how many have a result. */
    readonly wanted: Map<number, number>;
    readonly have: Map<number, number>;
    readonly failed: Set<number>;
    /** Per point: Σ over new runs of each interval's p50, and how many runs had one (MSER warm-up check). */
    readonly p50Sum: Map<number, { sum: Float64Array; n: Float64Array; widthNs: number }>;
  }

  const states: ScenarioState[] = [];
  const tasks: { scenario: number; point: number; run: number }[] = [];
  let expectedTotal = 0;
  for (const [s, { loaded }] of prepared.entries()) {
    const st: ScenarioState = {
      loaded,
      results: new report.ResultsAccumulator(loaded),
      endpoints: new report.EndpointsAccumulator(loaded),
      timeseries: new report.TimeseriesAccumulator(loaded),
      traffic: new report.TrafficAccumulator(loaded),
      programming: new report.NetworkProgrammingAccumulator(loaded),
      guard: new report.GuardNotes(),
      clamped: { n: 0 },
      wanted: new Map(),
      have: new Map(),
      failed: new Set(),
      p50Sum: new Map(),
    };
    states.push(st);
    const all: { point: number; run: number }[] = [];
    for (const p of loaded.points) for (let run = 0; run < p.spec.runs; run++) all.push({ point: p.index, run });
    const [from, to] = opts.shard !== undefined ? shardRange(all.length, opts.shard) : [0, all.length];
    const mine = all.slice(from, to);
    for (const t of mine) st.wanted.set(t.point, (st.wanted.get(t.point) ?? 0) + 1);

    // --resume: keep the runs already written for this same scenario (file hash, seed, --set, shard)
    let stored = new Set<string>();
    if (opts.resume === true) stored = resume(st, opts.out, shardText);
    for (const t of mine) {
      if (stored.has(`${t.point}/${t.run}`)) continue;
      tasks.push({ scenario: s, ...t });
      expectedTotal += expectedArrivals(loaded, t.point);
    }
  }

  function resume(st: ScenarioState, out: string, shard: string | undefined): Set<string> {
    const dir = path.join(out, st.loaded.name);
    const kept = new Set<string>();
    let stored;
    try {
      stored = readResultDir(dir);
    } catch {
      process.stderr.write(`resume: no readable results in ${dir}; running ${st.loaded.name} in full\n`);
      return kept;
    }
    const m = stored.manifest;
    const same =
      m['scenarioHash'] === st.loaded.hash &&
      m['seed'] === (st.loaded.points[0]?.spec.seed ?? null) &&
      JSON.stringify(m['resolved']) === JSON.stringify(st.loaded.resolved) &&
      shardOf(m['shard']) === shard;
    if (!same) {
      process.stderr.write(`resume: ${dir} holds results of another scenario file, seed, --set or shard; running ${st.loaded.name} in full\n`);
      return kept;
    }
    const other = mismatchedFiles(stored, st.loaded.sweepKeys);
    if (other.length > 0) {
      process.stderr.write(`resume: ${dir}: ${other.join(', ')} missing or with other columns (written by another version?); running ${st.loaded.name} in full\n`);
      return kept;
    }
    for (const r of stored.runs) {
      if (!st.wanted.has(r.point) || r.run >= st.loaded.points[r.point]!.spec.runs) continue;
      const key = `${r.point}/${r.run}`;
      st.results.addStored(r.result, r.runsRow, r.histRow);
      st.timeseries.addRows(r.point, r.run, stored.timeseries?.byRun.get(key) ?? []);
      st.endpoints.addRows(r.point, r.run, stored.endpoints?.byRun.get(key) ?? []);
      st.traffic.addRows(r.point, r.run, stored.traffic?.byRun.get(key) ?? []);
      st.programming.addRows(r.point, r.run, stored.networkProgramming?.byRun.get(key) ?? []);
      st.have.set(r.point, (st.have.get(r.point) ?? 0) + 1);
      kept.add(key);
    }
    const points = [...st.wanted.keys()].filter((p) => st.have.get(p) === st.wanted.get(p)).length;
    process.stderr.write(`resume: ${st.loaded.name}: ${points} of ${st.wanted.size} point(s) complete in ${dir} (${kept.size} run(s) kept); running the rest\n`);
    return kept;
  }

  const isCI = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';
  const style: ProgressStyle = opts.progress === 'auto' ? (process.stderr.isTTY === true && !isCI ? 'bar' : 'plain') : opts.progress;
  const label = states.length === 1 ? states[0]!.loaded.name : `${states.length} scenarios`;
  const totalPoints = states.reduce((n, st) => n + st.wanted.size, 0);
  const pointsDone = () => states.reduce((n, st) => n + [...st.wanted.keys()].filter((p) => st.have.get(p) === st.wanted.get(p)).length, 0);

  let interrupted = false;
  let exec: Awaited<ReturnType<typeof createPool>> | null = null;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    exec?.abort();
    process.stderr.write('\ninterrupted: stopping the runs in progress, keeping finished points (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint); // a pod evicted, a CI job cancelled: keep what finished, as for Ctrl-C

  let failedTasks = 0;
  let failedThresholds = 0;
  try {
    const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), tasks.length));
    const progress = new Progress(style, label, { runs: tasks.length, points: totalPoints, arrivals: expectedTotal }, () => pointsDone());
    if (tasks.length > 0) {
      // a small job (≲ 0.5 s of simulation) runs in this thread unless --workers asks for threads: starting a
      // worker costs more than it saves, and Ctrl-C waits at most for that little
      const inProcess = opts.workers === undefined && expectedTotal <= IN_PROCESS_MAX_ARRIVALS;
      exec = inProcess
        ? inProcessExecutor(prepared.map((p) => p.loaded))
        : await createPool(
            prepared.map((p) => ({ name: p.loaded.name, sweepKeys: p.loaded.sweepKeys, points: p.loaded.points })),
            workers,
          );
      const pool = exec;
      progress.start(() => {
        let a = 0;
        for (let i = 0; i < workers; i++) a += pool.progress(i);
        return a;
      });
      const outcome = await runTasks(tasks, pool, {
        concurrency: workers,
        stopped: () => interrupted,
        onResult: (o, t) => {
          const st = states[t.scenario]!;
          const rr = toRunResult(o);
          st.clamped.n += rr.latency.clamped;
          st.results.add(rr);
          st.timeseries.add({ point: o.point, run: o.run, series: o.series });
          st.endpoints.addRows(o.point, o.run, o.endpointRows);
          st.traffic.addRows(o.point, o.run, o.trafficRows);
          st.programming.add({ point: o.point, run: o.run, programming: o.programming });
          st.guard.add(o.point, o.measuredNs, o.guard);
          st.have.set(o.point, (st.have.get(o.point) ?? 0) + 1);
          const s = o.series;
          let w = st.p50Sum.get(o.point);
          if (w === undefined) st.p50Sum.set(o.point, (w = { sum: new Float64Array(s.intervals), n: new Float64Array(s.intervals), widthNs: s.widthNs }));
          for (let k = 0; k < s.intervals; k++) {
            const v = s.p50[k]!;
            if (!Number.isNaN(v)) {
              w.sum[k]! += v;
              w.n[k]!++;
            }
          }
          progress.taskDone(o.arrivals);
        },
      });
      progress.stop();
      for (const f of outcome.failures) {
        const st = states[f.task.scenario]!;
        st.failed.add(f.task.point);
        const e = f.error as Error;
        const message = opts.debug === true ? (e?.stack ?? String(e)) : (e?.message ?? String(e)).split('\n')[0];
        process.stderr.write(`${st.loaded.name}: point ${f.task.point}, run ${f.task.run} failed (point ${f.task.point} not written): ${message}\n`);
      }
      failedTasks = outcome.failures.length;
    }

    for (const st of states) {
      const loaded = st.loaded;
      const only = new Set([...st.wanted.keys()].filter((p) => !st.failed.has(p) && st.have.get(p) === st.wanted.get(p)));
      if (only.size === 0) continue;
      warmupCheck(st, only);
      const keep: LoadedScenario = { ...loaded, points: loaded.points.filter((p) => only.has(p.index)) };
      const tasksOf = loaded.points.reduce((n, p) => n + p.spec.runs, 0);
      const meta =
        opts.shard === undefined ? baseMeta : { ...baseMeta, shard: { ...opts.shard, points: loaded.points.length, tasks: tasksOf } };
      if (st.clamped.n > 0) {
        const c = st.clamped.n;
        process.stderr.write(
          `warning: ${loaded.name}: ${c} latenc${c === 1 ? 'y' : 'ies'} outside the histogram's range (0 … 2^43 ns ≈ 2.44 h) ` +
            'were recorded at its edge: latency_max_ms and the percentiles that reach it are bounds, not values\n',
        );
      }
      const notes = st.guard.messages(only);
      for (const n of notes) process.stderr.write(`warning: ${loaded.name}: ${n}\n`);
      const { dir, summary } = await st.results.write(opts.out, meta, {
        only,
        extraFiles: {
          [report.ENDPOINTS_CSV]: st.endpoints.csv(only),
          [report.TIMESERIES_CSV]: st.timeseries.csv(only),
          [report.TRAFFIC_CSV]: st.traffic.csv(only),
          [report.NETWORK_PROGRAMMING_CSV]: st.programming.chunks(only),
        },
        notes,
      });
      // a shard holds only some runs of a point: its thresholds are checked after merge
      const checks = opts.shard === undefined ? report.evaluateThresholds(keep, summary) : [];
      failedThresholds += checks.filter((c) => !c.ok).length;
      process.stderr.write(`${formatTable(keep, summary, checks)}\nresults: ${dir}\n`);
      if (opts.saveBaseline !== undefined) {
        if (interrupted || only.size < st.wanted.size || opts.shard !== undefined) {
          process.stderr.write(`baseline ${opts.saveBaseline}: not saved for ${loaded.name} (its runs did not all finish, or this is one shard)\n`);
        } else {
          const { saveBaseline } = await import('../report/compare-baseline.js');
          process.stderr.write(`baseline: ${saveBaseline(dir, opts.saveBaseline)}\n`);
        }
      }
      if (interrupted || only.size < st.wanted.size) {
        const list = [...only].sort((a, b) => a - b).join(', ');
        process.stderr.write(`${loaded.name}: kept ${only.size} of ${st.wanted.size} point(s) (${list}) in ${dir}; run again with --resume to finish the rest\n`);
      }
    }
    if (interrupted && states.every((st) => ![...st.wanted.keys()].some((p) => st.have.get(p) === st.wanted.get(p)))) {
      process.stderr.write('interrupted: no point had finished; nothing was written\n');
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    if (exec !== null) await exec.close();
  }
  if (interrupted) return EXIT_INTERRUPTED;
  if (failedTasks > 0) return EXIT_TASK_FAILED;
  return failedThresholds > 0 ? EXIT_THRESHOLD : EXIT_OK;

  /**
   * MSER-5 on the point's interval series of p50 (mean over its runs, warmup
   * included, up to its first scenario event): when the series settles after
   * the warmup ends, the measured window still holds the start-up transient —
   * say so, with the warm-up the rule suggests. No check when an event comes
   * before the warmup ends (nothing before it to judge).
   */
  function warmupCheck(st: ScenarioState, only: ReadonlySet<number>): void {
    for (const p of only) {
      const w = st.p50Sum.get(p);
      if (w === undefined) continue;
      const spec = st.loaded.points[p]!.spec;
      // the start-up transient is judged before the first scenario event: what an event
      // changes (a release, a crash) is the run's subject, not a warm-up left in the window
      const firstEvent = (spec.events ?? []).reduce((m, e) => Math.min(m, e.at), Infinity);
      if (firstEvent <= spec.warmup) continue;
      const full = Math.floor(Math.min(spec.warmup + spec.duration, firstEvent) / w.widthNs); // whole intervals only
      const y = new Float64Array(full);
      for (let k = 0; k < full; k++) y[k] = w.n[k]! > 0 ? w.sum[k]! / w.n[k]! : NaN;
      const r = warmupAdvice(y, w.widthNs, spec.warmup);
      if (r === null) continue;
      const settleNs = r.settleNs;
      const s = (ns: number) => `${Number((ns / 1e9).toPrecision(3))}s`;
      const where = st.loaded.points.length > 1 ? ` point ${p}` : '';
      process.stderr.write(
        r.atLimit
          ? `warning: ${st.loaded.name}${where}: warmup ${s(spec.warmup)} looks too short for this load: latency is still changing at half the run (MSER-5 on the per-interval p50); lengthen warmup and duration (warmup >= ${s(settleNs)} at least)\n`
          : `warning: ${st.loaded.name}${where}: warmup ${s(spec.warmup)} looks too short for this load: latency settles after ~${s(settleNs)} (MSER-5 on the per-interval p50); try warmup: ${s(settleNs)}\n`,
      );
    }
  }
}

function shardOf(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const s = v as { index?: unknown; count?: unknown };
  return `${String(s.index)}/${String(s.count)}`;
}

export async function validateCommand(paths: readonly string[], opts: { overrides: readonly string[]; strict: boolean } = { overrides: [], strict: false }): Promise<number> {
  const prepared = prepare(paths, opts);
  for (const { loaded } of prepared) {
    const runs = loaded.points.reduce((n, p) => n + p.spec.runs, 0);
    const warned = loaded.warnings.length === 0 ? '' : `, ${loaded.warnings.length} warning${loaded.warnings.length === 1 ? '' : 's'}`;
    process.stderr.write(`ok: ${loaded.file}: scenario ${loaded.name}, ${loaded.points.length} point(s), ${runs} run(s)${warned}\n`);
  }
  return EXIT_OK;
}
