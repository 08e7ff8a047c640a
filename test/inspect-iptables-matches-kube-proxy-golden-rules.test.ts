/**
 * `inspect` in iptables mode writes what kube-proxy writes: checked line by
 * line against an excerpt of kube-proxy's own golden output
 * (kubernetes/kubernetes: pkg/proxy/iptables/proxier_test.go,
 * TestOverallIPTablesRules) — the ClusterIP parts of svc1, svc4, svc5 and svc6,
 * copied verbatim — and for internalTrafficPolicy Local against the rules of
 * the same proxier for a node with and without local endpoints.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatIptables } from '../src/routing/inspect/iptables.js';
import { goldenView, ep, svc } from './helpers/inspect-views.js';

const GOLDEN_FILTER = `*filter
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT`;

// The nat lines of the golden output that concern ClusterIP traffic of svc1, svc4, svc5 (in the golden's order).
const GOLDEN_NAT = `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ
-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80
-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
COMMIT`.split('\n');

// The golden's nat chain declarations for those chains, in its order.
const GOLDEN_DECLS = [
  ':KUBE-NODEPORTS - [0:0]',
  ':KUBE-SERVICES - [0:0]',
  ':KUBE-MARK-MASQ - [0:0]',
  ':KUBE-POSTROUTING - [0:0]',
  ':KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]',
  ':KUBE-SEP-I77PXRDZVX7PMWMN - [0:0]',
  ':KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]',
  ':KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]',
  ':KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]',
  ':KUBE-SVC-NUKIZ6OKUXPJNT4C - [0:0]',
  ':KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]',
];

test('the filter table is the golden one, with svc6\'s REJECT for having no endpoints', () => {
  const out = formatIptables(goldenView());
  assert.is(out.slice(0, out.indexOf('COMMIT') + 'COMMIT'.length), GOLDEN_FILTER);
});

test('the nat table is the golden one for ClusterIP traffic: chain names, probabilities, affinity, hairpin, DNAT', () => {
  const out = formatIptables(goldenView());
  const nat = out.slice(out.indexOf('*nat\n') + 5).trimEnd().split('\n');
  assert.equal(nat.filter((l) => l.startsWith(':')), GOLDEN_DECLS);
  assert.equal(nat.filter((l) => !l.startsWith(':')), GOLDEN_NAT);
});

test('internalTrafficPolicy Local: a KUBE-SVL chain of the local endpoints only; DROP when this node has none', () => {
  const eps = [ep('10.180.0.1', 80, 'node1', true), ep('10.180.2.1', 80, 'node2', false)];
  const local = svc('ns1', 'svc1', '172.30.0.41', eps, { internalTrafficPolicy: 'Local' });
  const out = formatIptables({ ...goldenView(), servicePorts: [local] });
  assert.ok(out.includes('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVL-'), out);
  assert.ok(out.includes('"ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-'));
  assert.not.ok(out.includes('10.180.2.1'), 'the remote endpoint is not programmed');
  assert.not.ok(out.includes('KUBE-SVC-'), 'no cluster-policy chain');
  const none = svc('ns1', 'svc1', '172.30.0.41', [ep('10.180.2.1', 80)], { internalTrafficPolicy: 'Local' });
  const out2 = formatIptables({ ...goldenView(), servicePorts: [none] });
  assert.ok(out2.includes('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j DROP'));
  assert.not.ok(out2.includes('KUBE-SVL-'));
});

test('chains of N endpoints carry kube-proxy\'s probabilities 1/N, 1/(N−1), …, the last unconditional', () => {
  const eps = Array.from({ length: 4 }, (_, i) => ep(`10.180.0.${i + 1}`, 80));
  const out = formatIptables({ ...goldenView(), servicePorts: [svc('ns1', 'svc1', '172.30.0.41', eps)] });
  const probs = out.split('\n').filter((l) => l.includes(' -> ')).map((l) => /--probability (\S+)/.exec(l)?.[1] ?? 'none');
  assert.equal(probs, ['0.2500000000', '0.3333333333', '0.5000000000', 'none']);
});

test.run();
