// `broadcast`: numpy-style without the ones array — range, 1/range and its square, then sum.
import { divideOne, fillRange, squareArray, sumArray } from './array-steps.js';
import { defineSequentialVariant } from './sequential.js';
import { nowMs, stepRecord } from './step-timer.js';
import { workPass, type KernelOptions, type KernelResult } from './types.js';

/** The steps it times; there is no `ones` step (the scalar 1 is broadcast), so it is absent, not 0. */
export const BROADCAST_STEPS = ['range', 'divide', 'square', 'sum'] as const;

/** Float64Arrays of length N it holds at once: range, divide, square. */
export const BROADCAST_COUNT = 3;

/** Σ 1/x² for x = first..last inclusive the way basel_np_broadcast does it, timing each step. */
export function sumRange(first: number, last: number, options: Pick<KernelOptions, 'timeSteps'> = {}): KernelResult {
  const length = last - first + 1;
  const totals = new Float64Array(BROADCAST_STEPS.length);
  let t0 = nowMs();
  const r = new Float64Array(length);
  fillRange(r, first, length);
  let t1 = nowMs();
  totals[0] = t1 - t0;
  const div = new Float64Array(length);
  divideOne(div, r, length);
  t0 = nowMs();
  totals[1] = t0 - t1;
  const square = new Float64Array(length);
  squareArray(square, div, length);
  t1 = nowMs();
  totals[2] = t1 - t0;
  const sum = sumArray(square, length);
  t0 = nowMs();
  totals[3] = t0 - t1;
  return options.timeSteps === false ? { sum } : { sum, steps: stepRecord(BROADCAST_STEPS, totals) };
}

export const broadcast = defineSequentialVariant({
  name: 'broadcast',
  description: 'numpy-style with a broadcast 1: Float64Arrays of range, 1/range and its square, then their sum',
  mirrors: 'basel_np_broadcast',
  options: [],
  roles: { sweeps: ['n', 'steps'] },
  steps: BROADCAST_STEPS,
  arrayCount: BROADCAST_COUNT,
  arrayLength: (n) => n,
  // As arrays without the ones array: 1 / r reads one array.
  work: () => ({
    engine: 'js',
    threads: 1,
    passes: [
      workPass('range', { add: 1, writeBytes: 8, freshBytes: 8 }),
      workPass('divide', { div: 1, readBytes: 8, writeBytes: 8, freshBytes: 8 }),
      workPass('square', { mul: 1, readBytes: 8, writeBytes: 8, freshBytes: 8 }),
      workPass('sum', { add: 1, dependentAdds: 1 / 8, readBytes: 8 }),
    ],
  }),
  sumRange,
});
