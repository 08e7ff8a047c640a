import { Worker, parentPort, workerData } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stream } from '../src/engine/rng.js';
import { ServiceTable, hashKey, PROTO_SCTP, PROTO_TCP, PROTO_UDP } from '../src/routing/service-table.js';

const PROTOS = [PROTO_TCP, PROTO_UDP, PROTO_SCTP];
const N = 100_000;

interface Keys {
  ip: Int32Array;
  port: Int32Array;
  proto: Int32Array;
}

/** n distinct random keys: ClusterIPs in 10.96.0.0/12, any port, TCP/UDP/SCTP. */
function randomKeys(seed: number, n: number, exclude?: Set<string>): Keys {
  const rng = stream(seed, 0, 'test-service-table', 'keys');
  const seen = new Set<string>();
  const keys: Keys = { ip: new Int32Array(n), port: new Int32Array(n), proto: new Int32Array(n) };
  let k = 0;
  while (k < n) {
    const ip = (0x0a600000 + Math.floor(rng() * (1 << 20))) >>> 0;
    const port = Math.floor(rng() * 65536);
    const proto = PROTOS[Math.floor(rng() * 3)]!;
    const s = `${ip}:${port}/${proto}`;
    if (seen.has(s) || exclude?.has(s)) continue;
    seen.add(s);
    keys.ip[k] = ip | 0;
    keys.port[k] = port;
    keys.proto[k] = proto;
    k++;
  }
  return keys;
}

function keySet(keys: Keys): Set<string> {
  const s = new Set<string>();
  for (let i = 0; i < keys.ip.length; i++) s.add(`${keys.ip[i]! >>> 0}:${keys.port[i]}/${keys.proto[i]}`);
  return s;
}

