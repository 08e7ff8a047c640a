/**
 * scripts/network-programming-percentiles: reads network-programming.csv
 * (a sweep key whose value needs quoting included) and gives each point's
 * latencies sorted, and nearest-rank percentiles of them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nearestRank, readLatencies } from '../scripts/network-programming-percentiles.js';

test('nearest rank: the value at rank ceil(q·n)', () => {
  const v = Float64Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
  assert.is(nearestRank(v, 0.5), 50);
  assert.is(nearestRank(v, 0.9), 90);
  assert.is(nearestRank(v, 0.99), 99);
  assert.is(nearestRank(Float64Array.of(7), 0.99), 7);
  assert.ok(Number.isNaN(nearestRank(new Float64Array(0), 0.5)));
});

test('latencies grouped by point, sorted, with the point’s sweep values', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'np-pct-'));
  try {
    const file = path.join(dir, 'network-programming.csv');
    const head = 'scenario,point,run,param_cluster.controlPlane.kubeProxy,change,service,endpoint,kind,node,changed_at_s,programmed_at_s,latency_s';
    const p0 = '"{""restore"":""full""}"';
    const p1 = '"{""restore"":""partial""}"';
    const rows = [
      `np,0,0,${p0},0,default/a,a-1,add,node-1,1,4,3`,
      `np,0,0,${p0},0,default/a,a-1,add,node-2,1,2,1`,
      `np,0,1,${p0},0,default/a,a-1,add,node-1,1,3,2`,
      `np,1,0,${p1},0,default/a,a-1,add,node-1,1,1.5,0.5`,
    ];
    writeFileSync(file, [head, ...rows].join('\n') + '\n');
    const points = await readLatencies(file);
    assert.is(points.length, 2);
    assert.equal([...points[0]!.latencies], [1, 2, 3]);
    assert.is(points[0]!.params, 'cluster.controlPlane.kubeProxy={"restore":"full"}');
    assert.equal([...points[1]!.latencies], [0.5]);
    assert.is(nearestRank(points[0]!.latencies, 0.5), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
