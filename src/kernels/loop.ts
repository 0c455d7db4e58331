// `loop`: the plain for loop over x = first..last, adding 1/(x·x) to one double accumulator.
import { defineSequentialVariant } from './sequential.js';
import { workPass, type KernelResult } from './types.js';

/**
 * Σ 1/x² for x = first..last inclusive, in increasing x. The fast form 1/(x*x) (one multiply, one
 * divide) instead of x**-2, which V8 compiles to a slower Math.pow call. `x` and `sum` stay doubles
 * throughout (x is a double from the start because first may exceed 2^31), so the loop is monomorphic.
 */
export function sumLoop(first: number, last: number): number {
  let sum = 0.0;
  for (let x = first; x <= last; x++) sum += 1 / (x * x);
  return sum;
}

/** The SumRange form of sumLoop. */
export function sumRange(first: number, last: number): KernelResult {
  return { sum: sumLoop(first, last) };
}

export const loop = defineSequentialVariant({
  name: 'loop',
  description: 'the plain for loop: one accumulator, s += 1/(x*x)',
  mirrors: 'basel_less_pythonic',
  options: [],
  roles: { sweeps: ['n'] },
  // 1/(x*x): a multiply and a divide; `sum +=` and `x++`: two adds, the sum a chain of one add per term.
  work: () => ({ engine: 'js', threads: 1, passes: [workPass('loop', { div: 1, mul: 1, add: 2, dependentAdds: 1 })] }),
  sumRange,
});
