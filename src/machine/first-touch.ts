// First-touch cost: writing a freshly allocated Float64Array (page faults and zeroing) vs writing it again.
import { median } from './latency.js';
import type { FirstTouchPoint } from './record.js';

export const FIRST_TOUCH_PAGE_BYTES = 4096;

/** Write every element, as the array variants' fill loops do. Returns one element so the loop is kept. */
export function writeEvery(array: Float64Array, value: number): number {
  for (let i = 0; i < array.length; i++) array[i] = value;
  return array[array.length >> 1] ?? 0;
}

/** Run a full garbage collection when node was started with --expose-gc; else leave it to V8. */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * A size's repeats stop early once it has taken this long and has at least FEWEST_REPEATS of them:
 * an 800 MB array takes 2.5 s fresh on a VM whose page faults cost 10 µs, and its repeats agree within
 * a few percent, so the last ones would add seconds to every probe and nothing to the median.
 */
export const LONG_SIZE_MS = 3000;
export const FEWEST_REPEATS = 3;

export interface FirstTouchOptions {
  /** Array sizes in bytes (multiples of 8). */
  sizes: readonly number[];
  repeats: number;
  /** A size stops at FEWEST_REPEATS once it has taken this long (default LONG_SIZE_MS). */
  longSizeMs?: number;
  onPoint?: (point: FirstTouchPoint, index: number) => void;
}

/**
 * For each size, `repeats` times: allocate a Float64Array and write every element (fresh: the
 * allocator's zeroing and the page faults of memory never touched), then write it again (touched);
 * minor page faults are counted around the fresh write. Keeps the medians. The allocation is part of
 * the fresh time because it is part of what the array variants pay. A size past LONG_SIZE_MS stops at
 * FEWEST_REPEATS (or `repeats`, if fewer). Takes ≈ repeats × (fresh + touched).
 */
export function measureFirstTouch(options: FirstTouchOptions): FirstTouchPoint[] {
  for (let i = 0; i < 200; i++) writeEvery(new Float64Array(4096), i); // get writeEvery optimised first
  let checksum = 0;
  const points = options.sizes.map((bytes, index) => {
    const fresh: number[] = [];
    const touched: number[] = [];
    const faults: number[] = [];
    const started = performance.now();
    for (let r = 0; r < options.repeats; r++) {
      if (r >= FEWEST_REPEATS && performance.now() - started > (options.longSizeMs ?? LONG_SIZE_MS)) break;
      collect();
      const faults0 = process.resourceUsage().minorPageFault;
      const t0 = performance.now();
      const array = new Float64Array(bytes / 8);
      checksum += writeEvery(array, r + 1);
      const t1 = performance.now();
      faults.push(process.resourceUsage().minorPageFault - faults0);
      checksum += writeEvery(array, r + 2);
      touched.push(performance.now() - t1);
      fresh.push(t1 - t0);
    }
    collect();
    const pages = bytes / FIRST_TOUCH_PAGE_BYTES;
    const freshMs = median(fresh);
    const touchedMs = median(touched);
    const point: FirstTouchPoint = {
      bytes,
      freshMs,
      touchedMs,
      freshGbPerSecond: bytes / (freshMs * 1e6),
      touchedGbPerSecond: bytes / (touchedMs * 1e6),
      nsPerPage: ((freshMs - touchedMs) * 1e6) / pages,
      faultsPerPage: median(faults) / pages,
      nsPerFault: median(faults) > 0 ? ((freshMs - touchedMs) * 1e6) / median(faults) : null,
      repeats: fresh.length,
    };
    options.onPoint?.(point, index);
    return point;
  });
  if (checksum === -1) throw new Error('unreachable: keeps the writes observable');
  return points;
}
