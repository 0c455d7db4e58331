// The contract every variant of the sum S(N) = Σ_{x=1..N} 1/x² fulfils; the registry lists them.
import type { VariantRoles } from './roles.js';

/** Options a variant may take; `Variant.options` says which ones it reads. */
export type OptionName = 'chunk' | 'workers' | 'inner';

export interface KernelOptions {
  /** Terms per chunk, for chunked variants. An integer ≥ 1; may exceed N. */
  chunk: number;
  /** Worker threads, for parallel variants. An integer in [1, 256]; may exceed N. */
  workers: number;
  /** The sequential variant each worker runs, for parallel variants. */
  inner: string;
  /**
   * Time the steps (default true). `false` skips the per-step clock reads and returns no `steps`:
   * `chunked` reads the clock 4 times per chunk (≈ 0.1 µs each): +3% at C = 20000 (noise) but +60%
   * at C = 100 (measured at N = 1e7), so chunk-size sweeps and workers turn it off.
   */
  timeSteps?: boolean;
}

export interface KernelResult {
  /** S(N), summed over x = 1..N inclusive. */
  sum: number;
  /** Milliseconds spent in each step, in step order, for variants that time their steps. */
  steps?: Record<string, number>;
}

/**
 * One pass a variant makes over its terms (a step of the numpy-style variants, or the whole fused
 * loop), as work per term. Operations count float64 operations (an f64x2 instruction counts 2);
 * bytes count what the pass's loops load and store in arrays (8 per float64 array element).
 */
export interface WorkPass {
  /** The step it belongs to (a name from `steps`, the inner variant's for a parallel one), or the variant's name. */
  step: string;
  /** Float64 divides, multiplies and adds per term (adds include a double loop counter, e.g. `x++`). */
  div: number;
  mul: number;
  add: number;
  /** Float64 values per instruction: 1 scalar, 2 for f64x2. */
  lanes: 1 | 2;
  /**
   * Adds per term on the longest loop-carried chain (each waits for the previous): 1 for a single
   * running sum, 1/4 with four accumulators, 1/8 with four f64x2 accumulators. Bounds the pass by
   * the add latency however fast the other units are.
   */
  dependentAdds: number;
  /** Bytes loaded from arrays per term. */
  readBytes: number;
  /** Bytes stored to arrays per term. */
  writeBytes: number;
  /** Of writeBytes, those stored into a freshly allocated array: each new 4 KiB page costs a page fault. */
  freshBytes: number;
}

/** A WorkPass for `step` with the counts given and every other count 0, scalar (one lane). */
export function workPass(step: string, counts: Partial<Omit<WorkPass, 'step'>>): WorkPass {
  const zero = {
    div: 0,
    mul: 0,
    add: 0,
    lanes: 1 as const,
    dependentAdds: 0,
    readBytes: 0,
    writeBytes: 0,
    freshBytes: 0,
  };
  return { step, ...zero, ...counts };
}

/** What one term costs a variant: its passes, where it runs and on how many threads (src/machine/roofline.ts reads it). */
export interface VariantWork {
  passes: readonly WorkPass[];
  /** The code the passes compile from: JavaScript (V8's JIT) or WebAssembly. */
  engine: 'js' | 'wasm';
  /** Threads sharing the terms, each running `passes` over its own share (1 for sequential variants). */
  threads: number;
}

export interface Variant {
  /** The name tools and notebooks select it by, e.g. `chunked`. */
  readonly name: string;
  /** One line: what it does. */
  readonly description: string;
  /** The reference article's function it mirrors (e.g. `basel_chunks`), or null if it goes beyond the article. */
  readonly mirrors: string | null;
  /** The options it reads. */
  readonly options: readonly OptionName[];
  /** Which sweeps measure it by default, and whether it is the baseline. */
  readonly roles: VariantRoles;
  /** Names of the steps it times, in order, if it times any. */
  readonly steps?: readonly string[];
  /**
   * Bytes of memory it materialises for N terms with these options (0 when it needs O(1) memory).
   * Used to refuse, before allocating, a run that would not fit in the memory available.
   */
  footprintBytes(n: number, options: KernelOptions): number;
  /** Length of the longest array it allocates for n terms (absent or 0 if none); the memory guard checks it. */
  arrayLength?(n: number, options: KernelOptions): number;
  /**
   * True when its arrays live in one WebAssembly memory per thread instead of typed arrays: a wasm32
   * memory holds at most 4 GiB whatever the machine has, and the memory guard refuses what would not fit.
   */
  readonly wasmMemory?: boolean;
  /** For a parallel variant: the inner variant and the length of the longest range one thread sums for N = n (the guard checks it). */
  largestThread?(n: number, options: KernelOptions): { inner: Variant; n: number };
  /**
   * Its work per term for the napkin math and the roofline, or null when the variant's cost is not
   * per term (closed-form) or not modelled (idiomatic's generators and closures); absent likewise.
   */
  work?(options: KernelOptions): VariantWork | null;
  /**
   * The file URL of the module whose default export is this variant, for a user's variant loaded from a
   * file (`--variant ./mine.mjs`): a measuring child process imports it. Absent for built-ins and for
   * variants defined in a notebook, which exist only in the process that defined them.
   */
  readonly module?: string;
  /** Compute S(n). Parallel variants return a promise. */
  run(n: number, options: KernelOptions): KernelResult | Promise<KernelResult>;
}
