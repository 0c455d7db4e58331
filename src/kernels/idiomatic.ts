// `idiomatic`: the one-liner a JS programmer writes — a generator of x, mapped to x ** -2, summed.
import { defineSequentialVariant } from './sequential.js';
import type { KernelResult } from './types.js';

/** Yield first, first+1, …, last: the analog of Python's range (but inclusive). */
export function* integers(first: number, last: number): Generator<number> {
  for (let x = first; x <= last; x++) yield x;
}

/** Apply `f` to every value of `values`, lazily. */
export function* mapValues<T, U>(values: Iterable<T>, f: (value: T) => U): Generator<U> {
  for (const value of values) yield f(value);
}

/** Add up `values` from the first to the last. */
export function sumValues(values: Iterable<number>): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

/**
 * Σ 1/x² for x = first..last inclusive, written the way `sum(x**-2 for x in range(1, N))` reads:
 * every term goes through two generators and a closure, and uses `x ** -2` (what a JS programmer
 * naturally writes; V8 turns it into a Math.pow call, slower than the 1/(x*x) the `loop` kernel uses).
 */
export function sumRange(first: number, last: number): KernelResult {
  return { sum: sumValues(mapValues(integers(first, last), (x) => x ** -2)) };
}

export const idiomatic = defineSequentialVariant({
  name: 'idiomatic',
  description: 'the idiomatic one-liner: a generator of x mapped to x ** -2 and summed',
  mirrors: 'basel',
  options: [],
  roles: { sweeps: ['n'] },
  sumRange,
});
