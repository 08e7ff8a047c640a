import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stream, streamKey } from '../src/engine/rng.js';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';

const take = (n: number, f: () => number) => Array.from({ length: n }, f);

test('the same (seed, run, component, entity) gives the same sequence', () => {
  assert.equal(take(1000, stream(42, 3, 'arrival', 'web')), take(1000, stream(42, 3, 'arrival', 'web')));
});

test('drawing more from one component leaves every other stream identical', () => {
  // scenario A draws 10 numbers from the policy stream, scenario B 10,000: the arrival stream must not notice
  const a = { policy: stream(7, 0, 'policy', 'iptables'), arrival: stream(7, 0, 'arrival', 'web') };
  const b = { policy: stream(7, 0, 'policy', 'iptables'), arrival: stream(7, 0, 'arrival', 'web') };
  take(10, a.policy);
  take(10000, b.policy);
  assert.equal(take(1000, a.arrival), take(1000, b.arrival));
});

test('different runs, components, entities and seeds give unrelated streams', () => {
  const base = take(200, stream(1, 0, 'arrival', 'web'));
  for (const s of [stream(2, 0, 'arrival', 'web'), stream(1, 1, 'arrival', 'web'), stream(1, 0, 'demand', 'web'), stream(1, 0, 'arrival', 'web2')]) {
    const other = take(200, s);
    const same = other.filter((x, i) => x === base[i]).length;
    assert.ok(same <= 1, `streams should not coincide (${same} equal draws)`);
    // correlation of two independent uniform sequences of length 200: |r| < 4/sqrt(200) ≈ 0.28 (4 σ)
    const m1 = base.reduce((a, x) => a + x, 0) / 200;
    const m2 = other.reduce((a, x) => a + x, 0) / 200;
    let sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < 200; i++) {
      sxy += (base[i]! - m1) * (other[i]! - m2);
      sxx += (base[i]! - m1) ** 2;
      syy += (other[i]! - m2) ** 2;
    }
    assert.ok(Math.abs(sxy / Math.sqrt(sxx * syy)) < 0.28);
  }
  assert.is(streamKey(1, 2, 'arrival', 'web'), 'clusterip-sim/1/2/arrival/web');
});

test('a stream is uniform on [0, 1): chi-square over 20 bins, 100k draws', () => {
  const rng = stream(5, 0, 'test', 'uniformity');
  const bins = new Array(20).fill(0);
  for (let i = 0; i < 100000; i++) {
    const u = rng();
    assert.ok(u >= 0 && u < 1);
    bins[Math.floor(u * 20)]++;
  }
  const chi2 = chiSquare(bins);
  // 0.999 quantile of chi-square with 19 degrees of freedom is 43.82: a correct generator fails 1 time in 1000 (fixed seed: never)
  assert.ok(chi2 < CHI2_999[19]!, `chi2 = ${chi2}`);
});

test.run();
