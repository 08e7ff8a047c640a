/**
 * L4 modes balance connections, not requests: conntrack pins a connection to
 * the endpoint its first packet was DNATed to. So keep-alive and persistent
 * connections carry every request to one pod — the gRPC imbalance — while a
 * mesh sidecar balances each request.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate, used } from './helpers/scenario.js';

test('a persistent connection per client sends all of its requests to one endpoint (iptables)', () => {
  const { c } = simulate({ replicas: 12, nodes: '2', clients: 2, rate: 200, connection: '{ persistent: true }' });
  assert.ok(c.requests > 3500, `requests ${c.requests}`);
  // 4 clients (2 per node) → at most 4 of the 12 pods ever see a request
  assert.ok(used(c) <= 4, `endpoints used: ${used(c)}`);
  assert.is(c.completed, c.requests);
});

test('one connection per request spreads the same load over every endpoint', () => {
  const { c } = simulate({ replicas: 12, nodes: '2', clients: 2, rate: 200 });
  assert.is(used(c), 12);
});

test('keep-alive reuses a connection for requestsPerConnection requests, then opens a new one', () => {
  // 1 µs requests 200 ms apart on average: never two in flight, so one connection at a time
  const pinned = simulate({ replicas: 20, rate: 5, serviceTime: '{ distribution: constant, mean: 1us }', connection: '{ requestsPerConnection: 1000000 }', duration: '60s' }).c;
  assert.is(used(pinned), 1, 'a connection never used up goes to one endpoint');
  const fresh = simulate({ replicas: 20, rate: 5, serviceTime: '{ distribution: constant, mean: 1us }', connection: '{ requestsPerConnection: 50 }', duration: '60s' }).c;
  // ~300 requests in 6 connections of 50: at most 6 endpoints, and (20 pods, random picks) more than one
  assert.ok(used(fresh) > 1 && used(fresh) <= Math.ceil(fresh.requests / 50), `endpoints used ${used(fresh)} for ${fresh.requests} requests`);
});

test('a connection lifetime closes it at its first idle moment past that age', () => {
  const { c } = simulate({ replicas: 40, rate: 20, serviceTime: '{ distribution: constant, mean: 1ms }', connection: '{ requestsPerConnection: 1000000, lifetime: 5s }', duration: '30s' });
  // 30 s in connections of ~5 s: 6–7 connections, so 2..7 endpoints of 40
  assert.ok(used(c) >= 2 && used(c) <= 7, `endpoints used ${used(c)}`);
});

test('keep-alive clients with several requests in flight open more connections', () => {
  // 1 client, 10 requests/s of 1 s each: ~10 in flight, each on its own connection
  const { c } = simulate({ replicas: 50, rate: 10, concurrency: 100, serviceTime: '{ distribution: constant, mean: 1s }', connection: '{ requestsPerConnection: 1000000 }', duration: '30s' });
  assert.ok(used(c) >= 8 && used(c) <= 30, `endpoints used ${used(c)}`);
});

test('the mesh balances every request even on a persistent connection', () => {
  const { c } = simulate({ replicas: 12, nodes: '2', clients: 2, rate: 200, mode: 'mesh', connection: '{ persistent: true }' });
  assert.is(used(c), 12);
});

test.run();
