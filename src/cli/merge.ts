/**
 * `merge <out dir>... --out DIR`: shard outputs (each an `--out` root
 * holding `<scenario>/` folders written with `run --shard i/N`) combined
 * into `DIR/<scenario>/`, byte for byte what the unsharded run writes
 * (wall_s is each run's own). Rows of runs.csv, histograms.csv,
 * timeseries.csv, endpoints.csv, traffic.csv and network-programming.csv
 * are taken as they are; summary.csv and
 * spectrum.csv are rebuilt from runs.csv's counts and histograms.csv
 * (report/result-dir.ts). Refused (exit 2) when the shards disagree on the
 * scenario (hash, seed, --set), when a shard is missing, a (point, run)
 * comes twice, or a shard's files have other columns than this version
 * writes (an older version's output). The Scenario's thresholds (from the manifest's resolved
 * document) are checked on the merged summary, as an unsharded run checks
 * them (exit 1 when one fails) — shards themselves check none.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LoadedScenario, PointModel, ScenarioSpec, ThresholdOp, ThresholdSpec } from '../scenario/types.js';
import { EXIT_OK, EXIT_THRESHOLD, UsageError } from './main.js';
import { formatTable } from './table.js';

interface ShardInfo {
  readonly index: number;
  readonly count: number;
  readonly points: number;
  readonly tasks: number;
}

/** The Scenario's thresholds as written in the manifest's resolved document ("< 50" …), for the merged summary. */
function thresholdsOf(manifest: Record<string, unknown>, dir: string): ThresholdSpec[] {
  const spec = (manifest['resolved'] as { spec?: { thresholds?: unknown } } | undefined)?.spec;
  const t = spec?.thresholds;
  if (t === undefined || t === null || typeof t !== 'object') return [];
  const out: ThresholdSpec[] = [];
  for (const [metric, cond] of Object.entries(t as Record<string, unknown>)) {
    const m = typeof cond === 'string' ? /^\s*(<=|>=|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/.exec(cond) : null;
    if (m === null) continue; // the run that wrote it validated it
    out.push({ metric, op: m[1] as ThresholdOp, value: Number(m[2]), text: (cond as string).trim(), pos: { file: path.join(dir, 'manifest.json'), line: 1, col: 1 } });
  }
  return out;
}

export async function mergeCommand(inputs: readonly string[], out: string): Promise<number> {
  const { readResultDir, mismatchedFiles } = await import('../report/result-dir.js');
  const report = await import('../report/index.js');
  const { paramColumn } = await import('../report/summary.js');

  // scenario name → its result dirs, in argument order
  const byName = new Map<string, string[]>();
  for (const root of inputs) {
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`merge: expected a result directory (an --out root), got ${JSON.stringify(root)}`);
    for (const name of readdirSync(root).sort()) {
      const dir = path.join(root, name);
      if (name.startsWith('.') || !statSync(dir).isDirectory() || !existsSync(path.join(dir, report.MANIFEST_JSON))) continue;
      byName.set(name, [...(byName.get(name) ?? []), dir]);
    }
  }
  if (byName.size === 0) throw new UsageError(`merge: no scenario results (<name>/manifest.json) under ${inputs.join(', ')}`);
  if (inputs.some((i) => path.resolve(i) === path.resolve(out))) throw new UsageError('merge: --out must not be one of the inputs');

  const problems: string[] = [];
  const jobs: (() => Promise<void>)[] = [];
  let failedThresholds = 0;
  for (const [name, dirs] of byName) {
    const parts = dirs.map((d) => readResultDir(d));
    const first = parts[0]!.manifest;
    const key = (m: Record<string, unknown>) => JSON.stringify([m['scenarioHash'], m['seed'], m['runs'], m['sweepKeys'], m['resolved']]);
    const shards: ShardInfo[] = [];
    for (const p of parts) {
      if (key(p.manifest) !== key(first)) {
        problems.push(`${p.dir}: expected the same scenario (file hash, seed, runs, --set) as ${parts[0]!.dir}, got another`);
      }
      const other = mismatchedFiles(p, (p.manifest['sweepKeys'] as string[] | undefined) ?? []);
      if (other.length > 0) problems.push(`${p.dir}: expected the result files this version writes, got ${other.join(', ')} missing or with other columns (written by another version? run that shard again)`);
      const sh = p.manifest['shard'] as ShardInfo | undefined;
      if (sh === undefined) problems.push(`${p.dir}: expected the output of run --shard i/N, got a whole run`);
      else shards.push(sh);
    }
    if (shards.length !== parts.length) continue;
    const count = shards[0]!.count;
    const seen = new Set(shards.map((s) => s.index));
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (shards.some((s) => s.count !== count)) problems.push(`${name}: expected shards of one split, got ${shards.map((s) => `${s.index}/${s.count}`).join(', ')}`);
    else if (missing.length > 0 || seen.size !== shards.length) {
      problems.push(`${name}: expected shards 1..${count} once each, got ${shards.map((s) => `${s.index}/${s.count}`).join(', ')}${missing.length > 0 ? ` (missing ${missing.map((i) => `${i}/${count}`).join(', ')})` : ''}`);
    }
    const runs = new Map<string, (typeof parts)[number]['runs'][number] & { from: (typeof parts)[number] }>();
    for (const p of parts) {
      for (const r of p.runs) {
        const k = `${r.point}/${r.run}`;
        const other = runs.get(k);
        if (other !== undefined) problems.push(`${name}: point ${r.point}, run ${r.run} is in both ${other.from.dir} and ${p.dir}`);
        else runs.set(k, { ...r, from: p });
      }
    }
    const { points, tasks } = shards[0]!;
    if (runs.size !== tasks) problems.push(`${name}: expected ${tasks} (point, run) results over the shards, got ${runs.size} (a shard interrupted or failed? finish it with run --shard … --resume)`);
    if (problems.length > 0) continue;

    jobs.push(async () => {
      // the scenario as the result files describe it: name, sweep keys, each point's parameters
      const sweepKeys = first['sweepKeys'] as string[];
      const runsHeader = parts[0]!.runsHeader;
      const pointModels: PointModel[] = [];
      for (let index = 0; index < points; index++) {
        const any = [...runs.values()].find((r) => r.point === index);
        const params = sweepKeys.map((k) => ({ path: k, value: any?.runsRow[runsHeader.indexOf(paramColumn(k))] ?? '' }));
        const spec = { seed: first['seed'], runs: first['runs'], thresholds: thresholdsOf(first, parts[0]!.dir) } as unknown as ScenarioSpec;
        pointModels.push({ index, params, spec, services: [], deployments: [], endpointSlices: [] });
      }
      const loaded: LoadedScenario = {
        file: first['file'] as string,
        name,
        hash: first['scenarioHash'] as string,
        sweepKeys,
        points: pointModels,
        warnings: [],
        resolved: first['resolved'],
      };
      const results = new report.ResultsAccumulator(loaded);
      const endpoints = new report.EndpointsAccumulator(loaded);
      const timeseries = new report.TimeseriesAccumulator(loaded);
      const traffic = new report.TrafficAccumulator(loaded);
      const programming = new report.NetworkProgrammingAccumulator(loaded);
      for (const [k, r] of [...runs.entries()].sort((a, b) => a[1].point - b[1].point || a[1].run - b[1].run)) {
        results.addStored(r.result, r.runsRow, r.histRow);
        timeseries.addRows(r.point, r.run, r.from.timeseries?.byRun.get(k) ?? []);
        endpoints.addRows(r.point, r.run, r.from.endpoints?.byRun.get(k) ?? []);
        traffic.addRows(r.point, r.run, r.from.traffic?.byRun.get(k) ?? []);
        programming.addRows(r.point, r.run, r.from.networkProgramming?.byRun.get(k) ?? []);
      }
      const meta = {
        toolVersion: first['version'] as string,
        gitCommit: (first['gitCommit'] as string | null) ?? null,
        nodeVersion: first['node'] as string,
        set: (first['set'] as string[] | undefined) ?? [],
      };
      const { dir, summary } = await results.write(out, meta, {
        extraFiles: {
          [report.ENDPOINTS_CSV]: endpoints.csv(),
          [report.TIMESERIES_CSV]: timeseries.csv(),
          [report.TRAFFIC_CSV]: traffic.csv(),
          [report.NETWORK_PROGRAMMING_CSV]: programming.chunks(),
        },
        // each shard noted the guards that fired in its own runs; the union, in point order
        notes: [...new Set(parts.flatMap((p) => (p.manifest['notes'] as string[] | undefined) ?? []))].sort(
          (a, b) => Number(/^point (\d+)/.exec(a)?.[1] ?? 0) - Number(/^point (\d+)/.exec(b)?.[1] ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
        ),
        // each shard wrote the effective spec of its own points
        effective: [
          ...new Map(
            parts
              .flatMap((p) => (p.manifest['effective'] as { point: number }[] | undefined) ?? [])
              .sort((a, b) => a.point - b.point)
              .map((e) => [e.point, e] as const),
          ).values(),
        ],
      });
      const checks = report.evaluateThresholds(loaded, summary);
      failedThresholds += checks.filter((c) => !c.ok).length;
      process.stderr.write(`${formatTable(loaded, summary, checks)}\nmerged ${parts.length} shard(s): ${dir}\n`);
    });
  }
  if (problems.length > 0) throw Object.assign(new Error(problems.join('\n')), { problems });
  for (const job of jobs) await job();
  return failedThresholds > 0 ? EXIT_THRESHOLD : EXIT_OK;
}
