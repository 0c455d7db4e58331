// Find the plateaus of a latency-vs-working-set curve and the cliffs between them, and name the cliffs as cache levels.
import type { CacheLevel, CacheSizeFinding, ProbeBoundary, ProbePoint } from './record.js';

/** A stretch of the smoothed curve rising by less than this factor per octave counts as flat. */
export const FLAT_RISE_PER_OCTAVE = 1.3;
/** Two plateaus are different levels when the higher is at least this multiple of the lower; else they merge. */
export const CLIFF_RISE_RATIO = 1.5;
/** A plateau needs at least this many flat points. */
export const MIN_PLATEAU_POINTS = 2;
/** A measured size more than this factor from the reported one is a finding. */
export const DISAGREEMENT_FACTOR = 2;

/** What the detector reads from a point: its size and a value that rises at each cliff (latency, or a ratio to L1). */
export interface CurvePoint {
  workingSetBytes: number;
  value: number;
}

export interface Plateau {
  /** First and last working set on the plateau, bytes. */
  fromBytes: number;
  toBytes: number;
  /** Median smoothed value over it. */
  level: number;
}

export interface Staircase {
  plateaus: Plateau[];
  /** One per pair of consecutive plateaus: where the curve crosses the geometric mean of their levels, bytes. */
  cliffs: number[];
}

