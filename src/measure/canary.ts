// The machine's speed right now, from two fixed loops the measuring process runs just before and just
// after each point: one in registers, one streaming through a cache-sized working set. On a VM the host
// can slow the guest for minutes — more time for other guests, a lower clock, a neighbour thrashing the
// caches — and the guest sees no steal time; a fixed loop that takes longer says so.
import { nowNs, elapsedMs } from './clock.js';
import { median } from './stats.js';

/** Terms of the canary loop: ≈ 4 ms on a 2020s core (one divide per term). */
export const CANARY_TERMS = 3_500_000;
/**
 * Runs per reading, of which the median counts (a run that lost the core to another process does not).
 * A point is read twice (bracketCanaries), so 3 + 3 runs cost what one reading of 5 did before.
 */
export const CANARY_RUNS = 3;

/** Where every canary sum goes, exported like measure.ts's resultSink so the JIT cannot drop the loop. */
export let canarySink = 0;

/**
 * Its own loop rather than the `loop` kernel's, on purpose: the canary must stay the same code when the
 * kernels are tuned, or readings from two versions of the package would not compare.
 */
function canaryLoop(terms: number): number {
  let sum = 0;
  for (let i = 1; i <= terms; i++) sum += 1 / (i * i);
  return sum;
}

/** The median milliseconds of `runs` runs of `loop`, its sums kept in canarySink. */
function medianRunMs(runs: number, loop: () => number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = nowNs();
    canarySink += loop();
    times.push(elapsedMs(start, nowNs()));
  }
  return median(times);
}

/** One reading: the median milliseconds of CANARY_RUNS runs of the canary loop (≈ 12 ms in all). */
export function measureCanaryMs(terms = CANARY_TERMS, runs = CANARY_RUNS): number {
  return medianRunMs(runs, () => canaryLoop(terms));
}

/** Elements of each of the cache canary's three arrays: 3 × 8 B × 20 000 = 480 KB, the baseline chunk's scratch. */
export const CACHE_CANARY_LENGTH = 20_000;
/** Passes over the arrays per run: ≈ 1.7 ms on a 2020s core. */
export const CACHE_CANARY_REPS = 25;

let cacheArrays: [Float64Array, Float64Array, Float64Array] | undefined;

/** range → divide → square → sum over the three arrays, `reps` times (the chunked passes, frozen here). */
function cacheCanaryLoop(reps: number): number {
  cacheArrays ??= [
    new Float64Array(CACHE_CANARY_LENGTH),
    new Float64Array(CACHE_CANARY_LENGTH),
    new Float64Array(CACHE_CANARY_LENGTH),
  ];
  const [range, inverse, square] = cacheArrays;
  let total = 0;
  for (let rep = 0; rep < reps; rep++) {
    for (let i = 0; i < CACHE_CANARY_LENGTH; i++) range[i] = rep + i + 1;
    for (let i = 0; i < CACHE_CANARY_LENGTH; i++) inverse[i] = 1 / (range[i] as number);
    for (let i = 0; i < CACHE_CANARY_LENGTH; i++) square[i] = (inverse[i] as number) * (inverse[i] as number);
    for (let i = 0; i < CACHE_CANARY_LENGTH; i++) total += square[i] as number;
  }
  return total;
}

/**
 * One reading of the cache canary: the median milliseconds of CANARY_RUNS runs (≈ 5 ms in all). It sees
 * what the compute canary does not: on a 2-core Zen 5 VM, spells where scalar `chunked` at N = 2e7 ran
 * 1.45× slower read 1.45× slower here and 1.03× on the compute canary (a neighbour in the caches).
 */
export function measureCacheCanaryMs(reps = CACHE_CANARY_REPS, runs = CANARY_RUNS): number {
  return medianRunMs(runs, () => cacheCanaryLoop(reps));
}

/** One reading of both canaries, in ms (measureCanaryMs, measureCacheCanaryMs). */
export interface CanaryReading {
  computeMs: number;
  cacheMs: number;
}

/** Both canaries now. */
export function readCanaries(): CanaryReading {
  return { computeMs: measureCanaryMs(), cacheMs: measureCacheCanaryMs() };
}

/**
 * The slower of two readings, canary by canary: a point's reading from the one just before it and the
 * one just after, so a spell that starts while the point is measured is seen too (read only before, a
 * standalone n sweep on a 2-core Zen 5 VM had `closed-form` 1.8× slower than the next run at N = 1e8
 * and 1e9 with readings at their fastest).
 */
export function slowerReading(before: CanaryReading, after: CanaryReading): CanaryReading {
  return { computeMs: Math.max(before.computeMs, after.computeMs), cacheMs: Math.max(before.cacheMs, after.cacheMs) };
}

/**
 * Run `measure` between two readings of both canaries and return what it returned with the slower
 * reading (slowerReading). A `measure` that throws throws through, unread after.
 */
export async function bracketCanaries<T>(measure: () => Promise<T>): Promise<{ result: T; canary: CanaryReading }> {
  const before = readCanaries();
  const result = await measure();
  return { result, canary: slowerReading(before, readCanaries()) };
}

/** A point's canary readings as stored (canaryMs, cacheCanaryMs), or nothing without a reading. */
export function canaryFields(reading: CanaryReading | undefined): { canaryMs?: number; cacheCanaryMs?: number } {
  return reading === undefined ? {} : { canaryMs: reading.computeMs, cacheCanaryMs: reading.cacheMs };
}
