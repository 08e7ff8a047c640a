/**
 * Dense numbering of endpoint ids within their Service port. An endpoint id
 * names one (service port, backend) pair, so each id has one local index in
 * [0, size(svc)), assigned on first sight and kept for the run (a rollout's
 * new pods get new ones). Per-instance state (IPVS counters per node, mesh
 * counters per client) is then kept per (instance, Service port) and indexed
 * locally: its size is that Service's endpoints, not the cluster's — 5,000
 * nodes × a 200-endpoint Service is 1 M entries, not 5,000 × 150,000 pods.
 *
 * One Int32Array over the id space (shared, not per instance) plus a size per
 * Service port. Lookups allocate nothing; growth is amortised doubling.
 */
export class LocalIndex {
  #of: Int32Array;
  #size: Int32Array;

  constructor(endpoints: number, servicePorts: number) {
    this.#of = new Int32Array(Math.max(1, endpoints)).fill(-1);
    this.#size = new Int32Array(Math.max(1, servicePorts));
  }

  /** The local index of endpoint id within svc, assigned now if new; −1 for a negative id or svc. */
  of(svc: number, id: number): number {
    if (!(id >= 0 && svc >= 0)) return -1;
    if (id >= this.#of.length) {
      const next = new Int32Array(Math.max(id + 1, this.#of.length * 2)).fill(-1);
      next.set(this.#of);
      this.#of = next;
    }
    let l = this.#of[id]!;
    if (l < 0) {
      if (svc >= this.#size.length) {
        const next = new Int32Array(Math.max(svc + 1, this.#size.length * 2));
        next.set(this.#size);
        this.#size = next;
      }
      l = this.#size[svc]!;
      this.#size[svc] = l + 1;
      this.#of[id] = l;
    }
    return l;
  }

  /** How many local indexes svc has handed out. */
  size(svc: number): number {
    return svc >= 0 && svc < this.#size.length ? this.#size[svc]! : 0;
  }
}
