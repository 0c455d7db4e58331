// The ordered table of every variant of the sum: tools, tests and notebooks iterate it, never name variants.
import os from 'node:os';
import { ArgumentError } from '../util/errors.js';
import { arrays } from './arrays.js';
import { broadcast } from './broadcast.js';
import { broadcastSimd } from './broadcast-simd.js';
import { chunked } from './chunked.js';
import { chunkedSimd } from './chunked-simd.js';
import { closedForm } from './closed-form.js';
import { compensated } from './compensated.js';
import { idiomatic } from './idiomatic.js';
import { loop } from './loop.js';
import { unrolled } from './unrolled.js';
import { isSequentialVariant, type SequentialVariant } from './sequential.js';
import { findUserVariant, userVariantNames } from './user-variant.js';
import type { SweepKind } from './roles.js';
import type { KernelOptions, Variant } from './types.js';
import { wasmFewerDivides } from './wasm-fewer-divides.js';
import { wasmSimd } from './wasm-simd.js';
import { createWorkersColdVariant, createWorkersVariant } from './workers.js';

/*
 * How to add a variant
 * --------------------
 * One file per variant, src/kernels/<name>.ts, exporting the entry and listed once below, in the
 * order the study tells the story.
 *
 * Sequential variants (one thread) export a range kernel and wrap it with defineSequentialVariant
 * (src/kernels/sequential.ts):
 *
 *     export function sumRange(first: number, last: number, options: KernelOptions): KernelResult
 *
 * sums 1/x² for x = first..last inclusive (1 ≤ first ≤ last ≤ 2^53−1) on the calling thread; the
 * entry's `run(n, options)` is `sumRange(1, n, options)`. That is the API a parallel variant uses: a
 * worker given [a, b] looks up its `--inner` variant with getSequentialVariant(options.inner) and
 * calls `variant.sumRange(a, b, options)` (checkRange first if [a, b] comes from outside); steps (if
 * any) come back per range, in `variant.steps` order. Pass `timeSteps: false` to skip the step clock
 * reads when only the sum matters (`chunked` reads the clock 4 times per chunk).
 *
 * Memory: `run` checks the memory guard (src/kernels/memory.ts) before allocating; a caller of
 * `sumRange` that materialises arrays per worker checks `footprintRefusal` itself.
 *
 * Variant modules must not import this file (it imports them, and the cycle would leave the table
 * half-built); worker entry scripts may.
 *
 * Steps: a variant lists only the steps it performs, in order. `broadcast` and `chunked` have no
 * `ones` step (the article's table shows it as 0.00); consumers treat a missing step as 0 ms.
 */

/** Every variant, in the order of the study. */
export const VARIANTS: readonly Variant[] = [
  idiomatic,
  loop,
  arrays,
  broadcast,
  broadcastSimd,
  chunked,
  chunkedSimd,
  // The parallel variants get the lookup for their --inner injected (they may not import this file).
  createWorkersVariant(getSequentialVariant),
  createWorkersColdVariant(getSequentialVariant),
  closedForm,
  unrolled,
  wasmSimd,
  wasmFewerDivides,
  compensated,
];

/** The names of VARIANTS, in order. */
export const VARIANT_NAMES: readonly string[] = VARIANTS.map((variant) => variant.name);

/** The variants that run on one thread and can sum a sub-range: the choices for `--inner`. */
export const SEQUENTIAL_VARIANTS: readonly SequentialVariant[] = VARIANTS.filter(isSequentialVariant);

/** The names of SEQUENTIAL_VARIANTS, in order. */
export const SEQUENTIAL_VARIANT_NAMES: readonly string[] = SEQUENTIAL_VARIANTS.map((variant) => variant.name);

/** Terms per chunk when none is given: the article's chunk_size. */
export const DEFAULT_CHUNK = 20_000;

/**
 * The sequential variant speed-ups and crossovers are measured against: the one entry whose roles say
 * `baseline` (the article's `basel_chunks`, which its multicore version is compared with).
 */
export const BASELINE: SequentialVariant = findBaseline(SEQUENTIAL_VARIANTS);

/** The sequential variant each worker runs when none is given: the baseline, so parallel and sequential sum alike. */
export const DEFAULT_INNER = BASELINE.name;

/** The variants the `kind` sweep measures when none are chosen, in registry order (their roles say so). */
export function variantsInSweep(kind: SweepKind): Variant[] {
  return VARIANTS.filter((variant) => variant.roles.sweeps.includes(kind));
}

function findBaseline(variants: readonly SequentialVariant[]): SequentialVariant {
  const baselines = variants.filter((variant) => variant.roles.baseline === true);
  if (baselines.length !== 1) {
    throw new Error(
      `the registry needs exactly one sequential baseline variant (found ${baselines.map((v) => v.name).join(', ') || 'none'})`,
    );
  }
  return baselines[0] as SequentialVariant;
}

/** The options every variant accepts, filled with the defaults (workers = the number of cores). */
export function defaultKernelOptions(overrides: Partial<KernelOptions> = {}): KernelOptions {
  return { chunk: DEFAULT_CHUNK, workers: os.availableParallelism(), inner: DEFAULT_INNER, ...overrides };
}

/**
 * The variant called `name`: a built-in, else a user's variant defined in this process (lab.variant or a
 * loaded module). Throws ArgumentError listing the allowed names.
 */
export function getVariant(name: string): Variant {
  const variant = VARIANTS.find((candidate) => candidate.name === name) ?? findUserVariant(name);
  if (variant === undefined) {
    throw new ArgumentError(
      `unknown variant "${name}"; allowed: ${[...VARIANT_NAMES, ...userVariantNames()].join(', ')}`,
    );
  }
  return variant;
}

/** The sequential variant called `name` (a worker's `--inner`). Throws ArgumentError listing the allowed names. */
export function getSequentialVariant(name: string): SequentialVariant {
  const variant = SEQUENTIAL_VARIANTS.find((candidate) => candidate.name === name);
  if (variant === undefined) {
    throw new ArgumentError(`unknown sequential variant "${name}"; allowed: ${SEQUENTIAL_VARIANT_NAMES.join(', ')}`);
  }
  return variant;
}
