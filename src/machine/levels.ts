// The memory levels as reported and as measured: sizes, shares, bandwidth per level, chunk cliffs, the page walk. Pure.
import { arraysLive, largestFittingChunk, summarizeChunkSweep, type NapkinVariant } from './napkin.js';
import { reportedLevels } from './cliffs.js';
import { median } from './latency.js';
import type { BandwidthCurve, BandwidthKernel, CacheLevel, MachineRecord, ProbeResult } from './record.js';
import type { ResultsFile } from '../results/schema.js';
import { interpolateLog } from './roofline.js';

/** One cache level with both sizes side by side: the measured one never silently replaces the reported one. */
export interface LevelSize {
  name: string;
  /** Per instance, as the OS reports it. */
  reportedBytes: number | null;
  /** Where the probe's latency staircase has its cliff for this level. */
  measuredBytes: number | null;
  /** Cores sharing one instance (recorded, else 1 for L1/L2 and all cores for L3 and beyond). */
  sharedByCores: number;
}

/** The data and unified levels of `machine`, smallest first, with the probe's cliffs beside the reported sizes. */
export function levelSizes(machine: Pick<MachineRecord, 'caches' | 'cores' | 'probe'>): LevelSize[] {
  const boundaries = machine.probe?.boundaries ?? [];
  return reportedLevels(machine.caches).map(({ name, bytes }) => {
    const cache = machine.caches.find((c: CacheLevel) => c.name === name);
    const sharedByCores =
      cache?.sharedByCores ?? ((cache?.level ?? 1) <= 2 ? 1 : (machine.cores.physical ?? machine.cores.logical ?? 1));
    return {
      name,
      reportedBytes: bytes,
      measuredBytes: boundaries.find((b) => b.name === name)?.detectedBytes ?? null,
      sharedByCores,
    };
  });
}

/** Bytes of a level one thread can count on when `threads` threads run (a shared level is split between them). */
export function shareBytes(bytes: number | null, level: LevelSize, threads: number): number | null {
  return bytes === null ? null : bytes / Math.max(1, Math.min(threads, level.sharedByCores));
}

/** The levels as `trafficByLevel` and the bandwidth table want them: measured size, else reported, per thread. */
export function effectiveLevels(levels: readonly LevelSize[], threads: number): Array<{ name: string; bytes: number }> {
  return levels.flatMap((level) => {
    const bytes = shareBytes(level.measuredBytes ?? level.reportedBytes, level, threads);
    return bytes === null ? [] : [{ name: level.name, bytes }];
  });
}

export interface LevelBandwidth {
  level: string;
  /** Median GB/s of the curve's points well inside the level (between 2× the level below and half this one). */
  gbPerSecond: number | null;
  /** Points it is the median of. */
  points: number;
}

/**
 * Bandwidth per level of one curve: for each level (and DRAM beyond the last), the median of the
 * points whose working set lies between twice the previous level's size and half this level's
 * size, so that transitions do not blur the plateaus; DRAM starts at twice `memoryFromBytes` when
 * that is larger (the reported last-level size: a measured one can be far smaller when other
 * machines share the cache, and the fall to DRAM then stretches over several octaves). Null where
 * no point falls inside. Pure.
 */
export function bandwidthByLevel(
  curve: BandwidthCurve,
  levels: ReadonlyArray<{ name: string; bytes: number }>,
  memoryFromBytes = 0,
): LevelBandwidth[] {
  const edges = [...levels.map((l) => ({ name: l.name, upper: l.bytes / 2 })), { name: 'DRAM', upper: Infinity }];
  return edges.map(({ name, upper }, i) => {
    const lower = i === 0 ? 0 : Math.max(levels[i - 1]!.bytes, i === levels.length ? memoryFromBytes : 0) * 2;
    const inside = curve.points.filter((p) => p.workingSetBytes >= lower && p.workingSetBytes <= upper);
    return {
      level: name,
      gbPerSecond: inside.length === 0 ? null : median(inside.map((p) => p.gbPerSecond)),
      points: inside.length,
    };
  });
}

/**
 * The bandwidth table of a probe: per kernel and thread count, per level (measured sizes, shared levels
 * split). DRAM starts past twice the reported last level — unless the staircase stopped early, having
 * seen every level and gone llcMultiple × past the last one it measured (coverage.stoppedEarly): then the
 * reported size is one the probe found no cache at, and DRAM starts past 4× the measured one (not 2×: a
 * cache shared with other machines falls to DRAM over a few octaves).
 */
export function bandwidthTable(
  probe: ProbeResult,
  levels: readonly LevelSize[],
): Array<{ kernel: BandwidthKernel; threads: number; levels: LevelBandwidth[] }> {
  const sizeOf = (l: LevelSize): number | null =>
    probe.coverage?.stoppedEarly === undefined
      ? l.reportedBytes
      : l.measuredBytes === null
        ? null
        : 2 * l.measuredBytes;
  return (probe.bandwidth?.curves ?? []).map((curve) => ({
    kernel: curve.kernel,
    threads: curve.threads,
    levels: bandwidthByLevel(
      curve,
      effectiveLevels(levels, curve.threads),
      Math.max(0, ...levels.map((l) => shareBytes(sizeOf(l), l, curve.threads) ?? 0)),
    ),
  }));
}

export interface ChunkCliff {
  level: string;
  /** Per-core share of the reported size, and the largest chunk whose live arrays fit it. */
  reportedBytes: number | null;
  reportedChunk: number | null;
  /** The same from the measured size. */
  measuredBytes: number | null;
  measuredChunk: number | null;
}

