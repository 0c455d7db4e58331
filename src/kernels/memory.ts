// The memory guard: refuse, before allocating, a run whose arrays would not fit in the memory available.
import os from 'node:os';
import { UserError } from '../util/errors.js';
import { formatDecimalBytes, formatN } from '../util/format.js';
import type { KernelOptions, Variant } from './types.js';

/** Fraction of the available memory a run may take; the rest is head-room for V8, the OS and others. */
export const MEMORY_SAFETY_FRACTION = 0.8;

/** The longest Float64Array V8 11 (Node 20) creates; longer ones throw "Invalid typed array length". */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

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

/**
 * Why a run does not fit, as data (the sentence is describeMemoryRefusal's): either its arrays need more
 * bytes than are usable, or one array would be longer than the engine allows.
 */
export type MemoryRefusal =
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
  | { kind: 'array-length'; arrayLength: number; maxArrayLength: number };

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
  if (arrayLength > limits.maxArrayLength) {
    return { kind: 'array-length', arrayLength, maxArrayLength: limits.maxArrayLength };
  }
  return null;
}

/** The refusal as one line: "arrays at N=1e10 needs 320 GB of arrays (4 × 8 B × 1e10); 23.4 GB available, 18.7 GB usable". */
export function describeMemoryRefusal(variant: string, n: number, refusal: MemoryRefusal): string {
  const where = `${variant} at N=${formatN(n)}`;
  if (refusal.kind === 'array-length') {
    return `${where} needs Float64Arrays of ${formatN(refusal.arrayLength)} elements; the engine allows at most ${formatN(refusal.maxArrayLength)}`;
  }
  const arrays =
    refusal.arrayCount === null || refusal.arrayLength === null
      ? ''
      : ` (${refusal.arrayCount} × 8 B × ${formatN(refusal.arrayLength)})`;
  return (
    `${where} needs ${formatDecimalBytes(refusal.neededBytes)} of arrays${arrays}; ` +
    `${formatDecimalBytes(refusal.availableBytes)} available, ${formatDecimalBytes(refusal.usableBytes)} usable`
  );
}

/** Throw UserError (exit 1) naming the size needed when the run would not fit. */
export function checkFootprint(variant: Variant, n: number, options: KernelOptions, budget?: MemoryBudget): void {
  const refusal = footprintRefusal(variant, n, options, budget);
  if (refusal !== null) throw new UserError(describeMemoryRefusal(variant.name, n, refusal));
}