if (workerData?.role === 'service-table-reader') {
  // Worker side: attach, look every key up, write the answers into a shared array.
  const { table, ip, port, proto, out } = workerData as {
    table: SharedArrayBuffer;
    ip: SharedArrayBuffer;
    port: SharedArrayBuffer;
    proto: SharedArrayBuffer;
    out: SharedArrayBuffer;
  };
  const t = ServiceTable.attach(table);
  const ips = new Int32Array(ip);
  const ports = new Int32Array(port);
  const protos = new Int32Array(proto);
  const answers = new Int32Array(out);
  for (let i = 0; i < ips.length; i++) answers[i] = t.lookup(ips[i]! >>> 0, ports[i]!, protos[i]!);
  parentPort!.postMessage({ size: t.size, writable: t.writable });
} else {
  test('100,000 random distinct services are all found after insertion, and absent keys give -1', () => {
    const keys = randomKeys(1, N);
    const table = ServiceTable.create(N);
    assert.ok(table.slots >= 2 * N, 'load factor ≤ 0.5');
    assert.is(table.slots & (table.slots - 1), 0, 'power-of-two slots');
    for (let i = 0; i < N; i++) table.insert(keys.ip[i]! >>> 0, keys.port[i]!, keys.proto[i]!, i);
    assert.is(table.size, N);
    for (let i = 0; i < N; i++) {
      const v = table.lookup(keys.ip[i]! >>> 0, keys.port[i]!, keys.proto[i]!);
      if (v !== i) assert.unreachable(`key ${i} gave ${v}`);
    }
    const absent = randomKeys(2, N, keySet(keys));
    for (let i = 0; i < N; i++) {
      const v = table.lookup(absent.ip[i]! >>> 0, absent.port[i]!, absent.proto[i]!);
      if (v !== -1) assert.unreachable(`absent key ${i} gave ${v}`);
    }
    // Same IP and port, other protocol: absent.
    assert.is(table.lookup(keys.ip[0]! >>> 0, keys.port[0]!, 99), -1);
    // Out-of-range fields match nothing and do not throw.
    assert.is(table.lookup(0x0a600001, 70_000, 6), -1);
    assert.is(table.lookup(0x0a600001, -1, 255), -1);
  });

  test('keys crafted to share one home slot, with deletes in the middle of the probe chain, stay findable', () => {
    // 16 slots; find 7 keys that all hash home to slot 14, so the chain wraps 14,15,0,1,2,3,4.
    const table = ServiceTable.create(8);
    assert.is(table.slots, 16);
    const mask = table.slots - 1;
    const chain: number[] = [];
    for (let ip = 0x0a600000; chain.length < 7; ip++) {
      if ((hashKey(ip, (80 << 8) | PROTO_TCP) & mask) === 14) chain.push(ip);
    }
    // One more key whose home is slot 0: it must probe past the wrapped chain.
    let other = 0;
    for (let ip = 0x0a700000; ; ip++) {
      if ((hashKey(ip, (443 << 8) | PROTO_TCP) & mask) === 0) {
        other = ip;
        break;
      }
    }
    chain.forEach((ip, i) => table.insert(ip, 80, PROTO_TCP, i));
    table.insert(other, 443, PROTO_TCP, 100);
    const slotOf = (ip: number): number => {
      let s = 0;
      for (const e of table.entries()) {
        if (e.ip === ip >>> 0) return s;
        s++;
      }
      return -1;
    };
    assert.ok(slotOf(other) >= 0);
    // Delete the 2nd (slot 15) and the 4th (slot 1): the middle of the chain, across the wrap.
    assert.ok(table.remove(chain[1]!, 80, PROTO_TCP));
    assert.ok(table.remove(chain[3]!, 80, PROTO_TCP));
    assert.not.ok(table.remove(chain[3]!, 80, PROTO_TCP), 'second remove of the same key');
    assert.is(table.size, 6);
    chain.forEach((ip, i) => {
      const expect = i === 1 || i === 3 ? -1 : i;
      assert.is(table.lookup(ip, 80, PROTO_TCP), expect, `chain key ${i}`);
    });
    assert.is(table.lookup(other, 443, PROTO_TCP), 100);
    // Backward shift left no gap: occupied slots are exactly 14,15,0,1,2,3 (6 entries, one run).
    const occupied: number[] = [];
    const raw = new Int32Array(table.buffer);
    for (let s = 0; s < table.slots; s++) if (raw[4 + s * 3 + 1] !== -1) occupied.push(s);
    assert.equal(occupied, [0, 1, 2, 3, 14, 15]);
  });

  test('a tiny table survives 20,000 random inserts and removes checked against a Map', () => {
    const rng = stream(3, 0, 'test-service-table', 'churn');
    const table = ServiceTable.create(6); // 16 slots
    const mask = table.slots - 1;
    // A pool of keys whose homes crowd slots 14, 15 and 0 (wrap-around chains).
    const pool: number[] = [];
    for (let ip = 0x0a600000; pool.length < 24; ip++) {
      const h = hashKey(ip, (53 << 8) | PROTO_UDP) & mask;
      if (h === 14 || h === 15 || h === 0) pool.push(ip);
    }
    const model = new Map<number, number>();
    for (let step = 0; step < 20_000; step++) {
      const ip = pool[Math.floor(rng() * pool.length)]!;
      if (model.has(ip)) {
        assert.ok(table.remove(ip, 53, PROTO_UDP));
        model.delete(ip);
      } else if (model.size < table.maxEntries) {
        table.insert(ip, 53, PROTO_UDP, step);
        model.set(ip, step);
      }
      for (const p of pool) {
        const got = table.lookup(p, 53, PROTO_UDP);
        const want = model.get(p) ?? -1;
        if (got !== want) assert.unreachable(`step ${step}: key ${p} gave ${got}, want ${want}`);
      }
      if (table.size !== model.size) assert.unreachable(`step ${step}: size ${table.size} vs ${model.size}`);
    }
  });

  test('misuse throws: duplicate key, full table, bad fields, bad capacity', () => {
    const table = ServiceTable.create(2);
    table.insert(0x0a600001, 80, PROTO_TCP, 0);
    assert.throws(() => table.insert(0x0a600001, 80, PROTO_TCP, 1), /duplicate/);
    table.insert(0x0a600002, 80, PROTO_TCP, 1);
    assert.throws(() => table.insert(0x0a600003, 80, PROTO_TCP, 2), /full/);
    assert.throws(() => table.insert(0x0a600004, 65536, PROTO_TCP, 2), /port/);
    assert.throws(() => table.insert(0x0a600004, 80, 256, 2), /protocol/);
    assert.throws(() => table.insert(0x0a600004, 80, PROTO_TCP, -1), /value/);
    assert.throws(() => ServiceTable.create(0), /capacity/);
    assert.throws(() => ServiceTable.attach(new SharedArrayBuffer(64)), /magic/);
  });

  test('a table attached in a worker thread finds the same values without copying', async () => {
    const keys = randomKeys(4, N);
    const table = ServiceTable.create(N);
    // Insert only the even keys: the odd ones must come back -1 in the worker.
    for (let i = 0; i < N; i += 2) table.insert(keys.ip[i]! >>> 0, keys.port[i]!, keys.proto[i]!, i);
    const share = (a: Int32Array): SharedArrayBuffer => {
      const sab = new SharedArrayBuffer(a.byteLength);
      new Int32Array(sab).set(a);
      return sab;
    };
    const out = new SharedArrayBuffer(N * 4);
    const worker = new Worker(new URL(import.meta.url), {
      workerData: {
        role: 'service-table-reader',
        table: table.buffer,
        ip: share(keys.ip),
        port: share(keys.port),
        proto: share(keys.proto),
        out,
      },
    });
    const reply = await new Promise<{ size: number; writable: boolean }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.is(reply.size, N / 2);
    assert.is(reply.writable, false);
    const answers = new Int32Array(out);
    for (let i = 0; i < N; i++) {
      const want = i % 2 === 0 ? i : -1;
      if (answers[i] !== want) assert.unreachable(`worker: key ${i} gave ${answers[i]}, want ${want}`);
      if (table.lookup(keys.ip[i]! >>> 0, keys.port[i]!, keys.proto[i]!) !== answers[i]) assert.unreachable('main and worker differ');
    }
    assert.throws(() => ServiceTable.attach(table.buffer).insert(1, 1, PROTO_TCP, 1), /read-only/);
  });

  test.run();
}
