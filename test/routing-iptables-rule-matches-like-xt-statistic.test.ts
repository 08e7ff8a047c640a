import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Rng } from '../src/engine/rng.js';
import { IptablesPolicy, kernelThreshold } from '../src/routing/policies/iptables.js';

/** A stream whose int32() returns the given values in turn (then throws: the test drew too many). */
function scripted(values: number[]): Rng & { drawn: number } {
  let i = 0;
  const rng = (() => {
    throw new Error('rng() not expected; the kernel draws 32-bit integers');
  }) as unknown as Rng & { drawn: number };
  rng.int32 = () => {
    const v = values[i++];
    if (v === undefined) throw new Error('drew more numbers than rules evaluated');
    rng.drawn = i;
    return v | 0;
  };
  rng.drawn = 0;
  return rng;
}

const ids = new Int32Array(16);

test('rule i matches when (u32 & 0x7FFFFFFF) < threshold(N − i), one draw per rule, last rule unconditional', () => {
  const t3 = kernelThreshold(3);
  const t2 = kernelThreshold(2);
  // Just below the first threshold: endpoint 0, one draw.
  let rng = scripted([t3 - 1]);
  assert.is(new IptablesPolicy(rng).pick(0, 0, ids, 0, 3), 0);
  assert.is(rng.drawn, 1);
  // Equal to it: no match (strict <); then below 0.5's threshold: endpoint 1.
  rng = scripted([t3, t2 - 1]);
  assert.is(new IptablesPolicy(rng).pick(0, 0, ids, 0, 3), 1);
  assert.is(rng.drawn, 2);
  // The top bit is masked off: 0x80000000 | (t3 − 1) still matches rule 0.
  rng = scripted([0x80000000 | (t3 - 1)]);
  assert.is(new IptablesPolicy(rng).pick(0, 0, ids, 0, 3), 0);
  // Both statistic rules miss: the last rule takes it without a draw.
  rng = scripted([0x7fffffff, t2]);
  assert.is(new IptablesPolicy(rng).pick(0, 0, ids, 0, 3), 2);
  assert.is(rng.drawn, 2);
});

test('one endpoint needs no draw and no endpoints give -1', () => {
  const rng = scripted([]);
  const p = new IptablesPolicy(rng);
  assert.is(p.pick(0, 0, ids, 0, 1), 0);
  assert.is(p.pick(0, 0, ids, 0, 0), -1);
  assert.is(rng.drawn, 0);
});

test('a chain of 5,000 endpoints walks the shared threshold table without recomputing', () => {
  // Every draw misses until rule 4,998 (k = 2): then 0 < threshold(2).
  const values = new Array<number>(4999).fill(0x7fffffff);
  values[4998] = 0;
  const rng = scripted(values);
  const p = new IptablesPolicy(rng);
  assert.is(p.pick(0, 0, ids, 0, 5000), 4998);
  assert.is(rng.drawn, 4999);
});

test.run();
