// `broadcast-simd`: the steps of `broadcast` over whole arrays, each a WebAssembly f64x2 loop in linear memory.
import { BROADCAST_STEPS } from './broadcast.js';
import { defineSequentialVariant } from './sequential.js';
import { nowMs, stepRecord } from './step-timer.js';
import { workPass, type KernelOptions, type KernelResult } from './types.js';
import { PASS_ARRAY_COUNT, freshPassArrays, inCalls, sumPairwiseInCalls } from './wasm-passes.js';

/**
 * Σ 1/x² for x = first..last inclusive as `broadcast` sums it — range, 1/range and its square as
 * arrays of the whole length, then numpy's pairwise sum — with every step a SIMD loop
 * (src/kernels/wasm/array-passes.wat): vectorised, but streaming 24 B per term through memory, not
 * cache. The arrays are a fresh linear memory per call (allocated in the range step, as np.arange
 * allocates), released after. Same sum as `broadcast`, bit for bit. Steps unless timeSteps is false.
 */
export function sumRange(first: number, last: number, options: Pick<KernelOptions, 'timeSteps'> = {}): KernelResult {
  const length = last - first + 1;
  const t0 = nowMs();
  const { passes, r, d, s } = freshPassArrays(length);
  inCalls(length, (offset, count) => passes.range(r + 8 * offset, first + offset, count));
  const t1 = nowMs();
  inCalls(length, (offset, count) => passes.divide(d + 8 * offset, r + 8 * offset, count));
  const t2 = nowMs();
  inCalls(length, (offset, count) => passes.square(s + 8 * offset, d + 8 * offset, count));
  const t3 = nowMs();
  const sum = sumPairwiseInCalls(passes, s, length);
  const t4 = nowMs();
  if (options.timeSteps === false) return { sum };
  return { sum, steps: stepRecord(BROADCAST_STEPS, Float64Array.of(t1 - t0, t2 - t1, t3 - t2, t4 - t3)) };
}

export const broadcastSimd = defineSequentialVariant({
  name: 'broadcast-simd',
  description: 'the broadcast steps over whole arrays, each a WebAssembly f64x2 SIMD loop in linear memory',
  mirrors: 'basel_np_broadcast',
  options: [],
  roles: { sweeps: ['n', 'steps'] },
  steps: BROADCAST_STEPS,
  arrayCount: PASS_ARRAY_COUNT,
  arrayLength: (n) => n,
  wasmMemory: true,
  // The passes of `broadcast` as f64x2 loops over whole arrays in a fresh wasm memory per call.
  work: () => ({
    engine: 'wasm',
    threads: 1,
    passes: [
      workPass('range', { add: 1, lanes: 2, writeBytes: 8, freshBytes: 8 }),
      workPass('divide', { div: 1, lanes: 2, readBytes: 8, writeBytes: 8, freshBytes: 8 }),
      workPass('square', { mul: 1, lanes: 2, readBytes: 8, writeBytes: 8, freshBytes: 8 }),
      workPass('sum', { add: 1, lanes: 2, dependentAdds: 1 / 16, readBytes: 8 }),
    ],
  }),
  sumRange,
});