/** Median of each point with its two neighbours (ends use what exists). Pure; O(n). */
export function smoothMedian3(values: readonly number[]): number[] {
  return values.map((_, i) => {
    const window = values.slice(Math.max(0, i - 1), i + 2).sort((a, b) => a - b);
    return window[Math.floor(window.length / 2)]!;
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The plateaus and cliffs of a staircase. Steps: smooth with a 3-point median (one stray point
 * goes); mark a point flat when the curve around it (±half an octave) rises by less than
 * FLAT_RISE_PER_OCTAVE per octave; runs of ≥ MIN_PLATEAU_POINTS flat points are candidate plateaus;
 * walking up the sizes, a plateau less than CLIFF_RISE_RATIO above the current one merges into it (a
 * bump, or a slow drift such as DRAM's growing page-walk share), else a cliff separates them. The
 * cliff is placed where the curve crosses the geometric mean of the two levels, interpolated in
 * log–log between grid points: for a random chase over an LRU cache of C bytes that is ≈ 1.3–1.6 C,
 * and real caches start missing a little before C, so read it as ±50%. A level with no flat stretch
 * (missing, or too short for the grid) yields no cliff. Needs points sorted by size. Pure; O(n²) at worst.
 */
export function detectStaircase(points: readonly CurvePoint[]): Staircase {
  const n = points.length;
  if (n < MIN_PLATEAU_POINTS) return { plateaus: [], cliffs: [] };
  const octave = points.map((p) => Math.log2(p.workingSetBytes));
  const smooth = smoothMedian3(points.map((p) => p.value));
  const log = smooth.map((v) => Math.log(v));
  const spacing = median(octave.slice(1).map((x, i) => x - octave[i]!)) || 1;
  const half = Math.max(1, Math.round(0.5 / spacing));
  const flatSlope = Math.log(FLAT_RISE_PER_OCTAVE);
  const flat = log.map((_, i) => {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n - 1, i + half);
    return (log[hi]! - log[lo]!) / Math.max(octave[hi]! - octave[lo]!, 1e-9) < flatSlope;
  });
  const runs: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < n; i++) {
    if (!flat[i]) continue;
    let j = i;
    while (j + 1 < n && flat[j + 1]) j++;
    if (j - i + 1 >= MIN_PLATEAU_POINTS) runs.push({ start: i, end: j });
    i = j;
  }
  const levelOf = (run: { start: number; end: number }): number => median(smooth.slice(run.start, run.end + 1));
  const merged: Array<{ start: number; end: number; level: number }> = [];
  for (const run of runs) {
    const current = merged[merged.length - 1];
    const level = levelOf(run);
    if (current === undefined || level >= current.level * CLIFF_RISE_RATIO) merged.push({ ...run, level });
    else {
      current.end = run.end;
      current.level = levelOf(current);
    }
  }
  const cliffs = merged.slice(1).map((upper, k) => {
    const lower = merged[k]!;
    const target = Math.log(Math.sqrt(lower.level * upper.level));
    let m = lower.end + 1;
    while (m < upper.start && log[m]! < target) m++;
    const t = Math.min(1, Math.max(0, (target - log[m - 1]!) / (log[m]! - log[m - 1]! || 1)));
    return Math.round(2 ** (octave[m - 1]! + t * (octave[m]! - octave[m - 1]!)));
  });
  return {
    plateaus: merged.map((run) => ({
      fromBytes: points[run.start]!.workingSetBytes,
      toBytes: points[run.end]!.workingSetBytes,
      level: run.level,
    })),
    cliffs,
  };
}

/** The data or unified cache levels a record reports, smallest first, with the largest instance size of each name. */
export function reportedLevels(caches: readonly CacheLevel[]): Array<{ name: string; bytes: number | null }> {
  const byName = new Map<string, { level: number; bytes: number | null }>();
  for (const cache of caches) {
    if (cache.type === 'instruction') continue;
    const known = byName.get(cache.name);
    const bytes = cache.sizeBytes === null ? (known?.bytes ?? null) : Math.max(cache.sizeBytes, known?.bytes ?? 0);
    byName.set(cache.name, { level: cache.level, bytes });
  }
  return [...byName].sort((a, b) => a[1].level - b[1].level).map(([name, { bytes }]) => ({ name, bytes }));
}

/**
 * Which cliff is which level: in order when there are at least as many cliffs as levels (an extra
 * cliff comes from beyond the last cache — a TLB reach or a disturbed DRAM point — so the first
 * ones are the caches, however far a shared cache's measured size is from its reported one) or no
 * sizes to go by; with fewer cliffs than levels, the order-preserving pairing that minimises the
 * summed |log(cliff / size)|, so a missing level leaves its own name without a cliff instead of
 * shifting every name after it. Returns for each level the index of its cliff, or null. Pure;
 * brute force over pairings (≤ 5 levels).
 */
export function assignCliffs(
  cliffs: readonly number[],
  levels: ReadonlyArray<{ bytes: number | null }>,
): Array<number | null> {
  const inOrder = levels.map((_, i) => (i < cliffs.length ? i : null));
  if (cliffs.length >= levels.length || levels.some((level) => level.bytes === null)) return inOrder;
  let best: { cost: number; pairing: Array<number | null> } = { cost: Infinity, pairing: inOrder };
  const search = (level: number, nextCliff: number, pairing: Array<number | null>, cost: number): void => {
    if (level === levels.length) {
      const paired = pairing.filter((c) => c !== null).length;
      if (paired === Math.min(cliffs.length, levels.length) && cost < best.cost) best = { cost, pairing: [...pairing] };
      return;
    }
    search(level + 1, nextCliff, [...pairing, null], cost);
    for (let c = nextCliff; c < cliffs.length; c++) {
      const distance = Math.abs(Math.log(cliffs[c]! / levels[level]!.bytes!));
      search(level + 1, c + 1, [...pairing, c], cost + distance);
    }
  };
  search(0, 0, [], 0);
  return best.pairing;
}

const DEFAULT_LEVEL_NAMES = ['L1d', 'L2', 'L3'];

/** The latency staircase as the detector reads it: the median ratio to the L1 reference chain. */
export function latencyCurve(points: readonly ProbePoint[]): CurvePoint[] {
  return points.map((p) => ({ workingSetBytes: p.workingSetBytes, value: p.relativeLatency }));
}

/** The cliffs of a latency staircase, bytes (detectStaircase on the ratio to L1). Pure. */
export function detectCliffs(points: readonly ProbePoint[]): number[] {
  return detectStaircase(latencyCurve(points)).cliffs;
}

/**
 * Name the cliffs of a latency staircase as the reported cache levels (L1d, L2, L3 when none are
 * reported) and put each beside its reported size; a level without a cliff gets a reason, and
 * cliffs beyond the reported levels are listed as extra. Pure.
 */
export function describeBoundaries(points: readonly ProbePoint[], caches: readonly CacheLevel[]): ProbeBoundary[] {
  const cliffs = detectCliffs(points);
  const reported = reportedLevels(caches);
  const levels = reported.length > 0 ? reported : DEFAULT_LEVEL_NAMES.map((name) => ({ name, bytes: null }));
  const pairing = assignCliffs(cliffs, levels);
  const range = `between ${points[0]?.workingSetBytes ?? 0} and ${points[points.length - 1]?.workingSetBytes ?? 0} bytes`;
  const boundaries: ProbeBoundary[] = levels.map(({ name, bytes }, i) => {
    const index = pairing[i] ?? null;
    const detectedBytes = index === null ? null : cliffs[index]!;
    const boundary: ProbeBoundary = {
      name,
      detectedBytes,
      recordedBytes: bytes,
      ratio: detectedBytes !== null && bytes !== null ? detectedBytes / bytes : null,
    };
    if (detectedBytes === null) boundary.reason = `no cliff found for ${name} (${cliffs.length} cliff(s) ${range})`;
    else if (bytes === null) boundary.reason = `no recorded ${name} size to compare with`;
    return boundary;
  });
  cliffs.forEach((bytes, index) => {
    if (pairing.includes(index)) return;
    boundaries.push({
      name: `cliff ${index + 1}`,
      detectedBytes: bytes,
      recordedBytes: null,
      ratio: null,
      reason: 'more cliffs than reported cache levels: a TLB reach, a cache the OS does not report, or noise',
    });
  });
  return boundaries;
}

/** Boundaries whose measured size is more than DISAGREEMENT_FACTOR from the reported one. Pure. */
export function cacheSizeFindings(boundaries: readonly ProbeBoundary[]): CacheSizeFinding[] {
  return boundaries.flatMap((b) =>
    b.detectedBytes !== null &&
    b.recordedBytes !== null &&
    b.ratio !== null &&
    (b.ratio > DISAGREEMENT_FACTOR || b.ratio < 1 / DISAGREEMENT_FACTOR)
      ? [
          {
            kind: 'cache-size-disagrees' as const,
            level: b.name,
            reportedBytes: b.recordedBytes,
            measuredBytes: b.detectedBytes,
            ratio: b.ratio,
          },
        ]
      : [],
  );
}

/**
 * Per-load latency (ns) that no cache level reaches: an L3 hit takes ~10–40 ns on current CPUs, main
 * memory ~60–150 ns (more with TLB misses). On a 2-core Zen 5 VM sizes past the L3 read 75–230 ns.
 */
export const MAIN_MEMORY_NS = 60;
/** Consecutive sizes at MAIN_MEMORY_NS or more that say the staircase is in main memory. */
export const MAIN_MEMORY_POINTS = 4;

/**
 * Whether a staircase measured up to its last point has seen enough, as the reason to stop (a sentence),
 * or null while it has not; only at `floorBytes` or beyond. Enough is either (1) every reported level
 * (or L1d, L2, L3 when none are reported) has its cliff and the grid is already `multiple` × past the
 * last level's cliff — this is how a probe sized from a reported last-level cache far larger than the
 * one a core sees (a VM passing the whole socket's L3 through CPUID) ends at 4× the one it saw; or (2) a
 * level's cliff is not found (a neighbour blurred it) but the last MAIN_MEMORY_POINTS sizes each took
 * MAIN_MEMORY_NS or more per load, slower than any cache: then the sizes still to come can only show main
 * memory and its TLB reach (measured separately). Without (2), on that VM a spell that hid the L3 cliff
 * sent the staircase on to 4× the reported 508 MiB, and the probe took 114 s instead of ~20. Pure.
 */
export function staircaseSeenEnough(
  points: readonly ProbePoint[],
  caches: readonly CacheLevel[],
  multiple: number,
  floorBytes: number,
): string | null {
  const last = points[points.length - 1];
  if (last === undefined || last.workingSetBytes < floorBytes) return null;
  // describeBoundaries lists the levels first, then any extra cliffs.
  const levelCount = reportedLevels(caches).length || DEFAULT_LEVEL_NAMES.length;
  const levels = describeBoundaries(points, caches).slice(0, levelCount);
  const unseen = levels.find((b) => b.detectedBytes === null);
  if (unseen !== undefined) return mainMemoryReached(points, unseen.name);
  const lastLevel = levels[levels.length - 1]!;
  if (last.workingSetBytes < multiple * lastLevel.detectedBytes!) return null;
  return (
    `every level seen, the last (${lastLevel.name}) at ${Math.round(lastLevel.detectedBytes!)} bytes` +
    (lastLevel.recordedBytes === null ? '' : ` (reported ${lastLevel.recordedBytes})`) +
    `: stopped at ${last.workingSetBytes} bytes, ${multiple}× past it`
  );
}

/** Rule (2) of staircaseSeenEnough: the reason when the last sizes are all main-memory slow, else null. */
function mainMemoryReached(points: readonly ProbePoint[], unseenLevel: string): string | null {
  const tail = points.slice(-MAIN_MEMORY_POINTS);
  if (tail.length < MAIN_MEMORY_POINTS || tail.some((p) => p.nsPerLoad < MAIN_MEMORY_NS)) return null;
  const first = tail[0]!;
  const last = tail[tail.length - 1]!;
  return (
    `no cliff found for ${unseenLevel}, but the last ${MAIN_MEMORY_POINTS} sizes (${first.workingSetBytes}–` +
    `${last.workingSetBytes} bytes) each took ${MAIN_MEMORY_NS} ns or more per load, slower than any cache: ` +
    `main memory reached, stopped at ${last.workingSetBytes} bytes`
  );
}
