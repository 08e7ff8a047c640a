/** A typed array's contents copied into a larger one (pools that grow by doubling). */
export function grow<T extends Float64Array | Int32Array | Uint8Array | Int8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
