/**
 * What the mesh balancers share: per-client state (each client pod's sidecar
 * keeps its own, KUBE-FACTS / DESIGN "mesh"), allocated on the client's
 * first request so that clients that never send cost nothing.
 *
 * - `MeshActive`: requests in flight per (client, Service port, endpoint) —
 *   Envoy's per-host `rq_active` as that client's proxy sees it (a cluster
 *   per Service port); onOpen/onClose bracket each request.
 * - `SourceIpHash`: Envoy's `source_ip` hash policy value per client
 *   (envoyproxy/envoy: source/common/http/hash_policy.cc, IpHashMethod:
 *   xxHash64 of the downstream address string without port, seed 0), kept as
 *   two u32 halves, computed once per client (the only allocation).
 *
 * Modelled: one Envoy worker thread per sidecar. Envoy keeps LB state (round
 * robin index, random draws) per worker thread; host counters such as
 * rq_active are shared by all workers.
 */
import { xxhash64 } from '../hash/xxhash64.js';
import { formatIPv4 } from '../ipv4.js';
import { LocalIndex } from './local-index.js';
import type { PolicyContext } from './policy.js';

export function checkMeshContext(name: string, ctx: PolicyContext): void {
  if (!Number.isInteger(ctx.instances) || ctx.instances < 1) throw new RangeError(`${name}: instances must be an integer ≥ 1, got ${ctx.instances}`);
  if (!Number.isInteger(ctx.endpoints) || ctx.endpoints < 0) throw new RangeError(`${name}: endpoints must be an integer ≥ 0, got ${ctx.endpoints}`);
}

/**
 * Requests in flight per (client, Service port, endpoint), indexed by the
 * endpoint's local index in its Service (local-index.ts): a client's row for
 * a Service is as long as that Service's endpoint list, not the cluster's.
 */
export class MeshActive {
  readonly instances: number;
  readonly servicePorts: number;
  readonly index: LocalIndex;
  /** rows[client][svc], both levels allocated on first use. */
  readonly #rows: (Int32Array | undefined)[][];

  constructor(ctx: PolicyContext) {
    this.instances = ctx.instances;
    this.servicePorts = Math.max(1, ctx.servicePorts);
    this.index = new LocalIndex(ctx.endpoints, this.servicePorts);
    this.#rows = new Array<Int32Array[]>(ctx.instances);
  }

  /** The client's row for svc, long enough for every endpoint svc has shown; null for a bad client or svc. */
  row(client: number, svc: number): Int32Array | null {
    if (!(client >= 0 && client < this.instances && svc >= 0 && svc < this.servicePorts)) return null;
    let rows = this.#rows[client];
    if (rows === undefined) {
      rows = new Array<Int32Array>(this.servicePorts);
      this.#rows[client] = rows;
    }
    let row = rows[svc];
    const need = this.index.size(svc);
    if (row === undefined || row.length < need) {
      const next = new Int32Array(Math.max(need, 1, row === undefined ? 0 : row.length * 2));
      if (row !== undefined) next.set(row);
      row = next;
      rows[svc] = row;
    }
    return row;
  }

  open(client: number, svc: number, id: number): void {
    const l = this.index.of(svc, id);
    const row = this.row(client, svc);
    if (row !== null && l >= 0) row[l]!++;
  }

  close(client: number, svc: number, id: number): void {
    const l = this.index.of(svc, id);
    const row = this.row(client, svc);
    if (row !== null && l >= 0 && row[l]! > 0) row[l]!--;
  }
}

/** Envoy's source_ip request hash per client, as (hi, lo) u32 halves. */
export class SourceIpHash {
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly #known: Uint8Array;

  constructor(instances: number) {
    this.hi = new Uint32Array(instances);
    this.lo = new Uint32Array(instances);
    this.#known = new Uint8Array(instances);
  }

  /** Computes client inst's hash from its address once; false for a bad instance. */
  ensure(inst: number, saddr: number): boolean {
    if (!(inst >= 0 && inst < this.#known.length)) return false;
    if (this.#known[inst] === 0) {
      const h = xxhash64(formatIPv4(saddr >>> 0), 0n);
      this.hi[inst] = Number(h >> 32n);
      this.lo[inst] = Number(h & 0xffffffffn);
      this.#known[inst] = 1;
    }
    return true;
  }
}

/** The u64 (hi·2^32 + lo) mod m, exactly, for m < 2^26 (no BigInt). */
export function mod64(hi: number, lo: number, m: number): number {
  return (((hi % m) * (4294967296 % m)) % m + (lo % m)) % m;
}

/** Keys "a.b.c.d:port" of a candidate list (Envoy's host hash key: the address string). */
export function addressKeys(ctx: PolicyContext, ids: Int32Array, off: number, count: number): string[] {
  const keys: string[] = [];
  for (let j = 0; j < count; j++) {
    const id = ids[off + j]!;
    keys.push(`${formatIPv4(ctx.endpointIP[id] ?? 0)}:${ctx.endpointPort[id] ?? 0}`);
  }
  return keys;
}
