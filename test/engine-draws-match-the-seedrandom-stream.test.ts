/**
 * `Draws` steps seedrandom's xor4096 generator in a class of its own (for
 * speed on the hot path); it must return exactly the library's sequence for
 * every conversion — rng() (32-bit uniform), int32() and double() (53 bits
 * from two outputs) — or every result would silently change. Checked here
 * against the library itself, interleaving the three as the policies do.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Draws, Uniforms, draws, stream, streamKey } from '../src/engine/rng.js';

test('next, int32 and double return exactly what the seedrandom stream returns, interleaved, 100k draws per key', () => {
  const pick = stream(9, 0, 'test', 'which-conversion');
  for (const [seed, component, entity] of [
    [1, 'arrival', 'web'],
    [42, 'policy', 'iptables'],
    [7, 'demand', 0],
  ] as const) {
    const lib = stream(seed, 0, component, entity);
    const d = draws(seed, 0, component, entity);
    for (let k = 0; k < 100_000; k++) {
      const c = Math.floor(pick() * 3);
      const want = c === 0 ? lib() : c === 1 ? lib.int32() : lib.double();
      const got = c === 0 ? d.next() : c === 1 ? d.int32() : d.double();
      if (got !== want) assert.unreachable(`key ${streamKey(seed, 0, component, entity)}, draw ${k} (conversion ${c}): ${got} !== ${want}`);
    }
  }
});

test('two Draws of one key are the same sequence, of two keys different ones', () => {
  const a = new Draws(streamKey(3, 0, 'x', 1));
  const b = new Draws(streamKey(3, 0, 'x', 1));
  const c = new Draws(streamKey(3, 0, 'x', 2));
  let same = 0;
  for (let k = 0; k < 1000; k++) {
    const x = a.int32();
    assert.is(b.int32(), x);
    if (c.int32() === x) same++;
  }
  assert.ok(same < 3, `${same} of 1000 equal outputs between unrelated streams`);
});

test('Uniforms hands out the stream\'s next() values in order, each with −Math.log(1 − u), across block refills', () => {
  const lib = stream(5, 0, 'arrival', 'web');
  const blk = new Uniforms(draws(5, 0, 'arrival', 'web'));
  for (let k = 0; k < 1000; k++) {
    const u = lib();
    const p = blk.take();
    assert.is(blk.u[p], u, `draw ${k}`);
    assert.is(blk.e[p], -Math.log(1 - u), `draw ${k}`);
  }
});

test.run();
