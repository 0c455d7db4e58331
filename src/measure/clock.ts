// The harness clock: monotonic nanoseconds from process.hrtime.bigint, read as milliseconds.

/** Nanoseconds on a monotonic clock (not wall time; unaffected by clock adjustments). */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds between two `nowNs()` readings, as a double (exact to well below 1 ns for spans under ~100 days). */
export function elapsedMs(startNs: bigint, endNs: bigint): number {
  return Number(endNs - startNs) / 1e6;
}

/** Clock readings taken to find the clock's resolution. */
export const RESOLUTION_READS = 2_000;

/**
 * The clock's resolution as seen from here, in nanoseconds: the smallest positive difference between
 * two consecutive readings over `reads` readings (it includes the cost of one reading, which is what
 * bounds a timed span in practice). Falls back to 1 ns if no two readings differed. O(reads).
 */
export function measureClockResolutionNs(reads = RESOLUTION_READS): number {
  let smallest = Number.POSITIVE_INFINITY;
  let previous = nowNs();
  for (let i = 0; i < reads; i++) {
    const current = nowNs();
    const delta = Number(current - previous);
    if (delta > 0 && delta < smallest) smallest = delta;
    previous = current;
  }
  return Number.isFinite(smallest) ? smallest : 1;
}