export interface ChunkCliffComparison {
  variant: string;
  arrays: number;
  n: number | null;
  workers: number | null;
  predicted: ChunkCliff[];
  /** From the chunk sweep: where the range within 10% of the best ends, and where time per term climbs. */
  measured: { bestChunk: number; nearBestMax: number; climbChunk: number | null } | null;
}

/**
 * The chunk at which each level overflows, per chunk-taking variant: its live arrays (8 bytes × C
 * each, per worker) against each level's per-core share, from the reported and from the measured
 * size; beside the measured edges of each chunk sweep in `results` when given. Pure.
 */
export function compareChunkCliffs(
  machine: Pick<MachineRecord, 'caches' | 'cores' | 'probe'>,
  variants: readonly NapkinVariant[],
  results?: ResultsFile,
): ChunkCliffComparison[] {
  const levels = levelSizes(machine);
  const predictedFor = (variant: NapkinVariant): { arrays: number; predicted: ChunkCliff[] } => {
    const arrays = arraysLive(variant);
    return {
      arrays,
      predicted: levels.map((level) => {
        const reportedBytes = shareBytes(level.reportedBytes, level, level.sharedByCores);
        const measuredBytes = shareBytes(level.measuredBytes, level, level.sharedByCores);
        return {
          level: level.name,
          reportedBytes,
          reportedChunk: largestFittingChunk(reportedBytes, arrays),
          measuredBytes,
          measuredChunk: largestFittingChunk(measuredBytes, arrays),
        };
      }),
    };
  };
  const chunkVariants = variants.filter((v) => v.options.includes('chunk'));
  if (results === undefined)
    return chunkVariants.map((v) => ({ variant: v.name, n: null, workers: null, measured: null, ...predictedFor(v) }));
  return summarizeChunkSweep(results).flatMap((summary) => {
    const variant = chunkVariants.find((v) => v.name === summary.variant);
    if (variant === undefined) return [];
    return [
      {
        variant: variant.name,
        n: summary.n,
        workers: summary.workers,
        ...predictedFor(variant),
        measured: {
          bestChunk: summary.bestChunk,
          nearBestMax: summary.nearBest.maxChunk,
          climbChunk: summary.climbChunk,
        },
      },
    ];
  });
}

/** The one-line-per-page chase beside the packed staircase at the same bytes of lines. */
export interface TranslationCost {
  pages: number;
  workingSetBytes: number;
  spreadNsPerLoad: number;
  /** The packed staircase at the same bytes, interpolated in log size. */
  packedNsPerLoad: number;
  /** spread − packed: what touching that many pages adds per load (0 when negative). */
  translationNs: number;
}

/**
 * Address translation cost per page count: each point of the one-line-per-page chase minus the
 * packed staircase at the same bytes of lines (the same data in cache, 64× the pages). It steps up
 * where the page count outgrows each TLB level. Empty without a spread chase. Pure.
 */
export function translationCosts(probe: ProbeResult): TranslationCost[] {
  const packed = probe.points;
  if (packed.length === 0) return [];
  const xs = packed.map((p) => p.workingSetBytes);
  const ys = packed.map((p) => p.nsPerLoad);
  return (probe.tlb?.spread ?? []).map((s) => {
    const packedNsPerLoad = interpolateLog(xs, ys, s.workingSetBytes);
    return {
      pages: s.pages,
      workingSetBytes: s.workingSetBytes,
      spreadNsPerLoad: s.nsPerLoad,
      packedNsPerLoad,
      translationNs: Math.max(0, s.nsPerLoad - packedNsPerLoad),
    };
  });
}

export interface PageWalkEstimate {
  /** The largest working set of the staircase, its pages (4 KiB) and its latency. */
  workingSetBytes: number;
  pages: number;
  nsPerLoad: number;
  /** The page counts of the one-line-per-page chase the estimate uses: the octave up to the largest set's. */
  fromPages: number;
  toPages: number;
  /** The smallest translation cost over those points (see pageWalkEstimate). */
  translationNs: number;
  /** translationNs ÷ nsPerLoad: the page walk's share of the largest working set's latency (an estimate). */
  share: number;
}

/**
 * How much of the largest working set's latency is the page walk, without huge pages: the
 * translation cost (translationCosts) with about as many pages as the largest working set touches,
 * where the lines themselves stay in cache — the smallest over the octave of page counts up to it.
 * On a quiet machine the cost is flat across that octave (30–37 ns here); when another tenant
 * squeezes the shared cache, the spread chase's lines fall to DRAM at its top and single points
 * jump to 200 ns, which the smallest ignores. An upper estimate all the same: spreading lines over
 * pages also loses what the spatial prefetchers gain on packed lines, and the page tables compete
 * with the lines for the cache. Null without a spread chase. Pure.
 */
export function pageWalkEstimate(probe: ProbeResult): PageWalkEstimate | null {
  const costs = translationCosts(probe);
  const largest = probe.points[probe.points.length - 1];
  if (costs.length === 0 || largest === undefined) return null;
  const pages = largest.workingSetBytes / 4096;
  const below = costs.filter((c) => c.pages <= pages);
  const top = below.length > 0 ? below[below.length - 1]!.pages : costs[0]!.pages;
  const used = costs.filter((c) => c.pages <= top && c.pages >= top / 2);
  const translationNs = Math.min(...used.map((c) => c.translationNs));
  return {
    workingSetBytes: largest.workingSetBytes,
    pages,
    nsPerLoad: largest.nsPerLoad,
    fromPages: used[0]!.pages,
    toPages: top,
    translationNs,
    share: translationNs / largest.nsPerLoad,
  };
}
