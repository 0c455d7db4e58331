// `chunked`: the broadcast steps over chunks of C terms, in three scratch arrays allocated once and reused.
import { divideOne, fillRange, squareArray, sumArray } from './array-steps.js';
import { defineSequentialVariant } from './sequential.js';
import { nowMs, stepRecord } from './step-timer.js';
import { workPass, type KernelOptions, type KernelResult } from './types.js';

/** The steps it times, summed over chunks (no `ones` step: the 1 is broadcast, as in basel_np_range). */
export const CHUNKED_STEPS = ['range', 'divide', 'square', 'sum'] as const;

/** Scratch Float64Arrays it holds: range, divide, square, each of min(C, terms) elements. */
export const CHUNKED_COUNT = 3;

/** Length of each scratch array for `terms` terms in chunks of `chunk`: min(C, terms). */
export function chunkScratchLength(terms: number, chunk: number): number {
  return Math.min(chunk, terms);
}

/**
 * Σ 1/x² for x = first..last inclusive, chunk by chunk: for each chunk [a, b] of at most C terms
 * (the last may be shorter; C may exceed the range) it runs range → divide → square → sum on the
 * same three scratch arrays, then adds the chunk's sum to the total (basel_chunks + basel_np_range).
 * Times each step of each chunk and returns the per-step totals: 4 performance.now() calls per chunk
 * (≈ 0.11 µs each here; at N = 1e7 the timed run took +3% at C = 20000, within noise, but +60% at
 * C = 100). With `options.timeSteps === false` it runs sumRangeUntimed instead and returns
 * no steps.
 */
export function sumRange(
  first: number,
  last: number,
  options: Pick<KernelOptions, 'chunk' | 'timeSteps'>,
): KernelResult {
  if (options.timeSteps === false) return { sum: sumRangeUntimed(first, last, options.chunk) };
  const terms = last - first + 1;
  const size = chunkScratchLength(terms, options.chunk);
  const r = new Float64Array(size);
  const div = new Float64Array(size);
  const square = new Float64Array(size);
  let rangeMs = 0;
  let divideMs = 0;
  let squareMs = 0;
  let sumMs = 0;
  let total = 0;
  let t0 = nowMs(); // each chunk's end time is the next chunk's start: 4 clock reads per chunk
  for (let start = first; start <= last; start += size) {
    const length = Math.min(size, last - start + 1);
    fillRange(r, start, length);
    const t1 = nowMs();
    divideOne(div, r, length);
    const t2 = nowMs();
    squareArray(square, div, length);
    const t3 = nowMs();
    total += sumArray(square, length);
    const t4 = nowMs();
    rangeMs += t1 - t0;
    divideMs += t2 - t1;
    squareMs += t3 - t2;
    sumMs += t4 - t3;
    t0 = t4;
  }
  return { sum: total, steps: stepRecord(CHUNKED_STEPS, Float64Array.of(rangeMs, divideMs, squareMs, sumMs)) };
}

/**
 * The same sum with no step timing: no performance.now() calls, for callers that only need the total.
 */
export function sumRangeUntimed(first: number, last: number, chunk: number): number {
  const terms = last - first + 1;
  const size = chunkScratchLength(terms, chunk);
  const r = new Float64Array(size);
  const div = new Float64Array(size);
  const square = new Float64Array(size);
  let total = 0;
  for (let start = first; start <= last; start += size) {
    const length = Math.min(size, last - start + 1);
    fillRange(r, start, length);
    divideOne(div, r, length);
    squareArray(square, div, length);
    total += sumArray(square, length);
  }
  return total;
}

export const chunked = defineSequentialVariant({
  name: 'chunked',
  description: 'the broadcast steps over chunks of C terms in scratch arrays allocated once',
  mirrors: 'basel_chunks',
  options: ['chunk'],
  roles: { sweeps: ['n', 'steps', 'chunk', 'workers'], baseline: true },
  steps: CHUNKED_STEPS,
  arrayCount: CHUNKED_COUNT,
  arrayLength: (n, options) => chunkScratchLength(n, options.chunk),
  // The broadcast steps, but into scratch arrays written before: no fresh pages after the first chunk.
  work: () => ({
    engine: 'js',
    threads: 1,
    passes: [
      workPass('range', { add: 1, writeBytes: 8 }),
      workPass('divide', { div: 1, readBytes: 8, writeBytes: 8 }),
      workPass('square', { mul: 1, readBytes: 8, writeBytes: 8 }),
      workPass('sum', { add: 1, dependentAdds: 1 / 8, readBytes: 8 }),
    ],
  }),
  sumRange,
});
