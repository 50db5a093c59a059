/** `bigger` holding `old`'s items at its start: how the packed lists grow. */
export function grown<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
