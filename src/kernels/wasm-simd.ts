// wasm-simd: S(N) in WebAssembly with f64x2 SIMD and four vector accumulators (src/kernels/wasm/basel.wat).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import { defineSequentialVariant } from './sequential.js';
import { workPass, type KernelResult } from './types.js';

/** The module assembled from basel.wat at build time (scripts/build-wasm.ts), beside this file in dist. */
const WASM_URL = new URL('./wasm/basel.wasm', import.meta.url);

/**
 * Terms per call into WebAssembly. V8 first runs a wasm function in its baseline compiler (Liftoff)
 * and swaps in the optimised (TurboFan) code only for calls made after tier-up; a wasm frame is never
 * replaced mid-call. Splitting a long range into blocks of ~4 M terms (a few ms each) lets a cold
 * first call pick up the fast code after a block or two, at a cost of one call per block.
 */
const BLOCK_TERMS = 2 ** 22;

type WasmSumRange = (first: number, last: number) => number;

/** The slice of the WebAssembly global we use (lib "DOM" would declare it, but this is Node-only code). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let sumRangeExport: WasmSumRange | undefined;

/** Compile and instantiate basel.wasm once, synchronously, on first use. */
function loadSumRange(): WasmSumRange {
  if (sumRangeExport !== undefined) return sumRangeExport;
  const path = fileURLToPath(WASM_URL);
  if (!existsSync(path)) {
    throw new UserError(`wasm-simd: ${path} is missing; run \`npm run build\` to assemble it from basel.wat`);
  }
  const module = new wasm.Module(readFileSync(path));
  const instance = new wasm.Instance(module, {});
  sumRangeExport = instance.exports['sumRange'] as WasmSumRange;
  return sumRangeExport;
}

/**
 * Σ 1/x² for x = first..last inclusive, in WebAssembly SIMD. 0 when first > last.
 * Needs integers 1 ≤ first and last ≤ 2^53 − 1 (x is carried exactly as f64).
 */
export function sumRangeWasmSimd(first: number, last: number): number {
  const sumBlock = loadSumRange();
  let sum = 0;
  for (let start = first; start <= last; start += BLOCK_TERMS) {
    sum += sumBlock(start, Math.min(last, start + BLOCK_TERMS - 1));
  }
  return sum;
}

/** The SumRange form of sumRangeWasmSimd. */
export function sumRange(first: number, last: number): KernelResult {
  return { sum: sumRangeWasmSimd(first, last) };
}

export const wasmSimd = defineSequentialVariant({
  name: 'wasm-simd',
  description: 'WebAssembly with f64x2 SIMD and four vector accumulators (divpd: two divides per instruction)',
  mirrors: null,
  options: [],
  // f64x2: per term a multiply, a divide, the accumulator add and the x add; 4 accumulators × 2 lanes.
  work: () => ({
    engine: 'wasm',
    threads: 1,
    passes: [workPass('wasm-simd', { div: 1, mul: 1, add: 2, lanes: 2, dependentAdds: 1 / 8 })],
  }),
  sumRange,
});
