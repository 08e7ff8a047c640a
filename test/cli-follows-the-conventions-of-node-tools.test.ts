/**
 * The CLI behaves like the Node tools users know: `--help` and `<command>
 * --help` print usage on stdout and exit 0; `--debug` is accepted by every
 * command and alone makes an internal error print its stack; every flag
 * DESIGN.md lists is recognised, and one whose feature is not built says so
 * (exit 2, not "unknown option"); `validate` takes `--set`; the summary
 * table shows error counts as counts and p99's interval; manifest.json
 * holds the --set values and the spec with every default filled in; two
 * files with one scenario name are reported at the second name.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';

const SEED = join(root, 'scenarios', 'backend-webapp.yaml');

test('--help and <command> --help print usage on stdout and exit 0', () => {
  for (const args of [['--help'], ['help', 'run'], ['validate', '-h'], ['compare', '--help'], ['run', 'x.yaml', '--bogus', '--help']]) {
    const r = cli(args);
    assert.is(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /^usage: |^usage:\n/, args.join(' '));
    assert.is(r.stderr, '', args.join(' '));
  }
  assert.match(cli(['run', '--help']).stdout, /--strict/);
  assert.match(cli(['validate', '--help']).stdout, /clusterip-sim validate <file\|dir>\.\.\. \[--set path=value\]\.\.\. \[--strict\]/);
  const none = cli([]);
  assert.is(none.status, 2);
  assert.match(none.stderr, /^usage:/);
});

test('--debug is accepted by every command', () => {
  assert.is(cli(['validate', SEED, '--debug']).status, 0);
  assert.is(cli(['expose', 'deployment', 'backend-webapp', '--port', '80', '-f', SEED, '--debug']).status, 0);
  assert.is(cli(['--version', '--debug']).status, 0);
  assert.is(cli(['inspect', SEED, '--debug']).status, 0);
  const m = cli(['merge', 'no-such-dir', '--out', 'b', '--debug']);
  assert.is(m.status, 2, m.stderr);
  assert.not.match(m.stderr, /\n\s+at /, 'bad input is not a bug: no stack even with --debug');
});

test('an internal error prints its stack only with --debug', () => {
  const script = (debug: boolean) => `
    const m = await import(${JSON.stringify(join(root, 'dist', 'src', 'cli', 'main.js'))});
    await m.main(['--version'${debug ? ", '--debug'" : ''}]);
    process.exitCode = m.reportFailure(new TypeError('boom'));`;
  const run = (debug: boolean) => spawnSync(process.execPath, ['--input-type=module', '-e', script(debug)], { encoding: 'utf8' });
  const quiet = run(false);
  assert.is(quiet.status, 70);
  assert.match(quiet.stderr, /internal error \(please report; --debug prints the stack trace\): boom/);
  assert.not.match(quiet.stderr, /\n\s+at /);
  const loud = run(true);
  assert.is(loud.status, 70);
  assert.match(loud.stderr, /TypeError: boom\n\s+at /);
});

test('every flag DESIGN.md lists is recognised: a bad value is refused by name, never as an unknown option', () => {
  for (const [args, message] of [
    [['run', SEED, '--shard', '0/2'], /--shard: expected i\/N/],
    [['run', SEED, '--save-baseline', '../x'], /baseline/],
    [['run', SEED, '--workers', 'many'], /--workers: expected an integer/],
    [['run', SEED, '--progress', 'fancy'], /--progress: expected one of/],
    [['compare', '--baseline', 'no-such-baseline', 'b', '--noise', '2%', '--max-regression', 'latency_p99_ms=5%', '--format', 'markdown'], /b: expected a result directory/],
    [['compare', 'a', 'b', '--format', 'html'], /--format: expected one of text, markdown, csv/],
    [['inspect', 'maglev', '--backends', 'a,b', '--weights', '1', '--size', '7', '--hash', 'envoy'], /weights/],
    // a size of 0 or 1 is refused like any other (it used to reach the table build: an internal error)
    [['inspect', 'maglev', '--backends', 'a,b', '--size', '0', '--hash', 'envoy'], /--size: expected an integer table size ≥ 2, got 0/],
    [['inspect', 'maglev', '--backends', 'a,b', '--size', '1', '--hash', 'ipvs'], /--size: expected an integer table size ≥ 2, got 1/],
  ] as const) {
    const r = cli([...args]);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, r.stderr);
    assert.not.match(r.stderr, /Unknown option/, r.stderr);
  }
});

test('validate applies --set (here: a rate that overloads the pods)', () => {
  const r = cli(['validate', SEED, '--set', 'traffic[0].arrival.rate=600']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /ρ = 2\.00 \(200 %\)/);
  assert.is(cli(['validate', SEED, '--set', 'traffic[0].arrival.rate=600', '--strict']).status, 2);
  assert.is(cli(['validate', SEED, '--set', 'nope=1']).status, 2);
});

test('the summary table shows errors as a count, the error %, and p99 with its interval', () => {
  const dir = tempDir();
  const zero = join(dir, 'zero.yaml');
  writeFileSync(zero, readFileSync(SEED, 'utf8').replace('replicas: 3', 'replicas: 0'));
  const r = cli(['run', zero, '--out', dir, '--runs', '2', '--set', 'duration=1s', '--set', 'warmup=0', '--progress', 'none']);
  assert.is(r.status, 1, r.stderr); // the thresholds fail
  const lines = r.stderr.split('\n');
  const head = lines.findIndex((l) => l.startsWith('point'));
  assert.match(lines[head]!, /^point\s+runs\s+requests\s+errors\s+err %\s+rps\s+p50 ms\s+p99 ms\s+p99 95% CI\s+max ms$/);
  const cells = lines[head + 1]!.trim().split(/\s+/);
  const summary = readFileSync(join(dir, 'backend-webapp', 'summary.csv'), 'utf8').split('\n');
  const cols = summary[0]!.split(',');
  const row = summary[1]!.split(',');
  assert.is(cells[2], row[cols.indexOf('requests')]);
  assert.is(cells[3], row[cols.indexOf('errors')], 'errors is the count, not the rate');
  assert.ok(Number(cells[3]) > 100, cells.join(' '));
  assert.is(cells[4], '100.0');

  const ok = cli(['run', SEED, '--out', dir, '--runs', '6', '--set', 'duration=2s', '--progress', 'none']);
  const row2 = ok.stderr.split('\n').find((l) => l.startsWith('0 '))!;
  const s2 = readFileSync(join(dir, 'backend-webapp', 'summary.csv'), 'utf8').split('\n');
  const c2 = s2[0]!.split(',');
  const v2 = s2[1]!.split(',');
  const lo = Number(v2[c2.indexOf('latency_p99_ms_ci_lo')]);
  const hi = Number(v2[c2.indexOf('latency_p99_ms_ci_hi')]);
  assert.ok(lo < hi);
  const fmt = (v: number) => (v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toPrecision(3));
  assert.ok(row2.includes(`${fmt(lo)} – ${fmt(hi)}`), `${row2} / ${lo} ${hi}`);
});

test('manifest.json holds the --set values and every point spec with defaults filled in', () => {
  const dir = tempDir();
  const r = cli(['run', SEED, '--out', dir, '--runs', '1', '--set', 'duration=1s', '--set', 'cluster.proxy.mode=ipvs', '--progress', 'none']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const m = JSON.parse(readFileSync(join(dir, 'backend-webapp', 'manifest.json'), 'utf8')) as {
    set: string[];
    effective: { point: number; spec: { duration: number; cluster: { proxy: { mode: string; scheduler: string } }; metricsInterval: number; traffic: { connection: { requestsPerConnection: number } }[] } }[];
  };
  assert.equal(m.set, ['duration=1s', 'cluster.proxy.mode=ipvs']);
  const spec = m.effective[0]!.spec;
  assert.is(spec.duration, 1e9);
  assert.is(spec.cluster.proxy.mode, 'ipvs');
  assert.is(spec.cluster.proxy.scheduler, 'rr'); // a default the file does not write
  assert.is(spec.metricsInterval, 1e9);
  assert.is(spec.traffic[0]!.connection.requestsPerConnection, 1);
  assert.not.match(readFileSync(join(dir, 'backend-webapp', 'manifest.json'), 'utf8'), /"pos"/);
});

test('two files with the same scenario name: reported at the second metadata.name', () => {
  const dir = tempDir();
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  writeFileSync(a, readFileSync(SEED, 'utf8'));
  writeFileSync(b, readFileSync(SEED, 'utf8'));
  const r = cli(['validate', a, b]);
  assert.is(r.status, 2);
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const scenarioLine = lines.findIndex((l, i) => i > lines.indexOf('kind: Scenario') && l === '  name: backend-webapp') + 1;
  assert.ok(scenarioLine > 0);
  assert.match(r.stderr, new RegExp(`b\\.yaml:${scenarioLine}:9: metadata\\.name: expected a scenario name not used by another file, got "backend-webapp" \\(also the name in .*a\\.yaml`));
});

test.run();
