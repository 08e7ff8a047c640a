/**
 * The one interface every endpoint-selection policy implements — kube-proxy's
 * iptables / nftables / IPVS schedulers and Cilium's socket LB per node, a
 * mesh proxy's balancer per client pod.
 *
 * What a policy sees:
 * - `inst`: the instance whose state it uses — a node (scope `node`: each
 *   node's kernel keeps its own IPVS counters and cursors) or a client pod
 *   (scope `client`: each client's sidecar keeps its own). Instances are
 *   [0, ctx.instances).
 * - `svc`: the service port (ClusterIP, port, protocol), [0, ctx.servicePorts).
 * - `set`: which published candidate list this is. The data plane gives every
 *   distinct candidate list it publishes (a Service's endpoints at one
 *   generation, or a node's / zone's subset of them) its own small integer and
 *   calls `onEndpoints(set, …)` once, before any pick from it; a policy that
 *   builds a table from the list (Maglev, IPVS sh/dh/mh) keeps it by `set`.
 *   Sets are never reused for another list.
 * - `flow`: the connection (L4 modes) or request (mesh) being balanced,
 *   written by the data plane into one reused object just before `pick`.
 * - candidates `ids[off .. off + count)`: endpoint ids, in kube-proxy order
 *   ("IP:port" sorted) — the ones the instance's data plane has programmed.
 *   An endpoint id names one (service port, backend) pair, so state keyed by
 *   it stays right when two Services share pods or the set changes.
 *
 * Hooks, all optional except pick:
 * - L4 modes (scope node): `onOpen` when a connection is established to the
 *   endpoint, `onClose` when it closes (IPVS then counts it inactive for its
 *   TIME_WAIT), so connection-counting schedulers see each node's own
 *   connections only, as the kernel does.
 * - mesh (scope client): `onOpen` when a request is sent to the endpoint,
 *   `onClose` when it ends (response, error or timeout), `onResponse` with its
 *   latency (peak EWMA).
 *
 * Time is read from `ctx.clock.now` (integer ns), never passed: V8 boxes a
 * double argument at every call it does not inline.
 *
 * Hot path (pick and the per-connection hooks): no allocation, no strings,
 * never throws; returns the chosen INDEX in [0, count) or −1 (count 0, or a
 * scheduler that finds no usable destination, e.g. IPVS sh on a quiesced
 * bucket). Misuse throws at construction.
 */
import type { RandomSource } from '../../engine/rng.js';

/** The clock policies read (the engine). */
export interface Clock {
  readonly now: number;
}

/** The connection or request being balanced; one object, rewritten before each pick. */
export interface Flow {
  /** Client pod IPv4 as a signed int32 (`flow.saddr >>> 0` is the u32). */
  saddr: number;
  /** Ephemeral source port of the connection (mesh: of the client's request). */
  sport: number;
  /** ClusterIP as a signed int32 (IPVS dh hashes it). */
  daddr: number;
  /** Service port number. */
  dport: number;
  /** Global client index (the mesh proxy instance). */
  client: number;
}

export function newFlow(): Flow {
  return { saddr: 0, sport: 0, daddr: 0, dport: 0, client: 0 };
}

/** Everything a policy may know about the cluster, given once at construction. */
export interface PolicyContext {
  readonly clock: Clock;
  /** Number of instances (nodes for scope node, client pods for scope client). */
  readonly instances: number;
  /** Number of service ports carrying traffic. */
  readonly servicePorts: number;
  /**
   * Endpoint ids are [0, endpoints) at construction; `onEndpoints` may later
   * show larger ids (pods created by a rollout): grow per-endpoint state then.
   */
  readonly endpoints: number;
  /** Endpoint id → backend IPv4 (u32) and target port (hash keys of Maglev, ring hash). */
  readonly endpointIP: Uint32Array;
  readonly endpointPort: Int32Array;
  /** The policy's own stream. */
  readonly rng: RandomSource;
  /** Mode options from the scenario (`cluster.proxy`): scheduler, algorithm, maglevTableSize … */
  readonly options: Readonly<Record<string, string | number>>;
}

export interface Policy {
  /** Registry name: `iptables`, `ipvs/lc`, `ebpf/maglev`, `mesh/least-request`, … */
  readonly name: string;
  readonly scope: 'node' | 'client';
  /** pick reads `flow` (hashing schedulers): the data plane fills it, and draws a source port, only then. */
  readonly usesFlow?: boolean;
  onEndpoints?(set: number, svc: number, ids: Int32Array, off: number, count: number): void;
  pick(inst: number, svc: number, set: number, flow: Flow, ids: Int32Array, off: number, count: number): number;
  onOpen?(inst: number, svc: number, endpoint: number): void;
  onClose?(inst: number, svc: number, endpoint: number): void;
  onResponse?(inst: number, svc: number, endpoint: number, latencyNs: number): void;
}

/** How a policy is made from its context (one per mode variant, in the registry). */
export type PolicyFactory = (ctx: PolicyContext) => Policy;

/** A context with defaults for what is not given (tools, tests, benchmarks): a clock at 0, endpoints 10.0.0.<i+1>:80. */
export function policyContext(c: Partial<PolicyContext> & Pick<PolicyContext, 'rng'>): PolicyContext {
  const endpoints = c.endpoints ?? c.endpointIP?.length ?? 0;
  const ip = c.endpointIP ?? Uint32Array.from({ length: endpoints }, (_, i) => (0x0a000001 + i) >>> 0);
  const port = c.endpointPort ?? new Int32Array(endpoints).fill(80);
  return {
    clock: c.clock ?? { now: 0 },
    instances: c.instances ?? 1,
    servicePorts: c.servicePorts ?? 1,
    endpoints,
    endpointIP: ip,
    endpointPort: port,
    rng: c.rng,
    options: c.options ?? {},
  };
}
