/**
 * Placement (src/cluster/placement.ts) against its definition, checked by
 * brute force: every pod goes to a node that is minimal in (pods of the
 * Deployment in the node's zone, pods of the Deployment on the node, pods on
 * the node), never over 110 pods; ties are broken uniformly at random.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Placement, MAX_PODS_PER_NODE } from '../src/cluster/placement.js';
import { stream } from '../src/engine/rng.js';
import { CHI2_999, chiSquare } from './helpers/chi-square.js';

test('every pick is a lexicographic minimum, across random clusters and Deployments', () => {
  const gen = stream(1, 0, 'test', 'placement-cases');
  for (let c = 0; c < 60; c++) {
    const nodes = 1 + Math.floor(gen() * 40);
    const zones = 1 + Math.floor(gen() * Math.min(nodes, 5));
    const zoneOf = Int32Array.from({ length: nodes }, () => Math.floor(gen() * zones));
    const p = new Placement(zoneOf, zones);
    const deployments = 1 + Math.floor(gen() * 6);
    for (let d = 0; d < deployments; d++) {
      const room = p.capacity;
      const replicas = Math.min(room, Math.floor(gen() * (gen() < 0.2 ? 600 : 60)));
      const before = Int32Array.from(p.onNode);
      const chosen = p.place(replicas, stream(1, c, 'test', d));
      // replay the picks and check each against a brute-force minimum
      const on = Int32Array.from(before);
      const mine = new Int32Array(nodes);
      const mineZone = new Int32Array(zones);
      for (const n of chosen) {
        let best: [number, number, number] | null = null;
        for (let m = 0; m < nodes; m++) {
          if (on[m]! >= MAX_PODS_PER_NODE) continue;
          const key: [number, number, number] = [mineZone[zoneOf[m]!]!, mine[m]!, on[m]!];
          if (best === null || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) best = key;
        }
        assert.ok(on[n]! < MAX_PODS_PER_NODE, 'room on the node');
        assert.equal([mineZone[zoneOf[n]!], mine[n], on[n]], best, `case ${c}, deployment ${d}`);
        on[n]!++;
        mine[n]!++;
        mineZone[zoneOf[n]!]!++;
      }
      assert.equal(Array.from(p.onNode), Array.from(on));
    }
  }
});

test('ties are broken uniformly: the first pod of a Deployment over 5 empty nodes lands on each about equally', () => {
  // 5,000 independent placements; chi-square over 5 nodes, 0.999 quantile with 4 df = 18.47
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < 5000; i++) {
    const p = new Placement(new Int32Array(5), 1);
    counts[p.place(1, stream(2, i, 'test', 'ties'))[0]!]!++;
  }
  const chi2 = chiSquare(counts);
  assert.ok(chi2 < CHI2_999[4]!, `counts ${counts}, chi2 ${chi2}`);
});

test('a full cluster refuses more pods', () => {
  const p = new Placement(new Int32Array(2), 1);
  p.place(2 * MAX_PODS_PER_NODE, stream(3, 0, 'test', 'full'));
  assert.is(p.capacity, 0);
  assert.throws(() => p.place(1, stream(3, 1, 'test', 'full')), /no node has room/);
});

test.run();
