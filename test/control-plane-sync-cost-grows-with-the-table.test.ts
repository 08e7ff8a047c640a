/**
 * kube-proxy's sync cost (`syncCost: auto`, src/cluster/control-plane/sync-cost.ts):
 * the floors; a partial iptables restore pays for the lines it writes and for
 * the whole table the kernel swaps; a full restore for everything; the
 * incremental modes for the changed endpoints only. And the calibrated sizes
 * at the SIG-scalability load test's 5,000-node cluster (README "Control
 * plane"): a full restore several times a partial one, both within the
 * ranges the KEP-3453 fit needs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { autoSyncCostNs, iptablesLines, IPTABLES_FLOOR_NS, INCREMENTAL_FLOOR_NS, type SyncSize } from '../src/cluster/control-plane/sync-cost.js';

const size = (over: Partial<SyncSize>): SyncSize => ({ servicePorts: 0, endpoints: 0, changedPorts: 0, changedEndpoints: 0, full: false, ...over });

test('an empty table costs the floors: 20 ms for iptables-restore, 5 ms for the incremental modes', () => {
  assert.is(autoSyncCostNs('iptables', size({})), IPTABLES_FLOOR_NS);
  assert.is(IPTABLES_FLOOR_NS, 20_000_000);
  for (const mode of ['nftables', 'ipvs', 'ebpf'] as const) assert.is(autoSyncCostNs(mode, size({})), INCREMENTAL_FLOOR_NS);
  assert.is(INCREMENTAL_FLOOR_NS, 5_000_000);
});

test('iptables partial restore: grows with the whole table even when the same Service changes', () => {
  const change = { changedPorts: 1, changedEndpoints: 10 };
  const small = autoSyncCostNs('iptables', size({ servicePorts: 100, endpoints: 1_000, ...change }));
  const big = autoSyncCostNs('iptables', size({ servicePorts: 100, endpoints: 100_000, ...change }));
  assert.ok(big > small, `${big} > ${small}`);
  // and with the changed chains, at a fixed table
  const more = autoSyncCostNs('iptables', size({ servicePorts: 100, endpoints: 100_000, changedPorts: 10, changedEndpoints: 1_000 }));
  assert.ok(more > big, `${more} > ${big}`);
});

test('iptables full restore costs more than any partial one of the same table, and does not depend on what changed', () => {
  const t = { servicePorts: 8_252, endpoints: 82_402 };
  const full = autoSyncCostNs('iptables', size({ ...t, full: true }));
  assert.is(autoSyncCostNs('iptables', size({ ...t, full: true, changedPorts: 50, changedEndpoints: 5_000 })), full);
  const partialAll = autoSyncCostNs('iptables', size({ ...t, changedPorts: t.servicePorts, changedEndpoints: t.endpoints }));
  assert.ok(full <= partialAll, 'a partial restore that rewrites every chain costs at least the full one');
  assert.ok(full > autoSyncCostNs('iptables', size({ ...t, changedPorts: 50, changedEndpoints: 5_000 })));
});

test('nftables/IPVS/eBPF: the changed endpoints only; a full sync all of them; the table size alone costs nothing', () => {
  const a = autoSyncCostNs('nftables', size({ servicePorts: 10, endpoints: 100, changedPorts: 1, changedEndpoints: 5 }));
  const b = autoSyncCostNs('nftables', size({ servicePorts: 10_000, endpoints: 100_000, changedPorts: 1, changedEndpoints: 5 }));
  assert.is(a, b);
  assert.ok(autoSyncCostNs('nftables', size({ servicePorts: 10_000, endpoints: 100_000, full: true })) > b);
});

test('the load test at 5,000 nodes (8,250 Services, ~82k endpoints): full restore 15–25 s, partial 2–4 s', () => {
  const t = { servicePorts: 8_252, endpoints: 82_402 };
  assert.is(iptablesLines(t.servicePorts, t.endpoints), 8_252 * 2 + 82_402 * 4);
  const full = autoSyncCostNs('iptables', size({ ...t, full: true })) / 1e9;
  const partial = autoSyncCostNs('iptables', size({ ...t, changedPorts: 1, changedEndpoints: 25 })) / 1e9;
  assert.ok(full > 15 && full < 25, `full ${full} s`);
  assert.ok(partial > 2 && partial < 4, `partial ${partial} s`);
});

test.run();
