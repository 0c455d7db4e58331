// Dependent-load latency over a grid of working sets: the packed staircase and the one-line-per-page chase.
import { readFileSync } from 'node:fs';
import { chaseOrder, chaseSpanBytes, linkCycle, LINE_BYTES, type ChaseLayout } from './chase-order.js';
import type { PageInfo, ProbePoint } from './record.js';
import { ProbeMemory, type ProbeExports } from './wasm-probes.js';

/**
 * A 4 KiB chain that always sits in L1, timed just before every repeat: the ratio of the two times
 * cancels out a machine that is slower for a while (another VM, frequency changes).
 */
const REFERENCE_BYTES = 4096;
/** Untimed calls before anything is timed, so V8 has swapped its optimised code in (it never replaces a running wasm frame). */
export const WARMUP_MS = 30;
/** Loads of the untimed pass that brings a working set into the caches, as a multiple of the timed loads. */
const WARM_LOADS_FACTOR = 4;

export interface LatencyOptions {
  layout: ChaseLayout;
  /** Bytes of lines in each chain (packed: the working set; spread: lines × 64 in as many pages). */
  sizes: readonly number[];
  loads: number;
  repeats: number;
  /** Called after each size with its point and the loads it ran (warm-up + reference + timed). */
  onPoint?: (point: ProbePoint, index: number) => void;
  /** Asked after each size with the points so far: true ends the grid there (the sizes left are not measured). */
  stopAfter?: (points: readonly ProbePoint[]) => boolean;
}

/** Median of a non-empty list. O(n log n). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const roundDown8 = (n: number): number => Math.max(8, n - (n % 8));

/** Call `run` repeatedly for at least `ms` milliseconds. */
export function spinFor(ms: number, run: () => void): void {
  const until = performance.now() + ms;
  while (performance.now() < until) run();
}

/** A linked chain of `lines` lines in `memory` (grown to fit), returning its first node. */
function buildChain(memory: ProbeMemory, layout: ChaseLayout, lines: number, seed: number): number {
  memory.ensure(chaseSpanBytes(layout, lines));
  return linkCycle(memory.words(), 0, chaseOrder(layout, lines, seed));
}

/**
 * Nanoseconds per dependent load for each size: per size a fresh random cycle (chaseOrder), one
 * untimed pass to bring it into the caches, then `repeats` timed runs of `loads` loads, each just
 * after the same loads over the L1 reference chain. The point keeps the median repeat, the fastest
 * and slowest, and the median ratio to the reference. Takes ≈ repeats × loads × latency per size.
 * The grid ends early when `stopAfter` says so.
 */
export function measureLatency(options: LatencyOptions, memory = new ProbeMemory(0)): ProbePoint[] {
  const loads = roundDown8(options.loads);
  const reference = new ProbeMemory(REFERENCE_BYTES);
  let refPosition = buildChain(reference, 'packed', REFERENCE_BYTES / LINE_BYTES, 0x1e1);
  let checksum = 0;
  const time = (exports: ProbeExports, start: number): { ns: number; end: number } => {
    const t0 = process.hrtime.bigint();
    const end = exports.chase(start, loads);
    return { ns: Number(process.hrtime.bigint() - t0) / loads, end };
  };
  spinFor(WARMUP_MS, () => (refPosition = reference.exports.chase(refPosition, 4096)));
  const points: ProbePoint[] = [];
  for (const [index, bytes] of options.sizes.entries()) {
    const lines = Math.max(1, Math.floor(bytes / LINE_BYTES));
    let p = buildChain(memory, options.layout, lines, 0x5eed + index);
    p = memory.exports.chase(p, roundDown8(Math.min(lines, WARM_LOADS_FACTOR * loads)));
    const times: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < options.repeats; r++) {
      const ref = time(reference.exports, refPosition);
      refPosition = ref.end;
      const run = time(memory.exports, p);
      p = run.end;
      times.push(run.ns);
      ratios.push(run.ns / ref.ns);
    }
    checksum ^= p;
    const point: ProbePoint = {
      workingSetBytes: bytes,
      nsPerLoad: median(times),
      relativeLatency: median(ratios),
      minNsPerLoad: Math.min(...times),
      maxNsPerLoad: Math.max(...times),
    };
    points.push(point);
    options.onPoint?.(point, index);
    if (options.stopAfter?.(points) === true) break;
  }
  if ((checksum ^ refPosition) === -1) throw new Error('unreachable: keeps the chase results observable');
  return points;
}

/** The bracketed mode of /sys/kernel/mm/transparent_hugepage/enabled ("always [madvise] never"), or null. */
export function parseThpMode(text: string | null): PageInfo['transparentHugePages'] {
  const mode = text === null ? null : /\[(always|madvise|never)\]/.exec(text)?.[1];
  return (mode ?? null) as PageInfo['transparentHugePages'];
}

/** AnonHugePages of /proc/self/smaps_rollup in bytes, or null when it cannot be read. */
export function anonHugePagesBytes(read: (path: string) => string | null = readText): number | null {
  const match = /^AnonHugePages:\s+(\d+) kB/m.exec(read('/proc/self/smaps_rollup') ?? '');
  return match ? Number(match[1]) * 1024 : null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * What the OS offers and what the chase got: whether the staircase ran on 2 MiB pages (transparent
 * huge pages in "always" mode and AnonHugePages grew), or why it could not. Node.js has no madvise,
 * so in "madvise" mode its ArrayBuffers and WebAssembly memories always get 4 KiB pages.
 */
export function describePages(
  hugeBytesGrowth: number | null,
  read: (path: string) => string | null = readText,
): PageInfo {
  const mode = parseThpMode(read('/sys/kernel/mm/transparent_hugepage/enabled'));
  const used = hugeBytesGrowth !== null && hugeBytesGrowth > 0;
  const reasons: Record<string, string> = {
    always: used
      ? `transparent huge pages are "always" here: the chase memory got ${hugeBytesGrowth} bytes of 2 MiB pages, so the staircase shows little page-walk cost`
      : 'transparent huge pages are "always" here, but the chase memory got none (fragmented memory or a small grid)',
    madvise:
      'transparent huge pages are "madvise" here and Node.js cannot madvise an ArrayBuffer or WebAssembly memory, so every chase ran on 4 KiB pages; a 2 MiB-page chase is not possible from Node on this machine',
    never: 'transparent huge pages are disabled here ("never"): every chase ran on 4 KiB pages',
  };
  return {
    pageBytes: 4096,
    transparentHugePages: mode,
    hugePagesUsedBytes: hugeBytesGrowth,
    hugePages: {
      used,
      reason: mode === null ? 'no /sys/kernel/mm/transparent_hugepage (not Linux): page sizes unknown' : reasons[mode]!,
    },
  };
}
