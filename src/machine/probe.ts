// Empirical cache probe: dependent-load latency over working sets from 4 KiB to 256 MiB, single-threaded.
import { describeBoundaries } from './cliffs.js';
import type { CacheLevel, ProbePoint, ProbeResult } from './record.js';

export const PROBE_MIN_BYTES = 4 * 1024;
export const PROBE_MAX_BYTES = 256 * 1024 * 1024;
/** Working sets per doubling: 4 gives sizes 2^(k/4) apart (×1.19). */
export const PROBE_STEPS_PER_OCTAVE = 4;
/** Dependent loads timed per repetition at each size. */
export const PROBE_LOADS = 1 << 20;
export const PROBE_REPEATS = 3;
/** One node per cache line, so every load touches a different line. */
export const PROBE_LINE_BYTES = 64;
const INT32_PER_LINE = PROBE_LINE_BYTES / 4;
/** Lines per 4 KiB page: the chain finishes a page before it moves to the next. */
const LINES_PER_PAGE = 4096 / PROBE_LINE_BYTES;

export interface ProbeOptions {
  minBytes?: number;
  maxBytes?: number;
  stepsPerOctave?: number;
  loads?: number;
  repeats?: number;
  /** Called after each working set, for progress. */
  onPoint?: (done: number, total: number, point: ProbePoint) => void;
}

/** Log-spaced working-set sizes from min to max inclusive, each a whole number of cache lines. */
export function probeSizes(minBytes: number, maxBytes: number, stepsPerOctave: number): number[] {
  const sizes: number[] = [];
  const octaves = Math.log2(maxBytes / minBytes);
  const count = Math.round(octaves * stepsPerOctave);
  for (let i = 0; i <= count; i++) {
    const bytes = Math.round((minBytes * 2 ** (i / stepsPerOctave)) / PROBE_LINE_BYTES) * PROBE_LINE_BYTES;
    if (sizes[sizes.length - 1] !== bytes) sizes.push(bytes);
  }
  return sizes;
}

/** A small fast PRNG (mulberry32) so the chain is the same on every run. */
function random32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Link the first `lines` cache lines of `chain` into one cycle that visits pages in random order and
 * the lines of each page in random order (Sattolo-style shuffles), so prefetchers cannot guess the next
 * address while TLB misses stay rare (one per page of loads) and do not masquerade as cache cliffs.
 */
function linkRandomCycle(chain: Int32Array, lines: number, seed: number): void {
  const next = random32(seed);
  const shuffle = (items: Int32Array): void => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const swap = items[i]!;
      items[i] = items[j]!;
      items[j] = swap;
    }
  };
  const pages = Math.ceil(lines / LINES_PER_PAGE);
  const pageOrder = new Int32Array(pages);
  for (let i = 0; i < pages; i++) pageOrder[i] = i;
  shuffle(pageOrder);
  const order = new Int32Array(lines);
  let filled = 0;
  for (const page of pageOrder) {
    const first = page * LINES_PER_PAGE;
    const inPage = new Int32Array(Math.min(LINES_PER_PAGE, lines - first));
    for (let i = 0; i < inPage.length; i++) inPage[i] = first + i;
    shuffle(inPage);
    order.set(inPage, filled);
    filled += inPage.length;
  }
  for (let i = 0; i < lines; i++) chain[order[i]! * INT32_PER_LINE] = order[(i + 1) % lines]! * INT32_PER_LINE;
}

/** Follow the chain `loads` times; returning the final index keeps the loop from being optimised away. */
function chase(chain: Int32Array, start: number, loads: number): number {
  let p = start;
  for (let i = 0; i < loads; i++) p = chain[p]!;
  return p;
}

/** Measure nanoseconds per dependent load at each working set (fastest of the repeats, least disturbed by other processes). Takes ~10–30 s. */
export function measureLoadLatency(options: ProbeOptions = {}): ProbePoint[] {
  const sizes = probeSizes(options.minBytes ?? PROBE_MIN_BYTES, options.maxBytes ?? PROBE_MAX_BYTES, options.stepsPerOctave ?? PROBE_STEPS_PER_OCTAVE);
  const loads = options.loads ?? PROBE_LOADS;
  const repeats = options.repeats ?? PROBE_REPEATS;
  const chain = new Int32Array(sizes[sizes.length - 1]! / 4);
  const points: ProbePoint[] = [];
  let sink = 0;
  sizes.forEach((bytes, index) => {
    const lines = bytes / PROBE_LINE_BYTES;
    linkRandomCycle(chain, lines, 0x5eed + index);
    sink ^= chase(chain, 0, Math.min(lines * 2, loads)); // warm: bring the working set into cache and the loop into optimised code
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = process.hrtime.bigint();
      sink ^= chase(chain, 0, loads);
      times.push(Number(process.hrtime.bigint() - start) / loads);
    }
    times.sort((a, b) => a - b);
    const point = { workingSetBytes: bytes, nsPerLoad: times[0]! };
    points.push(point);
    options.onPoint?.(index + 1, sizes.length, point);
  });
  if (sink === -1) points.push({ workingSetBytes: 0, nsPerLoad: 0 }); // never true; keeps `sink` observable
  return points;
}

/** Run the probe and name the cliffs it finds beside the recorded cache sizes. */
export function probeCaches(caches: readonly CacheLevel[], options: ProbeOptions = {}): ProbeResult {
  const started = performance.now();
  const points = measureLoadLatency(options);
  return {
    method: `dependent-load latency, one 64-byte line per load, pages and lines in random order, single-threaded, fastest of ${options.repeats ?? PROBE_REPEATS} × ${options.loads ?? PROBE_LOADS} loads per working set`,
    points,
    boundaries: describeBoundaries(points, caches),
    elapsedMs: performance.now() - started,
  };
}
