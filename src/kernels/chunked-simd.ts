// `chunked-simd`: the steps of `chunked` over chunks of C terms, each a WebAssembly f64x2 loop in linear memory.
import { CHUNKED_STEPS, chunkScratchLength } from './chunked.js';
import { defineSequentialVariant } from './sequential.js';
import { nowMs, stepRecord } from './step-timer.js';
import { workPass, type KernelOptions, type KernelResult } from './types.js';
import { WASM_CALL_TERMS } from './wasm-module.js';
import { PASS_ARRAY_COUNT, scratchPassArrays } from './wasm-passes.js';

/**
 * Σ 1/x² for x = first..last inclusive as `chunked` sums it — for each chunk of at most C terms,
 * range → divide → square → sum on three scratch arrays, each chunk's sum added in order — with every
 * step a SIMD loop over the chunk (src/kernels/wasm/array-passes.wat). The scratch arrays live in
 * this thread's scratch memory, allocated once and reused (wasm-passes.ts). Same sums as `chunked`,
 * bit for bit. Times the steps (4 calls into WebAssembly and 4 clock reads per chunk) unless
 * `options.timeSteps === false`; then whole runs of chunks go to WebAssembly in one call.
 */
export function sumRange(
  first: number,
  last: number,
  options: Pick<KernelOptions, 'chunk' | 'timeSteps'>,
): KernelResult {
  const size = chunkScratchLength(last - first + 1, options.chunk);
  const { passes, r, d, s } = scratchPassArrays(size);
  if (options.timeSteps === false) {
    // Whole chunks per call, about WASM_CALL_TERMS terms, so a cold kernel picks up optimised code.
    const termsPerCall = size * Math.max(1, Math.floor(WASM_CALL_TERMS / size));
    let total = 0;
    for (let start = first; start <= last; start += termsPerCall) {
      total = passes.sumChunks(total, start, Math.min(last, start + termsPerCall - 1), size, r, d, s);
    }
    return { sum: total };
  }
  const totals = new Float64Array(CHUNKED_STEPS.length);
  let total = 0;
  let t0 = nowMs(); // each chunk's end time is the next chunk's start: 4 clock reads per chunk
  for (let start = first; start <= last; start += size) {
    const length = Math.min(size, last - start + 1);
    passes.range(r, start, length);
    const t1 = nowMs();
    passes.divide(d, r, length);
    const t2 = nowMs();
    passes.square(s, d, length);
    const t3 = nowMs();
    total += passes.sum(s, length);
    const t4 = nowMs();
    totals[0] = (totals[0] ?? 0) + (t1 - t0);
    totals[1] = (totals[1] ?? 0) + (t2 - t1);
    totals[2] = (totals[2] ?? 0) + (t3 - t2);
    totals[3] = (totals[3] ?? 0) + (t4 - t3);
    t0 = t4;
  }
  return { sum: total, steps: stepRecord(CHUNKED_STEPS, totals) };
}

export const chunkedSimd = defineSequentialVariant({
  name: 'chunked-simd',
  description: 'the chunked steps, each a WebAssembly f64x2 SIMD loop over the chunk in linear memory',
  mirrors: 'basel_chunks',
  options: ['chunk'],
  roles: { sweeps: ['n', 'steps', 'chunk'] },
  steps: CHUNKED_STEPS,
  arrayCount: PASS_ARRAY_COUNT,
  arrayLength: (n, options) => chunkScratchLength(n, options.chunk),
  wasmMemory: true,
  // The passes of `chunked`, each an f64x2 loop over the chunk in wasm memory (two terms per instruction).
  work: () => ({
    engine: 'wasm',
    threads: 1,
    passes: [
      workPass('range', { add: 1, lanes: 2, writeBytes: 8 }),
      workPass('divide', { div: 1, lanes: 2, readBytes: 8, writeBytes: 8 }),
      workPass('square', { mul: 1, lanes: 2, readBytes: 8, writeBytes: 8 }),
      workPass('sum', { add: 1, lanes: 2, dependentAdds: 1 / 16, readBytes: 8 }),
    ],
  }),
  sumRange,
});
