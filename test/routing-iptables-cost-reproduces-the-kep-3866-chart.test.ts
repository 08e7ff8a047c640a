/**
 * proxy.cost: auto against the one published measurement of the data-plane
 * cost (KUBE-FACTS §3.2, the KEP-3866 chart: first-packet round trip through
 * kube-proxy iptables vs nftables at 5k / 10k / 30k Services; p50 =
 * 49 / 61 / 274 µs for iptables, 14 µs flat for nftables). The shipped sweep
 * scenarios/kep-3866-first-packet.yaml is run through the whole simulator,
 * shorter (1 run of 1 s at 20,000 requests/s from 200 nodes); the chart's
 * SHAPE must hold within 20 % — iptables p50 at 30k ÷ at 5k ≈ 5.6, iptables
 * ÷ nftables at 10k ≈ 4.4 — and nftables must stay flat within 10 %.
 * Tolerance: the p50 over 200 nodes' drawn positions is the cost at the
 * median position to within a few per cent (the positions' sample median;
 * ~20,000 requests), well inside the 20 % the shape is held to.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { loadScenarioFile } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun } from '../src/traffic/simulation.js';
import { root } from './helpers/cli.js';

test('the KEP-3866 sweep reproduces the chart: iptables grows ×5.6 from 5k to 30k, ×4.4 nftables at 10k; nftables flat', () => {
  const loaded = loadScenarioFile(join(root, 'scenarios', 'kep-3866-first-packet.yaml'), { overrides: ['duration=1s'], runs: 1 });
  const p50 = new Map<string, number>();
  for (const p of loaded.points) {
    const c = simulateRun(buildCluster(p), p.spec, 0);
    const key = p.params.map((x) => String(x.value)).join('/');
    p50.set(key, c.latency.valueAtPercentile(50) / 1000); // µs
  }
  const at = (mode: string, n: number) => p50.get(`${mode}/${n}`)!;
  const growth = at('iptables', 30000) / at('iptables', 5000);
  const ratio10k = at('iptables', 10000) / at('nftables', 10000);
  assert.ok(Math.abs(growth / 5.6 - 1) < 0.2, `iptables 30k/5k = ${growth.toFixed(2)} (chart 5.6)`);
  assert.ok(Math.abs(ratio10k / 4.4 - 1) < 0.2, `iptables/nftables at 10k = ${ratio10k.toFixed(2)} (chart 4.4)`);
  const nft = [5000, 10000, 30000].map((n) => at('nftables', n));
  assert.ok(Math.max(...nft) / Math.min(...nft) < 1.1, `nftables ${nft.join(' / ')} µs`);
  // and the absolute p50s land near the chart's (49 / 61 / 274, 14 µs): within 15 %
  for (const [mode, n, chart] of [['iptables', 5000, 49], ['iptables', 10000, 61], ['iptables', 30000, 274], ['nftables', 10000, 14]] as const) {
    assert.ok(Math.abs(at(mode, n) / chart - 1) < 0.15, `${mode} at ${n}: ${at(mode, n)} µs (chart ${chart})`);
  }
});

test.run();
