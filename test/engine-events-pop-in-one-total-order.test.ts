import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventQueue } from '../src/engine/event-queue.js';
import { Engine, PastDeadlineError } from '../src/engine/engine.js';
import { stream } from '../src/engine/rng.js';

test('events pop by time, then priority, then the order they were scheduled in', () => {
  const q = new EventQueue(4);
  // (time, priority) pairs with many ties; arg = scheduling order
  const rng = stream(1, 0, 'test', 'order');
  const input: { t: number; p: number; seq: number }[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = Math.floor(rng() * 50);
    const p = Math.floor(rng() * 3);
    input.push({ t, p, seq: i });
    q.push(t, 7, i, p);
  }
  const expected = [...input].sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq).map((e) => e.seq);
  const got: number[] = [];
  while (q.pop()) got.push(q.arg);
  assert.equal(got, expected);
});

test('ties in time and priority come out first in, first out', () => {
  const q = new EventQueue();
  for (let i = 0; i < 100; i++) q.push(1000, 1, i);
  const got: number[] = [];
  while (q.pop()) got.push(q.arg);
  assert.equal(got, Array.from({ length: 100 }, (_, i) => i));
});

test('interleaved pushes and pops keep the order (a heap, not a sorted batch)', () => {
  const q = new EventQueue(2);
  const rng = stream(2, 0, 'test', 'interleave');
  let now = 0;
  let last = -1;
  let lastSeqAtNow = -1;
  let seq = 0;
  const seqOf = new Map<number, number>();
  for (let i = 0; i < 20000; i++) {
    if (q.size === 0 || rng() < 0.55) {
      const t = now + Math.floor(rng() * 10);
      seqOf.set(seq, t);
      q.push(t, 0, seq++);
    } else {
      q.pop();
      assert.ok(q.time >= last, 'time never goes backwards');
      if (q.time === last) assert.ok(q.arg > lastSeqAtNow, 'FIFO among equal times');
      lastSeqAtNow = q.arg;
      last = q.time;
      now = q.time;
    }
  }
});

test('the engine refuses an event in the past or at a fractional nanosecond', () => {
  const e = new Engine();
  e.schedule(10, 0, 0);
  e.run(Infinity, () => {});
  assert.is(e.now, 10);
  assert.throws(() => e.schedule(9, 0, 0), (err: unknown) => err instanceof PastDeadlineError);
  assert.throws(() => e.schedule(11.5, 0, 0), (err: unknown) => err instanceof PastDeadlineError);
  assert.throws(() => e.run(5, () => {}), (err: unknown) => err instanceof PastDeadlineError);
});

test('run(until) stops at the deadline and leaves later events pending', () => {
  const e = new Engine();
  const seen: number[] = [];
  for (const t of [5, 10, 15, 20]) e.schedule(t, 0, t);
  e.run(12, (_k, arg) => seen.push(arg));
  assert.equal(seen, [5, 10]);
  assert.is(e.now, 12);
  assert.is(e.queue.size, 2);
  // handlers may schedule more work at the current instant; it runs after what is already due then
  e.run(Infinity, (_k, arg) => {
    seen.push(arg);
    if (arg === 15) e.schedule(e.now, 0, 99);
  });
  assert.equal(seen, [5, 10, 15, 99, 20]);
  assert.is(e.processed, 5);
});

test.run();
