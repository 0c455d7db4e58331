// The memory guard: refuse, before allocating, a run whose arrays would not fit in the memory available.
import os from 'node:os';
import { UserError } from '../errors.js';
import { formatCount } from '../util/format.js';
import type { SequentialVariant } from './sequential.js';
import type { KernelOptions, Variant } from './types.js';

/** A parallel variant: its threads each sum one range with an inner variant, whose own limits apply per thread. */
export interface ThreadedFootprint {
  /** The inner variant and the length of the longest range one thread sums for N = n. */
  largestThread(n: number, options: KernelOptions): { inner: Variant; n: number };
}

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
 * Why `variant` cannot sum N = n terms with `options` within `budget`, as one line — or null when it
 * fits. Never throws; the sweeps record the reason as a skip. O(1) (reads /proc/meminfo only when
 * the footprint exceeds ALWAYS_FITS_BYTES and no budget is given).
 */
export function footprintRefusal(
  variant: Variant,
  n: number,
  options: KernelOptions,
  budget?: MemoryBudget,
): string | null {
  const bytes = variant.footprintBytes(n, options);
  if (budget === undefined && bytes <= ALWAYS_FITS_BYTES) return null;
  const limits = budget ?? memoryBudget();
  const arrayLength = (variant as Partial<SequentialVariant>).arrayLength?.(n, options) ?? 0;
  const where = `${variant.name} at N=${formatCount(n)}`;
  if (bytes > limits.usableBytes) {
    const arrays =
      arrayLength > 0 ? ` (${Math.round(bytes / (8 * arrayLength))} × 8 B × ${formatCount(arrayLength)})` : '';
    return (
      `${where} needs ${formatBytes(bytes)} of arrays${arrays}; ` +
      `${formatBytes(limits.availableBytes)} available, ${formatBytes(limits.usableBytes)} usable`
    );
  }
  const inWasmMemory = (variant as Partial<SequentialVariant>).wasmMemory === true;
  if (!inWasmMemory && arrayLength > limits.maxArrayLength) {
    return `${where} needs Float64Arrays of ${formatCount(arrayLength)} elements; the engine allows at most ${formatCount(limits.maxArrayLength)}`;
  }
  if (inWasmMemory && bytes > WASM32_MAX_BYTES) {
    const count = Math.round(bytes / (8 * arrayLength));
    return (
      `${where} needs ${formatBytes(bytes)} of arrays (${count} × 8 B × ${formatCount(arrayLength)}) in one ` +
      `WebAssembly memory; a wasm32 memory holds at most ${formatBytes(WASM32_MAX_BYTES)} (4 GiB): ` +
      `at most ${formatCount(Math.floor(WASM32_MAX_BYTES / (8 * count)))} elements per array`
    );
  }
  const thread = (variant as Partial<ThreadedFootprint>).largestThread?.(n, options);
  if (thread !== undefined) {
    const reason = footprintRefusal(thread.inner, thread.n, options, limits);
    if (reason !== null) return `${where} with W=${options.workers}: one thread's range does not fit: ${reason}`;
  }
  return null;
}

/** Throw UserError (exit 1) with footprintRefusal's reason when the run would not fit. */
export function checkFootprint(variant: Variant, n: number, options: KernelOptions, budget?: MemoryBudget): void {
  const reason = footprintRefusal(variant, n, options, budget);
  if (reason !== null) throw new UserError(reason);
}

const BYTE_UNITS = [
  [1e12, 'TB'],
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'kB'],
] as const;

/** Bytes in decimal units with at most one decimal: 320 GB, 23.4 GB, 480 kB. */
function formatBytes(bytes: number): string {
  for (const [size, unit] of BYTE_UNITS) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} B`;
}
