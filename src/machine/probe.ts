// Empirical cache probe: dependent-load latency over working sets from 4 KiB to 256 MiB, single-threaded.
import { describeBoundaries } from './cliffs.js';
import type { CacheLevel, ProbePoint, ProbeResult } from './record.js';

export const PROBE_MIN_BYTES = 4 * 1024;
export const PROBE_MAX_BYTES = 256 * 1024 * 1024;
/** Working sets per doubling: 4 gives sizes 2^(k/4) apart (×1.19). */
export const PROBE_STEPS_PER_OCTAVE = 4;
/** Dependent loads timed per repetition at each size. */
export const PROBE_LOADS = 1 << 17;
/** Many short repeats, keeping the fastest: on a busy machine one of them usually runs undisturbed. */
export const PROBE_REPEATS = 15;
/** One node per cache line, so every load touches a different line. */
export const PROBE_LINE_BYTES = 64;
const INT32_PER_LINE = PROBE_LINE_BYTES / 4;
/** Lines per 4 KiB page: the chain finishes a page before it moves to the next. */
const LINES_PER_PAGE = 4096 / PROBE_LINE_BYTES;
/**
 * A 4 KiB chain that always sits in L1, timed just before every repeat: the ratio of the two times
 * cancels out a machine that is slower for a while (a busy SMT sibling, another VM, frequency changes).
 */
const REFERENCE_BYTES = 4096;
const JIT_WARMUP_LOADS = 1 << 20;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

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

/**
 * Measure each working set's latency: the fastest repeat in nanoseconds per load, and the median ratio
 * to the L1-resident reference timed just before each repeat. Takes ~5–20 s.
 */
export function measureLoadLatency(options: ProbeOptions = {}): ProbePoint[] {
  const sizes = probeSizes(
    options.minBytes ?? PROBE_MIN_BYTES,
    options.maxBytes ?? PROBE_MAX_BYTES,
    options.stepsPerOctave ?? PROBE_STEPS_PER_OCTAVE,
  );
  const loads = options.loads ?? PROBE_LOADS;
  const repeats = options.repeats ?? PROBE_REPEATS;
  const reference = new Int32Array(REFERENCE_BYTES / 4);
  linkRandomCycle(reference, REFERENCE_BYTES / PROBE_LINE_BYTES, 0x1e1);
  let sink = chase(reference, 0, JIT_WARMUP_LOADS); // get `chase` optimised before anything is timed
  const points: ProbePoint[] = [];
  const timeChase = (target: Int32Array): number => {
    const start = process.hrtime.bigint();
    sink ^= chase(target, 0, loads);
    return Number(process.hrtime.bigint() - start) / loads;
  };
  sizes.forEach((bytes, index) => {
    const lines = bytes / PROBE_LINE_BYTES;
    // A fresh buffer of exactly this size: small chains carved out of one 256 MiB buffer ran up to 2×
    // slower at L1 sizes in some runs on this VM, which hid the L1 cliff.
    const chain = new Int32Array(bytes / 4);
    linkRandomCycle(chain, lines, 0x5eed + index);
    sink ^= chase(chain, 0, Math.min(lines * 2, loads)); // warm: bring the working set into cache
    const times: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const referenceNs = timeChase(reference);
      const ns = timeChase(chain);
      times.push(ns);
      ratios.push(ns / referenceNs);
    }
    const point = { workingSetBytes: bytes, nsPerLoad: Math.min(...times), relativeLatency: median(ratios) };
    points.push(point);
    options.onPoint?.(index + 1, sizes.length, point);
  });
  if (sink === -1) points.push({ workingSetBytes: 0, nsPerLoad: 0, relativeLatency: 0 }); // never true; keeps `sink` observable
  return points;
}

/** Run the probe and name the cliffs it finds beside the recorded cache sizes. */
export function probeCaches(caches: readonly CacheLevel[], options: ProbeOptions = {}): ProbeResult {
  const started = performance.now();
  const points = measureLoadLatency(options);
  return {
    method: `dependent-load latency, one 64-byte line per load, pages and lines in random order, single-threaded, ${options.repeats ?? PROBE_REPEATS} × ${options.loads ?? PROBE_LOADS} loads per working set, each after the same loads over a 4 KiB L1-resident chain; cliffs found in the median ratio of the two`,
    points,
    boundaries: describeBoundaries(points, caches),
    elapsedMs: performance.now() - started,
  };
}
