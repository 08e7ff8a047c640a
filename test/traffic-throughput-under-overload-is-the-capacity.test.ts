/**
 * throughput_rps counts the successful responses that reach their clients
 * DURING the measured window (what a load generator reports), so under
 * overload it is the capacity, not the offered load; offered_rps is the
 * planned arrivals. One pod with a constant 10 ms service serves exactly
 * 100/s while busy; offered 150/s it is busy from the first second on.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun } from '../src/traffic/simulation.js';
import { runMetrics } from '../src/metrics/run-result.js';
import { oracleScenario } from './helpers/simulate.js';

const text = oracleScenario({ replicas: 1, rate: 150, serviceTime: '{ distribution: constant, mean: 10ms }', runs: 1, duration: '60s', warmup: '5s' });

test('one pod of capacity 100/s offered 150/s reports 100/s, and 150/s offered', () => {
  const loaded = loadScenarioText(text, 'overload.yaml');
  const point = loaded.points[0]!;
  const c = simulateRun(buildCluster(point), point.spec, 0);
  const m = runMetrics({ point: 0, run: 0, requests: c.requests, completed: c.completed, goodput: c.goodput, errors: { refused: c.refused, reset: c.reset, timeout: c.timeout, dropped: c.dropped, rejected: c.rejected }, measuredNs: c.measuredNs, latency: c.latency, events: c.events, wallS: 0 });
  // busy all window long: 6000 responses of 10 ms each, ±1 at the window's two ends
  assert.ok(Math.abs(m.throughput_rps! - 100) <= 2 / 60, `throughput ${m.throughput_rps}`);
  // Poisson arrivals at 150/s over 60 s: 9000 ± 95 (1 sd); 4 sd
  assert.ok(Math.abs(m.offered_rps! - 150) < (4 * Math.sqrt(9000)) / 60, `offered ${m.offered_rps}`);
  // every request still completes (no timeout): completed is the offered count, not the throughput
  assert.is(c.completed, c.requests);
  // per interval (timeseries.csv): 100 responses reach their clients in every whole second of the busy period
  for (let k = 1; k < c.series.intervals; k++) assert.ok(Math.abs(c.series.goodput[k]! - 100) <= 1, `interval ${k}: ${c.series.goodput[k]}`);
});

test('below capacity throughput equals the offered load', () => {
  const loaded = loadScenarioText(text.replace('rate: 150', 'rate: 50'), 'light.yaml');
  const point = loaded.points[0]!;
  const c = simulateRun(buildCluster(point), point.spec, 0);
  // responses lag arrivals by ~10 ms: the counts differ by at most the few requests in flight at each end
  assert.ok(Math.abs(c.goodput - c.requests) <= 5, `${c.goodput} vs ${c.requests}`);
});

test.run();
