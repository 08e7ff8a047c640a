/**
 * A table per candidate set (a Maglev table, a ring, the candidates' local
 * indexes), built from the set's list in onEndpoints — or at the set's first
 * pick if the data plane did not call it. Each entry remembers the Service
 * port and the length of the list it was built from: a data plane that broke
 * the contract (one set number for two lists) gets a rebuild, never another
 * list's table.
 */
export class SetTables<T> {
  #t: (T | null | undefined)[] = [];
  #svc = new Int32Array(8).fill(-1);
  #count = new Int32Array(8);

  /** The table of `set` if it was built for (svc, count); undefined if not built (or built for another list); null if the list had none. */
  get(set: number, svc: number, count: number): T | null | undefined {
    if (!(set >= 0 && set < this.#t.length)) return undefined;
    if (this.#svc[set] !== svc || this.#count[set] !== count) return undefined;
    return this.#t[set];
  }

  put(set: number, svc: number, count: number, table: T | null): void {
    if (!(set >= 0)) return;
    if (set >= this.#t.length) {
      const n = Math.max(set + 1, this.#t.length * 2, 8);
      const next = new Array<T | null | undefined>(n);
      for (let s = 0; s < this.#t.length; s++) next[s] = this.#t[s];
      this.#t = next;
    }
    if (set >= this.#svc.length) {
      const n = Math.max(set + 1, this.#svc.length * 2);
      const svcs = new Int32Array(n).fill(-1);
      svcs.set(this.#svc);
      const counts = new Int32Array(n);
      counts.set(this.#count);
      this.#svc = svcs;
      this.#count = counts;
    }
    this.#t[set] = table;
    this.#svc[set] = svc;
    this.#count[set] = count;
  }
}
