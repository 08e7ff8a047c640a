/**
 * eBPF: Cilium's socket LB picks uniformly per connect (bpf_sock.c:
 * get_prandom_u32() % count); Cilium Maglev maps a flow's (saddr, sport,
 * dport, proto) hash to one backend of a table built over the backends'
 * Cilium names "[ip:port/TCP,State:active]".
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIPv4 } from '../src/routing/ipv4.js';
import { ciliumMaglevSlot, maglevTable } from '../src/routing/maglev.js';
import { ciliumBackendName } from '../src/routing/policies/ebpf-maglev.js';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';
import { harness, pickId } from './helpers/policies.js';

test('random: 100,000 connects over 10 backends are uniform (chi-square, 9 df, 0.999 quantile 27.88)', () => {
  const h = harness('ebpf/random', { endpoints: 10 });
  const ids = Int32Array.from({ length: 10 }, (_, i) => i);
  const counts = new Array<number>(10).fill(0);
  for (let k = 0; k < 100000; k++) counts[pickId(h, 0, ids)]!++;
  const chi2 = chiSquare(counts);
  assert.ok(chi2 < CHI2_999[9]!, `${counts} chi2 ${chi2}`);
});

test('maglev: the Cilium backend name, and picks equal the table at the flow’s jhash slot', () => {
  assert.is(ciliumBackendName(parseIPv4('10.244.1.5')!, 8080), '[10.244.1.5:8080/TCP,State:active]');
  const h = harness('ebpf/maglev', { endpoints: 6, options: { maglevTableSize: 1021 } });
  const ids = Int32Array.from([5, 3, 1, 0, 2, 4]); // any order: Cilium sorts by name itself
  h.policy.onEndpoints!(0, 0, ids, 0, ids.length);
  const names = Array.from(ids, (id) => ciliumBackendName(0x0a000001 + id, 80));
  const table = maglevTable(names, null, 1021, 'cilium');
  h.flow.dport = 80;
  const seen = new Set<number>();
  for (let c = 0; c < 300; c++) {
    h.flow.saddr = (0x0af40100 + c) | 0;
    h.flow.sport = 33000 + 3 * c;
    const got = pickId(h, 0, ids);
    assert.is(got, ids[table[ciliumMaglevSlot(h.flow.saddr >>> 0, h.flow.sport, 80, 6, 1021)]!]);
    assert.is(pickId(h, 0, ids), got, 'same flow, same backend');
    seen.add(got);
  }
  assert.is(seen.size, 6);
});

test('maglev: Cilium’s default backend weight (100 each) builds the same table as no weights', () => {
  // weightsUsed = weightSum/N > 1 is true at 100, but equal weights never skip a turn
  const names = Array.from({ length: 7 }, (_, i) => ciliumBackendName(0x0af40101 + 3 * i, 8080));
  for (const M of [251, 1021, 16381]) {
    assert.equal(Array.from(maglevTable(names, names.map(() => 100), M, 'cilium')), Array.from(maglevTable(names, null, M, 'cilium')), `M = ${M}`);
  }
});

test('maglev rejects a table size Cilium does not allow', () => {
  assert.throws(() => harness('ebpf/maglev', { options: { maglevTableSize: 1000 } }), /maglevTableSize/);
});

test.run();
