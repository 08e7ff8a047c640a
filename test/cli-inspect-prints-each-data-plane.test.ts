/**
 * `clusterip-sim inspect`: the Maglev CSV (header + M rows, names as given,
 * advice on stderr), the scenario listings, and exit 2 with a message for bad
 * flags, a bad table size or an unknown node.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cli, root, tempDir } from './helpers/cli.js';

const seed = join(root, 'scenarios', 'backend-webapp.yaml');

test('inspect maglev prints slot,backend for M slots; Cilium\'s weighted vector comes out of the CLI', () => {
  const r = cli(['inspect', 'maglev', '--backends', 'one,three,two,tzwe', '--weights', '2,13,111,10', '--size', '1021', '--hash', 'cilium']);
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.is(lines[0], 'slot,backend');
  assert.is(lines.length, 1022);
  assert.equal(lines.slice(1, 4).map((l) => l.split(',')[0]), ['0', '1', '2']);
  const counts: Record<string, number> = {};
  for (const l of lines.slice(1)) counts[l.split(',')[1]!] = (counts[l.split(',')[1]!] ?? 0) + 1;
  assert.equal(counts, { one: 16, three: 98, two: 832, tzwe: 75 });
  assert.is(r.stderr, '', 'M = 1021 > 100·4: no advice');
  const small = cli(['inspect', 'maglev', '--backends', 'one,three,two,tzwe', '--size', '251']);
  assert.is(small.status, 0);
  assert.ok(small.stderr.includes('100·N'), 'M = 251 < 100·4 is advised against');
});

test('inspect maglev --hash envoy gives Envoy\'s 7-slot table, backends named exactly as given', () => {
  const r = cli(['inspect', 'maglev', '--backends', '127.0.0.1:95,127.0.0.1:90,127.0.0.1:93,127.0.0.1:91,127.0.0.1:94,127.0.0.1:92', '--size', '7', '--hash', 'envoy']);
  assert.is(r.status, 0, r.stderr);
  assert.equal(r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(',')[1]), ['127.0.0.1:92', '127.0.0.1:94', '127.0.0.1:90', '127.0.0.1:91', '127.0.0.1:95', '127.0.0.1:90', '127.0.0.1:93']);
});

test('bad maglev input exits 2 with every problem and writes nothing', () => {
  const r = cli(['inspect', 'maglev', '--backends', 'a,a', '--size', '1000', '--hash', 'cilium', '--weights', '1']);
  assert.is(r.status, 2);
  assert.is(r.stdout, '');
  assert.ok(r.stderr.includes('--size') && r.stderr.includes('twice') && r.stderr.includes('weights'), r.stderr);
  assert.not.ok(r.stderr.includes('    at '), 'no stack trace');
  const unknown = cli(['inspect', 'maglev', '--backends', 'a', '--bogus', '1']);
  assert.is(unknown.status, 2);
  assert.ok(unknown.stderr.includes('--bogus'), unknown.stderr);
});

test('inspect <scenario> prints the iptables-restore input for node-1; --node picks the node; unknown node exits 2', () => {
  const r = cli(['inspect', seed]);
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith('*filter\n') && r.stdout.endsWith('COMMIT\n'));
  assert.is((r.stdout.match(/^:KUBE-SEP-/gm) ?? []).length, 3);
  assert.ok(r.stdout.includes('--probability 0.3333333333') && r.stdout.includes('--probability 0.5000000000'));
  const bad = cli(['inspect', seed, '--node', 'node-9']);
  assert.is(bad.status, 2);
  assert.ok(bad.stderr.includes('node-1, node-2, node-3'));
});

test('ipvs and nftables scenarios print their own notation; background Services are counted', () => {
  const dir = tempDir();
  try {
    const text = readFileSync(seed, 'utf8');
    const ipvs = join(dir, 'ipvs.yaml');
    writeFileSync(ipvs, text.replace('proxy: { mode: iptables, cost: auto }', 'proxy: { mode: ipvs }'));
    const r = cli(['inspect', ipvs, '--node', 'node-2']);
    assert.is(r.status, 0, r.stderr);
    assert.ok(r.stdout.startsWith('IP Virtual Server version 1.2.1'));
    assert.is((r.stdout.match(/^ {2}-> 10\.128\./gm) ?? []).length, 3);
    const nft = join(dir, 'nft.yaml');
    writeFileSync(nft, text.replace('proxy: { mode: iptables, cost: auto }', 'proxy: { mode: nftables }\n    background: { services: 500, endpointsPerService: 10 }'));
    const n = cli(['inspect', nft]);
    assert.is(n.status, 0, n.stderr);
    assert.ok(n.stdout.includes('numgen random mod 3 vmap'));
    assert.ok(n.stdout.includes('# 500 background Services'));
    assert.is((n.stdout.match(/^add element ip kube-proxy service-ips \{ .* goto service-\w+-background\//gm) ?? []).length, 10);
    assert.ok(n.stdout.includes('# … 490 more'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
