import { Worker, parentPort, workerData } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stream } from '../src/engine/rng.js';
import {
  ServiceTable,
  MAX_LOAD,
  MAX_VALUE,
  PROTO_SCTP,
  PROTO_TCP,
  PROTO_UDP,
  SERVICE_TABLE_LAYOUT,
} from '../src/routing/service-table.js';

const { EMPTY, ENT_KEY, HEADER_CELLS, SLOT_CELLS } = SERVICE_TABLE_LAYOUT;

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
  parentPort!.postMessage({ size: t.size, writable: t.writable, cidr: t.cidr });
} else {
  test('100,000 random distinct services are all found after insertion, and absent keys give -1', () => {
    const keys = randomKeys(1, N);
    const table = ServiceTable.create(N);
    assert.is(table.slots & (table.slots - 1), 0, 'power-of-two slots');
    assert.ok(N / table.slots <= MAX_LOAD, `load factor ≤ ${MAX_LOAD}`);
    assert.ok(N / (table.slots / 2) > MAX_LOAD, 'the smallest such power of two');
    // 8-byte slots after a 24-byte header.
    assert.is(SLOT_CELLS * 4, 8);
    assert.is(table.buffer.byteLength, HEADER_CELLS * 4 + table.slots * 8);
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
    const otherProto = keys.proto[0] === PROTO_TCP ? PROTO_UDP : PROTO_TCP;
    const sameIpPort = keySet(keys).has(`${keys.ip[0]! >>> 0}:${keys.port[0]}/${otherProto}`);
    if (!sameIpPort) assert.is(table.lookup(keys.ip[0]! >>> 0, keys.port[0]!, otherProto), -1);
    assert.is(table.lookup(keys.ip[0]! >>> 0, keys.port[0]!, 99), -1);
    // Out-of-range fields match nothing and do not throw.
    assert.is(table.lookup(0x0a600001, 70_000, 6), -1);
    assert.is(table.lookup(0x0a600001, -1, 255), -1);
  });

  test('keys crafted to share one home slot, with deletes in the middle of the probe chain, stay findable', () => {
    // 16 slots; find 7 keys that all hash home to slot 14, so the chain wraps 14,15,0,1,2,3,4.
    const table = ServiceTable.create(Math.max(8, Math.floor(16 * MAX_LOAD)));
    assert.is(table.slots, 16);
    const chain: number[] = [];
    for (let ip = 0x0a600000; chain.length < 7; ip++) {
      if (table.homeSlot(ip, 80, PROTO_TCP) === 14) chain.push(ip);
    }
    // One more key whose home is slot 0: it must probe past the wrapped chain.
    let other = 0;
    for (let ip = 0x0a680000; ; ip++) {
      if (table.homeSlot(ip, 443, PROTO_TCP) === 0) {
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
    for (let s = 0; s < table.slots; s++) if (raw[HEADER_CELLS + s * SLOT_CELLS + ENT_KEY] !== EMPTY) occupied.push(s);
    assert.equal(occupied, [0, 1, 2, 3, 14, 15]);
  });

  test('a tiny table survives 20,000 random inserts and removes checked against a Map', () => {
    const rng = stream(3, 0, 'test-service-table', 'churn');
    const table = ServiceTable.create(Math.floor(16 * MAX_LOAD)); // 16 slots, as full as MAX_LOAD allows
    assert.is(table.slots, 16);
    // A pool of keys whose homes crowd slots 14, 15 and 0 (wrap-around chains).
    const pool: number[] = [];
    for (let ip = 0x0a600000; pool.length < 24; ip++) {
      const h = table.homeSlot(ip, 53, PROTO_UDP);
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

  test('misuse throws: duplicate key, full table, bad fields, bad capacity, bad CIDR', () => {
    const table = ServiceTable.create(2);
    table.insert(0x0a600001, 80, PROTO_TCP, 0);
    assert.throws(() => table.insert(0x0a600001, 80, PROTO_TCP, 1), /duplicate/);
    table.insert(0x0a600002, 80, PROTO_TCP, 1);
    assert.throws(() => table.insert(0x0a600003, 80, PROTO_TCP, 2), /full/);
    const roomy = ServiceTable.create(4);
    assert.throws(() => roomy.insert(0x0a600004, 65536, PROTO_TCP, 2), /port/);
    assert.throws(() => roomy.insert(0x0a600004, 80, 256, 2), /protocol/);
    assert.throws(() => roomy.insert(0x0a600004, 80, 1, 2), /protocol/);
    assert.throws(() => roomy.insert(0x0a600004, 80, PROTO_TCP, -1), /value/);
    assert.throws(() => roomy.insert(0x0a600004, 80, PROTO_TCP, MAX_VALUE + 1), /value/);
    assert.throws(() => roomy.insert(0x0a600004, 80, PROTO_TCP, 1.5), /value/);
    assert.throws(() => roomy.remove(0x0a600004, 80, 256), /protocol/);
    assert.is(roomy.size, 0, 'nothing refused was stored');
    assert.throws(() => ServiceTable.create(0), /capacity/);
    assert.throws(() => ServiceTable.create(10, '10.0.0.0/8'), /mask must be >= 12/);
    assert.throws(() => ServiceTable.create(10, '10.96.0.0/33'), /prefix/);
    assert.throws(() => ServiceTable.create(10, '10.96.0.0'), /a\.b\.c\.d\/prefix/);
    assert.throws(() => ServiceTable.create(10, '10.300.0.0/12'), /expected a\.b\.c\.d\/prefix/);
    assert.throws(() => ServiceTable.attach(new SharedArrayBuffer(64)), /magic/);
  });

  test('an IP outside the service CIDR is refused at insert and misses at lookup, and the largest value round-trips', () => {
    const table = ServiceTable.create(16); // 10.96.0.0/12: 10.96.0.0 – 10.111.255.255
    assert.is(table.cidr, '10.96.0.0/12');
    const first = 0x0a600000; // 10.96.0.0
    const last = 0x0a6fffff; // 10.111.255.255
    const outside = [0x0a5fffff, 0x0a700000, 0xc0a80001, 0, 0xffffffff]; // 10.95.255.255, 10.112.0.0, 192.168.0.1, …
    for (const ip of outside) {
      assert.not.ok(table.contains(ip));
      assert.throws(() => table.insert(ip, 80, PROTO_TCP, 1), /outside the service CIDR 10\.96\.0\.0\/12/);
      assert.throws(() => table.remove(ip, 80, PROTO_TCP), /outside the service CIDR/);
    }
    assert.is(table.size, 0);
    // The extremes of every field: offsets 0 and 2^20 − 1, ports 0 and 65535, each protocol, value 0 and MAX_VALUE.
    const cases: [number, number, number, number][] = [
      [first, 0, PROTO_TCP, MAX_VALUE],
      [last, 65535, PROTO_SCTP, MAX_VALUE],
      [last, 65535, PROTO_UDP, 0],
      [first, 1023, PROTO_UDP, MAX_VALUE - 1],
      [first, 1024, PROTO_UDP, 1],
      [0x0a60000a, 53, PROTO_UDP, 12_345_678],
    ];
    for (const [ip, port, proto, value] of cases) table.insert(ip, port, proto, value);
    for (const [ip, port, proto, value] of cases) {
      assert.is(table.lookup(ip, port, proto), value, `${ip}:${port}/${proto}`);
      assert.is(table.lookup(ip | 0, port, proto), value, 'an int32 IP is the same address');
    }
    assert.equal(
      [...table.entries()].map((e) => [e.ip, e.port, e.proto, e.value]).sort((a, b) => a[3]! - b[3]!),
      [...cases].sort((a, b) => a[3] - b[3]),
    );
    // An outside IP with the same offset bits as a stored key must not alias it.
    for (const ip of outside) assert.is(table.lookup(ip, 0, PROTO_TCP), -1);
    assert.is(table.lookup(0x0a700000, 0, PROTO_TCP), -1, '10.112.0.0 has offset 0 too, one /12 up');
    assert.is(table.lookup(0x0a500000, 0, PROTO_TCP), -1, '10.80.0.0 has offset 0 too, one /12 down');
    // A smaller CIDR holds and refuses likewise, and attach() reads it from the header.
    const small = ServiceTable.create(4, '172.20.1.7/24'); // host bits masked off
    assert.is(small.cidr, '172.20.1.0/24');
    small.insert(0xac1401ff, 443, PROTO_TCP, MAX_VALUE); // 172.20.1.255
    assert.throws(() => small.insert(0xac140200, 443, PROTO_TCP, 1), /outside the service CIDR 172\.20\.1\.0\/24/);
    const view = ServiceTable.attach(small.buffer);
    assert.is(view.cidr, '172.20.1.0/24');
    assert.is(view.lookup(0xac1401ff, 443, PROTO_TCP), MAX_VALUE);
    assert.is(view.lookup(0xac1501ff, 443, PROTO_TCP), -1, '172.21.1.255: same low 8 bits, other network');
    assert.is(view.lookup(0x0a6001ff, 443, PROTO_TCP), -1);
    // A network whose int32 form is negative (192.168.0.0/16 ≥ 2^31) works the same.
    const high = ServiceTable.create(4, '192.168.0.0/16');
    high.insert(0xc0a8ffff, 8443, PROTO_SCTP, 7); // 192.168.255.255
    assert.is(ServiceTable.attach(high.buffer).lookup(0xc0a8ffff, 8443, PROTO_SCTP), 7);
    assert.is(high.lookup(0xc0a9ffff, 8443, PROTO_SCTP), -1);
    assert.equal([...high.entries()], [{ ip: 0xc0a8ffff, port: 8443, proto: PROTO_SCTP, value: 7 }]);
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
    const reply = await new Promise<{ size: number; writable: boolean; cidr: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.is(reply.size, N / 2);
    assert.is(reply.writable, false);
    assert.is(reply.cidr, '10.96.0.0/12', 'the CIDR travels in the header');
    const answers = new Int32Array(out);
    for (let i = 0; i < N; i++) {
      const want = i % 2 === 0 ? i : -1;
      if (answers[i] !== want) assert.unreachable(`worker: key ${i} gave ${answers[i]}, want ${want}`);
      if (table.lookup(keys.ip[i]! >>> 0, keys.port[i]!, keys.proto[i]!) !== answers[i]) assert.unreachable('main and worker differ');
    }
    assert.throws(() => ServiceTable.attach(table.buffer).insert(0x0a600001, 1, PROTO_TCP, 1), /read-only/);
  });

  test.run();
}
