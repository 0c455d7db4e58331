// The memory guard: refuse, before allocating, a run whose arrays would not fit in the memory available.
import os from 'node:os';
import { UserError } from '../util/errors.js';
import { formatDecimalBytes, formatN } from '../util/format.js';
import type { KernelOptions, Variant } from './types.js';

/** Fraction of the available memory a run may take; the rest is head-room for V8, the OS and others. */
export const MEMORY_SAFETY_FRACTION = 0.8;

/** The longest Float64Array V8 11 (Node 20) creates; longer ones throw "Invalid typed array length". */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

/** The most one wasm32 linear memory holds: 65536 pages of 64 KiB = 4 GiB (so does V8 in Node 20). */
export const WASM32_MAX_BYTES = 2 ** 32;

/** Footprints up to this size are not checked (no /proc/meminfo read): they fit on any machine Node runs on. */
export const ALWAYS_FITS_BYTES = 16 * 2 ** 20;

/** What a run may use: bytes of memory and the longest typed array. */
export interface MemoryBudget {
  /** Bytes a run may allocate: MEMORY_SAFETY_FRACTION of the memory available to this process. */
  usableBytes: number;
  /** Bytes available to this process: MemAvailable (os.freemem), capped by a cgroup limit if any. */
  availableBytes: number;
  /** The longest typed array the engine allows, in elements. */
  maxArrayLength: number;
}

/** Why one thread's arrays do not fit: more bytes than usable, an array too long for the engine, or too much for one wasm32 memory. */
export type ArrayRefusal =
  | {
      kind: 'memory';
      /** Bytes of arrays the run would hold at once. */
      neededBytes: number;
      availableBytes: number;
      usableBytes: number;
      /** How many Float64Arrays of which length make up neededBytes (null when the variant has no single array length). */
      arrayCount: number | null;
      arrayLength: number | null;
    }
  | { kind: 'array-length'; arrayLength: number; maxArrayLength: number }
  | {
      kind: 'wasm-memory';
      neededBytes: number;
      arrayCount: number;
      arrayLength: number;
      /** What one wasm32 memory holds (WASM32_MAX_BYTES). */
      maxBytes: number;
    };

/**
 * Why a run does not fit, as data (the sentence is describeMemoryRefusal's): its arrays do not fit, or —
 * for a parallel variant — one thread's range does not fit its inner variant's limits.
 */
export type MemoryRefusal =
  ArrayRefusal | { kind: 'thread'; workers: number; inner: string; threadN: number; refusal: ArrayRefusal };

/** The budget of this process now: os.freemem() (Linux: MemAvailable), capped by the cgroup memory limit. */
export function memoryBudget(): MemoryBudget {
  let availableBytes = os.freemem();
  const constrained = process.constrainedMemory();
  // constrainedMemory() is 0 or a huge sentinel (2^64) when no cgroup limit applies.
  if (constrained > 0 && constrained < os.totalmem()) {
    availableBytes = Math.min(availableBytes, Math.max(0, constrained - process.memoryUsage.rss()));
  }
  return {
    availableBytes,
    usableBytes: availableBytes * MEMORY_SAFETY_FRACTION,
    maxArrayLength: MAX_TYPED_ARRAY_LENGTH,
  };
}

/**
 * Why `variant` cannot sum N = n terms with `options` within `budget`, or null when it fits. Never
 * throws; the sweeps store the refusal as a skipped point. O(1) (reads /proc/meminfo only when the
 * footprint exceeds ALWAYS_FITS_BYTES and no budget is given).
 */
export function footprintRefusal(
  variant: Variant,
  n: number,
  options: KernelOptions,
  budget?: MemoryBudget,
): MemoryRefusal | null {
  const bytes = variant.footprintBytes(n, options);
  if (budget === undefined && bytes <= ALWAYS_FITS_BYTES) return null;
  const limits = budget ?? memoryBudget();
  const arrayLength = variant.arrayLength?.(n, options) ?? 0;
  if (bytes > limits.usableBytes) {
    return {
      kind: 'memory',
      neededBytes: bytes,
      availableBytes: limits.availableBytes,
      usableBytes: limits.usableBytes,
      arrayCount: arrayLength > 0 ? Math.round(bytes / (8 * arrayLength)) : null,
      arrayLength: arrayLength > 0 ? arrayLength : null,
    };
  }
  if (variant.wasmMemory !== true && arrayLength > limits.maxArrayLength) {
    return { kind: 'array-length', arrayLength, maxArrayLength: limits.maxArrayLength };
  }
  if (variant.wasmMemory === true && bytes > WASM32_MAX_BYTES) {
    const arrayCount = Math.round(bytes / (8 * arrayLength));
    return { kind: 'wasm-memory', neededBytes: bytes, arrayCount, arrayLength, maxBytes: WASM32_MAX_BYTES };
  }
  const thread = variant.largestThread?.(n, options);
  if (thread !== undefined) {
    const refusal = footprintRefusal(thread.inner, thread.n, options, limits);
    if (refusal !== null && refusal.kind !== 'thread') {
      return { kind: 'thread', workers: options.workers, inner: thread.inner.name, threadN: thread.n, refusal };
    }
  }
  return null;
}

/** The refusal as one line: "arrays at N=1e10 needs 320 GB of arrays (4 × 8 B × 1e10); 23.4 GB available, 18.7 GB usable". */
export function describeMemoryRefusal(variant: string, n: number, refusal: MemoryRefusal): string {
  const where = `${variant} at N=${formatN(n)}`;
  switch (refusal.kind) {
    case 'array-length':
      return `${where} needs Float64Arrays of ${formatN(refusal.arrayLength)} elements; the engine allows at most ${formatN(refusal.maxArrayLength)}`;
    case 'memory': {
      const arrays =
        refusal.arrayCount === null || refusal.arrayLength === null
          ? ''
          : ` (${refusal.arrayCount} × 8 B × ${formatN(refusal.arrayLength)})`;
      return (
        `${where} needs ${formatDecimalBytes(refusal.neededBytes)} of arrays${arrays}; ` +
        `${formatDecimalBytes(refusal.availableBytes)} available, ${formatDecimalBytes(refusal.usableBytes)} usable`
      );
    }
    case 'wasm-memory':
      return (
        `${where} needs ${formatDecimalBytes(refusal.neededBytes)} of arrays (${refusal.arrayCount} × 8 B × ` +
        `${formatN(refusal.arrayLength)}) in one WebAssembly memory; a wasm32 memory holds at most ` +
        `${formatDecimalBytes(refusal.maxBytes)} (4 GiB): at most ${formatN(Math.floor(refusal.maxBytes / (8 * refusal.arrayCount)))} elements per array`
      );
    case 'thread':
      return (
        `${where} with W=${refusal.workers}: one thread's range does not fit: ` +
        describeMemoryRefusal(refusal.inner, refusal.threadN, refusal.refusal)
      );
  }
}

/** Throw UserError (exit 1) naming the size needed when the run would not fit. */
export function checkFootprint(variant: Variant, n: number, options: KernelOptions, budget?: MemoryBudget): void {
  const refusal = footprintRefusal(variant, n, options, budget);
  if (refusal !== null) throw new UserError(describeMemoryRefusal(variant.name, n, refusal));
}
