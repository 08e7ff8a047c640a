/**
 * timeseries.csv's source: per-interval counts by planned arrival, and p50/p99
 * per interval from a 2-significant-digit HdrHistogram layout — checked
 * against hdr-histogram-js at 2 digits, and against the run's own totals
 * through the whole simulator.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as hdr from 'hdr-histogram-js';
import { IntervalSeries } from '../src/metrics/interval-series.js';
import { stream } from '../src/engine/rng.js';
import { loadScenarioText } from '../src/scenario/index.js';
import { buildCluster } from '../src/cluster/build.js';
import { simulateRun } from '../src/traffic/simulation.js';
import { oracleScenario } from './helpers/simulate.js';

test('per-interval p50 and p99 equal HdrHistogram\'s at 2 significant digits, including values past 2^32', () => {
  const rng = stream(6, 0, 'test', 'series');
  const s = new IntervalSeries(3e9, 1e9);
  const refs = [0, 1, 2].map(() => hdr.build({ bitBucketSize: 64, lowestDiscernibleValue: 1, highestTrackableValue: 2 ** 43, numberOfSignificantValueDigits: 2, useWebAssembly: false }));
  // arrivals in time order; successes recorded later and out of order, as a queue would
  const pending: [number, number][] = [];
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 5000; i++) {
      s.recordArrival(k);
      const v = Math.max(1, Math.round(Math.exp(rng() * 27))); // 1 ns … ~0.5e12 ns
      pending.push([k, v]);
      refs[k]!.recordValue(v);
    }
  }
  for (let i = pending.length - 1; i >= 0; i--) s.recordSuccess(pending[i]![0], pending[i]![1]);
  s.finish();
  for (let k = 0; k < 3; k++) {
    assert.is(s.requests[k], 5000);
    assert.is(s.completed[k], 5000);
    assert.is(s.p50[k], refs[k]!.getValueAtPercentile(50), `p50 of interval ${k}`);
    assert.is(s.p99[k], refs[k]!.getValueAtPercentile(99), `p99 of interval ${k}`);
  }
});

test('an interval closes once it can get no more arrivals and has nothing in flight; errors count without latency', () => {
  const s = new IntervalSeries(3e9, 1e9);
  s.recordArrival(0);
  s.recordArrival(0);
  s.recordSuccess(0, 1000);
  s.recordArrival(1); // interval 0 closed to arrivals, one request still in flight
  assert.ok(Number.isNaN(s.p50[0]!), 'not closed while a request is in flight');
  s.recordError(0, IntervalSeries.kindIndex('timeout'));
  assert.is(s.p50[0], 1003); // closed now: the one success (highest value of its 4 ns bucket at 2 digits)
  assert.is(s.errors[0 * 5 + 2], 1);
  s.finish();
  assert.ok(Number.isNaN(s.p50[1]!) && Number.isNaN(s.p50[2]!), 'no successes, no percentiles');
});

test('through the simulator, the measured intervals add up to the run\'s counters', () => {
  const text = oracleScenario({ replicas: 2, rate: 500, serviceTime: '{ distribution: exponential, mean: 3ms }', runs: 1, duration: '10s', warmup: '2s' });
  const p = loadScenarioText(text.replace('  traffic:', '  traffic:').replace('    - name: load\n', '    - name: load\n      timeout: 20ms\n'), 'ts.yaml').points[0]!;
  const c = simulateRun(buildCluster(p), p.spec, 0);
  const s = c.series;
  assert.is(s.intervals, 12);
  let requests = 0;
  let completed = 0;
  let timeouts = 0;
  for (let k = 2; k < 12; k++) {
    requests += s.requests[k]!;
    completed += s.completed[k]!;
    timeouts += s.errors[k * 5 + 2]!;
  }
  assert.is(requests, c.requests);
  assert.is(completed, c.completed);
  assert.is(timeouts, c.timeout);
  assert.ok(c.timeout > 0, 'the 20 ms timeout bites at ρ = 0.75');
  // every interval's p99 lies within the run's min … max latency (bucket-widened by ≤ 1 %)
  for (let k = 2; k < 12; k++) assert.ok(s.p99[k]! <= c.latency.max * 1.01 && s.p99[k]! >= c.latency.min, `p99[${k}]`);
});

test.run();
