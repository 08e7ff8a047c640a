/**
 * ClientTimeouts (traffic/timeouts.ts) on the real engine, with a scripted
 * sink: a try still open at its deadline is handed over at exactly that
 * instant, one that ended is not, and the FIFO lets go of ended tries within
 * a check interval (timeout/64, ≥ 1 ms) instead of holding every try for a
 * whole timeout.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../src/engine/engine.js';
import { TIMEOUT_CHECK } from '../src/engine/event-kinds.js';
import { ClientTimeouts, type TimeoutSink } from '../src/traffic/timeouts.js';

const MS = 1e6;
const S = 1e9;

/** A sink whose tries end when the test says; records when each timed out. */
function sink(engine: Engine): TimeoutSink & { open: Map<number, boolean>; fired: [number, number][] } {
  const open = new Map<number, boolean>();
  const fired: [number, number][] = [];
  return {
    open,
    fired,
    isOpen: (r, serial) => open.get(serial) === true,
    timedOut(r, serial) {
      if (open.get(serial) !== true) return;
      open.set(serial, false);
      fired.push([serial, engine.now]);
    },
  };
}

test('an open try times out at its deadline exactly; an ended one never does; a check comes at least every timeout/64', () => {
  const engine = new Engine();
  const t = new ClientTimeouts(1, Float64Array.of(1 * S));
  const s = sink(engine);
  let serial = 0;
  let checks = 0;
  // a try every 10 ms for 3 s; every 7th stays open, the others end 2 ms after they are sent
  for (let k = 0; k < 300; k++) {
    const at = k * 10 * MS;
    engine.run(at, (kind, arg) => {
      if (kind === TIMEOUT_CHECK) {
        checks++;
        t.check(arg, s, engine);
      }
    });
    const id = ++serial;
    s.open.set(id, true);
    t.add(0, id, id, at, engine);
    if (id % 7 !== 0) engine.schedule(at + 2 * MS, 99, id, 0);
    // the ends: kind 99 closes try `arg`
    const end = (kind: number, arg: number) => {
      if (kind === 99) s.open.set(arg, false);
      else if (kind === TIMEOUT_CHECK) {
        checks++;
        t.check(arg, s, engine);
      }
    };
    engine.run(at + 5 * MS, end);
  }
  engine.run(Infinity, (kind, arg) => {
    if (kind === 99) s.open.set(arg, false);
    else if (kind === TIMEOUT_CHECK) {
      checks++;
      t.check(arg, s, engine);
    }
  });
  const expect = Array.from({ length: 42 }, (_, j) => 7 * (j + 1)).map((id) => [id, (id - 1) * 10 * MS + 1 * S]);
  assert.equal(s.fired, expect, 'the open tries, each at sent + 1 s');
  // the FIFO is never empty while tries are sent (3 s; an open try is always held), so a check
  // comes at least every 1 s / 64 = 15.625 ms: ≥ 3 s / 15.625 ms = 192; and at most one per
  // interval over the 4 s (256) plus one per open try's deadline (42): ≤ 298
  assert.ok(checks >= 192 && checks <= 298, `checks ${checks}`);
  assert.is(t.held(0), 0);
});

test('the FIFO holds about rate × (timeout/64 + the open tries\' age), not rate × timeout', () => {
  // 1 try per ms that ends 1 ms later, timeout 30 s: after 10 s a FIFO kept to the deadlines would
  // hold 10,000 entries; checks every 30 s / 64 ≈ 469 ms drop the ended ones: ≤ 469 + a few
  const engine = new Engine();
  const t = new ClientTimeouts(1, Float64Array.of(30 * S));
  const s = sink(engine);
  let most = 0;
  const handle = (kind: number, arg: number) => {
    if (kind === 99) s.open.set(arg, false);
    else if (kind === TIMEOUT_CHECK) t.check(arg, s, engine);
  };
  for (let k = 1; k <= 10_000; k++) {
    engine.run(k * MS, handle);
    s.open.set(k, true);
    t.add(0, k, k, k * MS, engine);
    engine.schedule((k + 1) * MS, 99, k, 0);
    most = Math.max(most, t.held(0));
  }
  assert.ok(most <= 480, `held at most ${most}`);
  assert.ok(most >= 400, `held at most ${most}: the checks are not more often than timeout/64`);
  engine.run(Infinity, handle);
  assert.equal(s.fired, [], 'every try ended before its deadline');
});

test.run();
