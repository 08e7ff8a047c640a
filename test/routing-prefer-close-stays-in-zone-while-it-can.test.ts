/**
 * trafficDistribution: PreferClose (KEP-4444; KUBE-FACTS §7): the
 * EndpointSlice controller hints each endpoint for its own zone, and
 * kube-proxy on a node uses the endpoints hinted for its zone — or all of
 * them when its zone has none.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from './helpers/scenario.js';

const zoneOf = (cluster: { nodeZones: readonly string[]; podNode: Int32Array; servicePorts: readonly { endpoints: Int32Array; endpointBase: number }[] }, e: number) => {
  const sp = cluster.servicePorts[0]!;
  return cluster.nodeZones[cluster.podNode[sp.endpoints[e - sp.endpointBase]!]!]!;
};

test('clients in a zone with endpoints reach only that zone', () => {
  const { c, cluster } = simulate({ replicas: 6, nodes: '4', zones: '[a, b]', rate: 200, service: '  trafficDistribution: PreferClose', from: '{ zone: a }' });
  let inA = 0;
  let total = 0;
  c.epRequests.forEach((n, e) => {
    total += n;
    if (zoneOf(cluster, e) === 'a') inA += n;
  });
  assert.ok(total > 3500, `requests ${total}`);
  assert.is(inA, total);
});

test('without PreferClose the same clients spread over both zones', () => {
  const { c, cluster } = simulate({ replicas: 6, nodes: '4', zones: '[a, b]', rate: 200, from: '{ zone: a }' });
  let inB = 0;
  c.epRequests.forEach((n, e) => {
    if (zoneOf(cluster, e) === 'b') inB += n;
  });
  // half the endpoints are in zone b: ~half the requests (binomial, n ≈ 4000: ±4σ ≈ ±130)
  assert.ok(inB > c.requests / 2 - 200 && inB < c.requests / 2 + 200, `zone b got ${inB} of ${c.requests}`);
});

test('a zone with no endpoint falls back to all of them', () => {
  // 1 replica on 2 nodes in zones a, b: the pod is in one zone; clients of the other still get it
  const { c } = simulate({ replicas: 1, nodes: '2', zones: '[a, b]', rate: 100, service: '  trafficDistribution: PreferSameZone' });
  assert.is(c.refused, 0);
  assert.is(c.completed, c.requests);
});

test.run();
