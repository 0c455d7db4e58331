// `arrays`: numpy-style — materialise ones, range, ones/range and its square as Float64Arrays, then sum.
import { divideArrays, fillRange, squareArray, sumArray } from './array-steps.js';
import { defineSequentialVariant } from './sequential.js';
import { nowMs, stepRecord } from './step-timer.js';
import { workPass, type KernelOptions, type KernelResult } from './types.js';

/** The steps it times, in the order of the article's code (`ones / r`, then np.square, then np.sum). */
export const ARRAYS_STEPS = ['ones', 'range', 'divide', 'square', 'sum'] as const;

/** Float64Arrays of length N it holds at once: ones, range, divide, square. */
export const ARRAYS_COUNT = 4;

/**
 * Σ 1/x² for x = first..last inclusive the way basel_np does it: each step allocates a fresh array of
 * the full length (as numpy does) and streams through memory once. Times each step (5 clock reads per
 * call) and reports the times unless `options.timeSteps === false`.
 */
export function sumRange(first: number, last: number, options: Pick<KernelOptions, 'timeSteps'> = {}): KernelResult {
  const length = last - first + 1;
  const totals = new Float64Array(ARRAYS_STEPS.length);
  let t0 = nowMs();
  const ones = new Float64Array(length).fill(1);
  let t1 = nowMs();
  totals[0] = t1 - t0;
  const r = new Float64Array(length);
  fillRange(r, first, length);
  t0 = nowMs();
  totals[1] = t0 - t1;
  const div = new Float64Array(length);
  divideArrays(div, ones, r, length);
  t1 = nowMs();
  totals[2] = t1 - t0;
  const square = new Float64Array(length);
  squareArray(square, div, length);
  t0 = nowMs();
  totals[3] = t0 - t1;
  const sum = sumArray(square, length);
  t1 = nowMs();
  totals[4] = t1 - t0;
  return options.timeSteps === false ? { sum } : { sum, steps: stepRecord(ARRAYS_STEPS, totals) };
}

export const arrays = defineSequentialVariant({
  name: 'arrays',
  description: 'numpy-style: Float64Arrays of ones, range, ones/range and its square, then their sum',
  mirrors: 'basel_np',
  options: [],
  roles: { sweeps: ['n', 'steps'] },
  steps: ARRAYS_STEPS,
  arrayCount: ARRAYS_COUNT,
  arrayLength: (n) => n,
  // Each step streams its inputs and writes a fresh array; sum's 8 accumulators make its chain 1/8 add per term.
  work: () => ({
    engine: 'js',
    threads: 1,
    passes: [
      workPass('ones', { writeBytes: 8, freshBytes: 8 }),
      workPass('range', { add: 1, writeBytes: 8, freshBytes: 8 }),
      workPass('divide', { div: 1, readBytes: 16, writeBytes: 8, freshBytes: 8 }),
      workPass('square', { mul: 1, readBytes: 8, writeBytes: 8, freshBytes: 8 }),
      workPass('sum', { add: 1, dependentAdds: 1 / 8, readBytes: 8 }),
    ],
  }),
  sumRange,
});
