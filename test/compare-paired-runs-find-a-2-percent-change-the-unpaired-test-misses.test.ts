/**
 * Common random numbers pay off: two real simulator runs of the seed scenario
 * with the same seed, 10 runs each, one with a 2 % longer mean service time
 * (10 → 10.2 ms) at low load (50 requests/s over 3 pods, ρ ≈ 0.17, so the
 * latency moves by about as much). With the same seed, run i of both sides
 * plans the same arrivals and draws the same demand quantiles, so every
 * paired difference has the same sign and the Wilcoxon signed-rank test
 * over the 10 pairs gives p ≈ 0.002. The same runs compared as independent
 * sets (Mann–Whitney, what benchstat does) drown the 2 % in the ±9 %
 * run-to-run spread of 500-request runs: p ≈ 0.3. The seed is fixed, so the
 * outcome is deterministic; the assertions state the margins (p < 0.01 vs
 * p > 0.1) so that a small model change does not flip them by chance.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './helpers/cli.js';
import { readResultSet } from '../src/report/compare-input.js';
import { compareResults } from '../src/report/compare.js';

const scenario = join(root, 'scenarios', 'backend-webapp.yaml');
const common = ['--set', 'duration=10s', '--set', 'warmup=1s', '--runs', '10', '--progress', 'none', '--set', 'traffic[0].arrival.rate=50'];

test('the paired test finds a 2 % service-time change that Mann–Whitney misses at 10 runs', () => {
  const dir = tempDir();
  try {
    const a = cli(['run', scenario, '--out', join(dir, 'a'), ...common]);
    const b = cli(['run', scenario, '--out', join(dir, 'b'), ...common, '--set', 'workloads[0].serviceTime.mean=10.2ms']);
    assert.is(a.status, 0, a.stderr);
    assert.is(b.status, 0, b.stderr);
    const base = readResultSet(join(dir, 'a', 'backend-webapp'));
    const cand = readResultSet(join(dir, 'b', 'backend-webapp'));
    const paired = compareResults(base, cand, { metrics: ['latency_mean_ms'] });
    const unpaired = compareResults(base, cand, { metrics: ['latency_mean_ms'], pairing: 'never' });
    assert.ok(paired.pairs[0]!.paired, paired.pairs[0]!.pairing);
    assert.not.ok(unpaired.pairs[0]!.paired);
    const p = paired.rows[0]!;
    const u = unpaired.rows[0]!;
    assert.is(p.test, 'wilcoxon');
    assert.is(u.test, 'mann-whitney');
    assert.is(p.n, 10);
    assert.is(u.n, 10);
    // the change itself: about 2 % of the mean latency (queueing adds a little at ρ ≈ 0.17)
    assert.ok(p.deltaPct! > 1.5 && p.deltaPct! < 3.5, `paired delta ${p.deltaPct}%`);
    assert.ok(p.p! < 0.01, `paired p = ${p.p}`);
    assert.ok(p.significant && p.verdict === 'regressed', p.verdict);
    assert.ok(u.p! > 0.1, `unpaired p = ${u.p}`);
    assert.ok(!u.significant && u.verdict === 'no change', u.verdict);
    // the change is named from the manifests
    assert.ok(paired.change.some((l) => l.includes('workloads[0].serviceTime.mean=10.2ms')), paired.change.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
