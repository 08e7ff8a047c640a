/** u32Mod (policies/u32.ts) equals the u32 remainder computed with BigInt, for any bit pattern and count. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stream } from '../src/engine/rng.js';
import { u32Mod } from '../src/routing/policies/u32.js';

test('u32Mod(x, n) = (x mod 2^32) mod n for random and edge bit patterns', () => {
  const r = stream(1, 0, 'test', 'u32');
  const xs = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 4294967295];
  for (let k = 0; k < 5000; k++) xs.push(r.int32());
  for (const n of [1, 2, 3, 7, 10, 100, 1000, 32767, 32768, 32769, 65537, 1_000_003]) {
    for (const x of xs) assert.is(u32Mod(x, n), Number(BigInt(x >>> 0) % BigInt(n)), `${x} mod ${n}`);
  }
});

test.run();
