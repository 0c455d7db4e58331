// The harness clock: monotonic nanoseconds from process.hrtime.bigint, read as milliseconds.

/** Nanoseconds on a monotonic clock (not wall time; unaffected by clock adjustments). */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds between two `nowNs()` readings, as a double (exact to well below 1 ns for spans under ~100 days). */
export function elapsedMs(startNs: bigint, endNs: bigint): number {
  return Number(endNs - startNs) / 1e6;
}
