// The WebAssembly modules assembled at build time (scripts/build-wasm.ts): compiled once per thread, on first use.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';
import { WASM32_MAX_BYTES } from './memory.js';

/**
 * Terms per call into WebAssembly. V8 first runs a wasm function in its baseline compiler (Liftoff)
 * and swaps in the optimised (TurboFan) code only for calls made after tier-up; a wasm frame is never
 * replaced mid-call. Splitting a long range into calls of ~4 M terms (a few ms each) lets a cold
 * first call pick up the fast code after a call or two, at a cost of one call per block.
 */
export const WASM_CALL_TERMS = 2 ** 22;

/** Bytes in a WebAssembly memory page. */
export const WASM_PAGE_BYTES = 65_536;

/** A linear memory, as far as basel-lab uses it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The slice of the WebAssembly global we use (lib "DOM" would declare it, but this is Node-only code). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const compiled = new Map<string, object>();

/** The module assembled from src/kernels/wasm/<name>.wat, compiled synchronously once per thread. */
function compiledModule(name: string): object {
  let module = compiled.get(name);
  if (module === undefined) {
    const path = fileURLToPath(new URL(`./wasm/${name}.wasm`, import.meta.url));
    if (!existsSync(path)) {
      throw new UserError(`${path} is missing; run \`npm run build\` to assemble it from ${name}.wat`);
    }
    module = new wasm.Module(readFileSync(path));
    compiled.set(name, module);
  }
  return module;
}

/** A new instance of module `name` with `imports`; its exports. Instances share the compiled (and tiered-up) code. */
export function instantiateWasm(name: string, imports: object = {}): Record<string, unknown> {
  return new wasm.Instance(compiledModule(name), imports).exports;
}

/** A new linear memory of `pages` pages that can grow to 4 GiB. Throws RangeError if the engine cannot reserve it. */
export function newWasmMemory(pages: number): WasmMemory {
  return new wasm.Memory({ initial: pages, maximum: WASM32_MAX_BYTES / WASM_PAGE_BYTES });
}

/** A module's `sumRange(first, last)` export: Σ 1/x² for x = first..last, both carried as f64. */
export type WasmSumRange = (first: number, last: number) => number;

const rangeKernels = new Map<string, WasmSumRange>();

/** The `sumRange` export of module `name` (no imports), from one instance per thread made on first use. */
export function wasmSumRange(name: string): WasmSumRange {
  let kernel = rangeKernels.get(name);
  if (kernel === undefined) {
    kernel = instantiateWasm(name)['sumRange'] as WasmSumRange;
    rangeKernels.set(name, kernel);
  }
  return kernel;
}
