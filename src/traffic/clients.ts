/**
 * The client pods that send each traffic source's requests: `clients` per
 * sending node, numbered source by source (source i's are trClientBase[i] …
 * + trTotal[i] − 1, node by node). Each has its node, its own pod IP — the
 * addresses after its node's serving pods, in the node's /24 — which ClientIP
 * affinity and the hashing schedulers key on, and the start of its
 * ephemeral-port counter (random, as Linux's per-destination offsets are).
 */
import { stream } from '../engine/rng.js';
import { podAddress, type BuiltCluster } from '../cluster/build.js';
import type { ScenarioSpec } from '../scenario/types.js';

export interface Clients {
  readonly count: number;
  /** Per source: first client index, and clients in all. */
  readonly trClientBase: Int32Array;
  readonly trTotal: Int32Array;
  /** Per client: node, IPv4 as int32, next source port offset, source. */
  readonly node: Int32Array;
  readonly ip: Int32Array;
  readonly port: Int32Array;
  readonly src: Int32Array;
}

export function buildClients(cluster: BuiltCluster, spec: ScenarioSpec, run: number): Clients {
  const T = spec.traffic.length;
  const trClientBase = new Int32Array(T);
  const trTotal = new Int32Array(T);
  let count = 0;
  spec.traffic.forEach((t, i) => {
    trClientBase[i] = count;
    trTotal[i] = t.clients * cluster.trafficNodes[i]!.length;
    count += trTotal[i]!;
  });
  const node = new Int32Array(count);
  const ip = new Int32Array(count);
  const port = new Int32Array(count);
  const src = new Int32Array(count);
  const onNode = new Int32Array(cluster.nodeNames.length);
  for (let p = 0; p < cluster.podNode.length; p++) onNode[cluster.podNode[p]!]!++;
  const portRng = stream(spec.seed, run, 'ephemeral-port');
  spec.traffic.forEach((t, i) => {
    const nodes = cluster.trafficNodes[i]!;
    for (let k = 0; k < trTotal[i]!; k++) {
      const cl = trClientBase[i]! + k;
      const n = nodes[(k / t.clients) | 0]!;
      node[cl] = n;
      ip[cl] = podAddress(n, onNode[n]!++ % 253) | 0;
      port[cl] = Math.floor(portRng() * 28232);
      src[cl] = i;
    }
  });
  return { count, trClientBase, trTotal, node, ip, port, src };
}
