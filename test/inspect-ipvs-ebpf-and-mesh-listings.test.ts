/**
 * `inspect` for IPVS, eBPF and mesh: `ipvsadm -Ln` in ipvsadm's printf layout
 * (ipvsadm.c: "%s  %s" service, "  -> %-28s %-7s %-6d %-10u %-10u" destinations,
 * both sorted by address), `cilium-dbg service list` columns (Go tabwriter,
 * min width 5, padding 3) with the Maglev table's entry counts, and Envoy's
 * /clusters host lines.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatIpvs } from '../src/routing/inspect/ipvs.js';
import { formatEbpf } from '../src/routing/inspect/ebpf.js';
import { formatMesh } from '../src/routing/inspect/mesh.js';
import { maglevCounts, maglevTable } from '../src/routing/maglev.js';
import { goldenView, ep, svc } from './helpers/inspect-views.js';

test('ipvsadm -Ln: header, services by address, real servers by address with ipvsadm\'s column widths', () => {
  const out = formatIpvs(goldenView(), 'rr').split('\n');
  assert.equal(out.slice(0, 3), [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ]);
  const services = out.filter((l) => l.startsWith('TCP'));
  assert.equal(services, ['TCP  172.30.0.41:80 rr', 'TCP  172.30.0.44:80 rr', 'TCP  172.30.0.45:80 rr persistent 10800', 'TCP  172.30.0.46:80 rr']);
  const i = out.indexOf('TCP  172.30.0.44:80 rr');
  assert.is(out[i + 1], '  -> 10.180.0.4:80                Masq    1      0          0         ');
  assert.is(out[i + 2], '  -> 10.180.0.5:80                Masq    1      0          0         ');
  assert.ok(formatIpvs(goldenView(), 'mh').includes('TCP  172.30.0.41:80 mh (mh-port)\n'));
});

test('ipvs under internalTrafficPolicy Local lists only this node\'s real servers', () => {
  const s = svc('ns1', 'svc1', '172.30.0.41', [ep('10.180.0.9', 80, 'node1', true), ep('10.180.0.2', 80)], { internalTrafficPolicy: 'Local' });
  const out = formatIpvs({ ...goldenView(), servicePorts: [s] }, 'lc');
  assert.ok(out.includes('10.180.0.9:80'));
  assert.not.ok(out.includes('10.180.0.2:80'));
});

test('cilium-dbg service list: tabwriter columns and one line per backend', () => {
  const out = formatEbpf(goldenView(), { algorithm: 'random', maglevTableSize: 16381 }).split('\n');
  assert.is(out[0], 'ID   Frontend' + ' '.repeat(13) + 'Service Type   Backend'); // 18-char frontends + padding 3
  assert.is(out[1], '1    172.30.0.41:80/TCP   ClusterIP      1 => 10.180.0.1:80/TCP (active)');
  assert.is(out[2], '2    172.30.0.44:80/TCP   ClusterIP      1 => 10.180.0.4:80/TCP (active)');
  assert.is(out[3], ' '.repeat(5 + 21 + 15) + '2 => 10.180.0.5:80/TCP (active)');
});

test('with algorithm maglev each backend\'s entry count is its share of Cilium\'s table, summing to M', () => {
  const eps = Array.from({ length: 5 }, (_, i) => ep(`10.180.0.${i + 1}`, 8080));
  const view = { ...goldenView(), servicePorts: [svc('ns1', 'svc1', '172.30.0.41', eps)] };
  const out = formatEbpf(view, { algorithm: 'maglev', maglevTableSize: 1021 });
  const rows = out.split('\n').filter((l) => /10\.180\.0\.\d:8080\s+\d+$/.test(l));
  const counts = rows.map((l) => Number(l.trim().split(/\s+/).pop()));
  const keys = eps.map((e) => `10.180.0.${e.ip & 255}:8080`);
  assert.equal(counts, Array.from(maglevCounts(maglevTable(keys, null, 1021, 'cilium'), 5)));
  assert.is(counts.reduce((a, b) => a + b, 0), 1021);
});

test('Envoy /clusters: per host the stats in name order, then health, weight, zone; algorithm noted', () => {
  const out = formatMesh(goldenView(), 'least-request').split('\n');
  const c = 'outbound|80||svc4.ns4.svc.cluster.local';
  assert.ok(out.includes(`# ${c}: lb_policy LEAST_REQUEST (power of two choices: choice_count 2, with replacement)`));
  const host = out.filter((l) => l.startsWith(`${c}::10.180.0.4:80::`)).map((l) => l.split('::')[2]);
  assert.equal(host, ['cx_active', 'cx_connect_fail', 'cx_total', 'rq_active', 'rq_error', 'rq_success', 'rq_timeout', 'rq_total',
    'hostname', 'health_flags', 'weight', 'region', 'zone', 'sub_zone', 'canary', 'priority', 'success_rate', 'local_origin_success_rate']);
  assert.ok(out.includes(`${c}::10.180.0.4:80::zone::a`));
});

test.run();
