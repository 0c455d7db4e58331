// Find cache boundaries in a latency-vs-working-set curve: plateaus separated by cliffs.
import type { CacheLevel, ProbeBoundary, ProbePoint } from './record.js';

/** A rise of the smoothed latency above this multiple of the current plateau starts a cliff. */
export const CLIFF_RISE_RATIO = 1.5;
/** A cliff ends when the next point rises by less than this factor: the curve has flattened again. */
export const PLATEAU_FLAT_RATIO = 1.15;

const BOUNDARY_NAMES = ['L1d', 'L2', 'L3'] as const;

/** Median of each point with its two neighbours (ends use what exists). Pure; O(n). */
export function smoothMedian3(values: readonly number[]): number[] {
  return values.map((_, i) => {
    const window = values
      .slice(Math.max(0, i - 1), i + 2)
      .slice()
      .sort((a, b) => a - b);
    return window[Math.floor(window.length / 2)]!;
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The working-set sizes where latency leaves one plateau for the next. Walks the smoothed curve; a
 * cliff starts where latency exceeds CLIFF_RISE_RATIO × the current plateau's median, ends where it
 * flattens, and the boundary is the last size at or below the geometric mean of the two plateaus.
 * Needs points sorted by working set. Pure; O(n²) at worst for the plateau medians, n ≈ 65.
 */
export function detectCliffs(points: readonly ProbePoint[]): number[] {
  const smooth = smoothMedian3(points.map((point) => point.relativeLatency));
  const boundaries: number[] = [];
  let plateau: number[] = [];
  let i = 0;
  while (i < smooth.length) {
    const value = smooth[i]!;
    if (plateau.length === 0 || value <= median(plateau) * CLIFF_RISE_RATIO) {
      plateau.push(value);
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < smooth.length && smooth[j + 1]! > smooth[j]! * PLATEAU_FLAT_RATIO) j++;
    const before = median(plateau);
    const threshold = Math.sqrt(before * smooth[j]!);
    let k = i - 1;
    while (k + 1 < j && smooth[k + 1]! <= threshold) k++;
    boundaries.push(points[k]!.workingSetBytes);
    plateau = [smooth[j]!];
    i = j + 1;
  }
  return boundaries;
}

/** The recorded per-instance size of a level, taking the largest when core types differ. */
function recordedSize(caches: readonly CacheLevel[], name: string): number | null {
  const sizes = caches
    .filter((cache) => cache.name === name && cache.sizeBytes !== null)
    .map((cache) => cache.sizeBytes!);
  return sizes.length === 0 ? null : Math.max(...sizes);
}

/** Name the first three cliffs L1d, L2, L3 and put them beside the recorded sizes. Pure. */
export function describeBoundaries(points: readonly ProbePoint[], caches: readonly CacheLevel[]): ProbeBoundary[] {
  const cliffs = detectCliffs(points);
  return BOUNDARY_NAMES.map((name, index) => {
    const detectedBytes = cliffs[index] ?? null;
    const recordedBytes = recordedSize(caches, name);
    const boundary: ProbeBoundary = {
      name,
      detectedBytes,
      recordedBytes,
      ratio: detectedBytes !== null && recordedBytes !== null ? detectedBytes / recordedBytes : null,
    };
    if (detectedBytes === null)
      boundary.reason = `only ${cliffs.length} cliff(s) found between ${points[0]?.workingSetBytes ?? 0} and ${points[points.length - 1]?.workingSetBytes ?? 0} bytes`;
    else if (recordedBytes === null) boundary.reason = `no recorded ${name} size to compare with`;
    return boundary;
  });
}
