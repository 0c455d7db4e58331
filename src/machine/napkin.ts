// Napkin math: how many float64 terms per chunk fit in each cache, and whether a chunk sweep agrees.
import type { KernelOptions, Variant } from '../kernels/types.js';
import type { ResultsFile } from '../results/schema.js';
import type { CacheLevel, CoreType, MachineRecord } from './record.js';
import { REFERENCE_M1_PRO } from './reference-m1-pro.js';
import { formatBytes } from '../util/format.js';

export const FLOAT64_BYTES = 8;
/** Chunk sizes whose time is within this factor of the best count as "as good as the best". */
export const NEAR_BEST_RATIO = 1.1;
/** A prediction "agrees" with a measurement when they are within this factor of each other. */
export const AGREEMENT_FACTOR = 2;
/** The N and chunk at which a variant's footprint is sampled to count its live arrays (chunk ≪ N). */
const COUNT_N = 2 ** 40;
const COUNT_CHUNK = 4096;
/** The article's measured best chunk and the arrays it counted (article-python-basel.md, "Some Napkin Math"). */
export const ARTICLE_CHUNK = 51_000;
export const ARTICLE_ARRAYS = 3;

/** The variant fields napkin math needs; the registry's variants satisfy it. */
export type NapkinVariant = Pick<Variant, 'name' | 'options' | 'footprintBytes'>;

/** One core's share of a cache: what a single-threaded chunk (or one worker) can use. */
export interface CacheBudget {
  /** The level's name, with " (probe)" when the size is the cache probe's cliff rather than the reported size. */
  cache: string;
  coreType: CoreType | null;
  /** Where the size comes from: what the OS reports, or where the probe's latency staircase has its cliff. */
  source: 'reported' | 'probe';
  budgetBytes: number | null;
  /** How the share was worked out, including any assumption. */
  basis: string;
}

/** The label of a budget measured by the probe: "L3 (probe)". */
export function probeLabel(cache: string): string {
  return `${cache} (probe)`;
}

/**
 * Per-core budgets for every data or unified cache: size per instance ÷ cores sharing it. When the
 * record does not say how many share, L1/L2 are assumed private and L3 shared by all physical cores;
 * the basis says so. A level the cache probe found a cliff for gets a second budget from that size,
 * shared the same way, right after the reported one: a VM can report a cache it does not have
 * (a whole socket's L3, say), and the napkin should be checked against what the code actually meets.
 */
export function cacheBudgets(machine: MachineRecord): CacheBudget[] {
  const boundaries = machine.probe?.boundaries ?? [];
  const probed = new Set<string>(); // one probe budget per level name (the probe ran on one core type)
  return machine.caches
    .filter((cache) => cache.type !== 'instruction')
    .flatMap((cache) => {
      const reported = { cache: cache.name, coreType: cache.coreType, source: 'reported' as const };
      const detected = boundaries.find((b) => b.name === cache.name)?.detectedBytes ?? null;
      const budgets: CacheBudget[] = [];
      const share = shareOf(cache, machine.cores.physical);
      if (cache.sizeBytes === null)
        budgets.push({
          ...reported,
          budgetBytes: null,
          basis: `size unknown: ${cache.reasons.sizeBytes ?? 'not recorded'}`,
        });
      else
        budgets.push({
          ...reported,
          budgetBytes: share.cores === null ? null : cache.sizeBytes / share.cores,
          basis: share.basis,
        });
      if (detected !== null && !probed.has(cache.name)) {
        probed.add(cache.name);
        budgets.push({
          cache: probeLabel(cache.name),
          coreType: cache.coreType,
          source: 'probe',
          budgetBytes: share.cores === null ? null : detected / share.cores,
          basis: `the probe's latency cliff, after ${formatBytes(detected)}; ${share.basis}`,
        });
      }
      return budgets;
    });
}

/** How many cores share one instance of `cache`, and how that was worked out (null cores: unknown). */
function shareOf(cache: CacheLevel, physicalCores: number | null): { cores: number | null; basis: string } {
  if (cache.sharedByCores !== null)
    return {
      cores: cache.sharedByCores,
      basis:
        cache.sharedByCores === 1 ? 'one instance per core' : `one instance shared by ${cache.sharedByCores} cores`,
    };
  if (cache.level <= 2) return { cores: 1, basis: 'assumed one instance per core: sharing not recorded' };
  if (physicalCores === null) return { cores: null, basis: 'sharing and core count unknown' };
  return { cores: physicalCores, basis: `assumed shared by all ${physicalCores} cores: sharing not recorded` };
}

/**
 * Float64 arrays of `chunk` elements a variant keeps live per chunk (per worker for parallel
 * variants), read from its own footprintBytes so the count cannot drift from the code.
 */
export function arraysLive(variant: NapkinVariant, options: Partial<KernelOptions> = {}): number {
  const workers = options.workers ?? 1;
  const full: KernelOptions = { chunk: COUNT_CHUNK, workers, inner: options.inner ?? 'chunked' };
  return variant.footprintBytes(COUNT_N, full) / (FLOAT64_BYTES * COUNT_CHUNK * workers);
}

/** bytes = 8 · k · C. */
export function chunkBytes(arrays: number, chunk: number): number {
  return FLOAT64_BYTES * arrays * chunk;
}

/** The largest C with 8 · k · C ≤ budget; null when unknown or the variant keeps no arrays. */
export function largestFittingChunk(budgetBytes: number | null, arrays: number): number | null {
  if (budgetBytes === null || arrays <= 0) return null;
  return Math.floor(budgetBytes / (FLOAT64_BYTES * arrays));
}

export interface ChunkFit extends CacheBudget {
  largestChunk: number | null;
}

export interface VariantFits {
  variant: string;
  arrays: number;
  /** True when the arrays are counted per worker. */
  perWorker: boolean;
  fits: ChunkFit[];
}

/** For each variant taking a chunk size: its live arrays and the largest chunk fitting each cache budget. */
export function napkinFits(machine: MachineRecord, variants: readonly NapkinVariant[]): VariantFits[] {
  const budgets = cacheBudgets(machine);
  return variants
    .filter((variant) => variant.options.includes('chunk'))
    .map((variant) => {
      const arrays = arraysLive(variant);
      return {
        variant: variant.name,
        arrays,
        perWorker: variant.options.includes('workers'),
        fits: budgets.map((budget) => ({ ...budget, largestChunk: largestFittingChunk(budget.budgetBytes, arrays) })),
      };
    });
}

export interface ChunkSweepSummary {
  variant: string;
  n: number;
  workers: number | null;
  points: Array<{ chunk: number; medianMs: number; nsPerTerm: number }>;
  bestChunk: number;
  bestMs: number;
  /** The contiguous chunk range around the best whose time is within NEAR_BEST_RATIO of it. */
  nearBest: { minChunk: number; maxChunk: number };
  /** The first chunk above the near-best range, where time per term climbs; null if it never does. */
  climbChunk: number | null;
}

/**
 * Summarise a chunk sweep per (variant, N, workers), from its measured points. Needs kind 'chunk'.
 * Pure; O(points log points).
 */
export function summarizeChunkSweep(results: ResultsFile): ChunkSweepSummary[] {
  const groups = new Map<string, ChunkSweepSummary['points']>();
  const keys = new Map<string, { variant: string; n: number; workers: number | null }>();
  for (const point of results.points) {
    if (point.status !== 'ok' || point.params.chunk === undefined) continue;
    const { variant, n } = point.params;
    const workers = point.params.workers ?? null;
    const key = `${variant}|${n}|${workers}`;
    keys.set(key, { variant, n, workers });
    const list = groups.get(key) ?? [];
    list.push({
      chunk: point.params.chunk,
      medianMs: point.stats.medianMs,
      nsPerTerm: (point.stats.medianMs * 1e6) / n,
    });
    groups.set(key, list);
  }
  return [...groups].map(([key, list]) => {
    const points = list.sort((a, b) => a.chunk - b.chunk);
    let best = 0;
    points.forEach((point, i) => {
      if (point.medianMs < points[best]!.medianMs) best = i;
    });
    const limit = points[best]!.medianMs * NEAR_BEST_RATIO;
    let low = best;
    while (low > 0 && points[low - 1]!.medianMs <= limit) low--;
    let high = best;
    while (high + 1 < points.length && points[high + 1]!.medianMs <= limit) high++;
    return {
      ...keys.get(key)!,
      points,
      bestChunk: points[best]!.chunk,
      bestMs: points[best]!.medianMs,
      nearBest: { minChunk: points[low]!.chunk, maxChunk: points[high]!.chunk },
      climbChunk: points[high + 1]?.chunk ?? null,
    };
  });
}

export interface NapkinComparison {
  variant: string;
  n: number;
  workers: number | null;
  arrays: number;
  predicted: Array<{ cache: string; coreType: CoreType | null; largestChunk: number | null }>;
  measured: { bestChunk: number; nearBestMin: number; nearBestMax: number; climbChunk: number | null };
  /** The cache whose fit is nearest the measured edge of the near-best range, and how far off. */
  nearestCache: string | null;
  ratio: number | null;
  verdict: string;
}

/** Predicted vs measured for each variant in a chunk sweep, with a one-line verdict each. */
export function compareNapkin(
  machine: MachineRecord,
  variants: readonly NapkinVariant[],
  results: ResultsFile,
): NapkinComparison[] {
  const fits = new Map(napkinFits(machine, variants).map((fit) => [fit.variant, fit]));
  return summarizeChunkSweep(results).flatMap((summary) => {
    const fit = fits.get(summary.variant);
    if (!fit) return [];
    const predicted = fit.fits.map(({ cache, coreType, largestChunk }) => ({ cache, coreType, largestChunk }));
    const edge = summary.nearBest.maxChunk;
    let nearest: { cache: string; largestChunk: number } | null = null;
    for (const p of predicted) {
      if (p.largestChunk === null || p.largestChunk <= 0) continue;
      if (
        nearest === null ||
        Math.abs(Math.log(edge / p.largestChunk)) < Math.abs(Math.log(edge / nearest.largestChunk))
      )
        nearest = { cache: p.cache, largestChunk: p.largestChunk };
    }
    const ratio = nearest ? edge / nearest.largestChunk : null;
    return [
      {
        variant: summary.variant,
        n: summary.n,
        workers: summary.workers,
        arrays: fit.arrays,
        predicted,
        measured: {
          bestChunk: summary.bestChunk,
          nearBestMin: summary.nearBest.minChunk,
          nearBestMax: edge,
          climbChunk: summary.climbChunk,
        },
        nearestCache: nearest?.cache ?? null,
        ratio,
        verdict: napkinVerdict(summary, nearest, ratio, fit.arrays),
      },
    ];
  });
}

function napkinVerdict(
  summary: ChunkSweepSummary,
  nearest: { cache: string; largestChunk: number } | null,
  ratio: number | null,
  arrays: number,
): string {
  const edge = summary.nearBest.maxChunk;
  if (nearest === null || ratio === null)
    return `no cache size recorded to compare with: best chunk ${summary.bestChunk}, within 10% up to ${edge}`;
  const bytes = chunkBytes(arrays, edge);
  const agrees = ratio <= AGREEMENT_FACTOR && ratio >= 1 / AGREEMENT_FACTOR;
  const climb =
    summary.climbChunk === null
      ? 'time per term never climbs in this sweep'
      : `time per term climbs from ${summary.climbChunk}`;
  return agrees
    ? `agrees: near-best chunks end at ${edge} (${bytes} bytes for ${arrays} arrays), within ${AGREEMENT_FACTOR}× of the ${nearest.cache} fit ${nearest.largestChunk}; ${climb}`
    : `disagrees: near-best chunks end at ${edge} (${bytes} bytes), ${ratio.toFixed(2)}× the nearest fit, ${nearest.largestChunk} for ${nearest.cache}; ${climb}`;
}

export interface ArticleNapkin {
  chunk: number;
  arrays: number;
  bytes: number;
  /** The article's own words for the result. */
  articleSays: string;
  against: Array<{
    cache: string;
    budgetBytes: number | null;
    basis: string;
    fits: boolean | null;
    ratio: number | null;
  }>;
}

/** The article's 51000 × 8 × 3 = 1 224 000 bytes, set against each cache of the reference M1 Pro (or another machine). */
export function reproduceArticleNapkin(machine: MachineRecord = REFERENCE_M1_PRO): ArticleNapkin {
  const bytes = chunkBytes(ARTICLE_ARRAYS, ARTICLE_CHUNK);
  return {
    chunk: ARTICLE_CHUNK,
    arrays: ARTICLE_ARRAYS,
    bytes,
    articleSays:
      '51000 × 8 × 3 = 1224000 ≈ 1.2 MB; "the maximum L1 + L2 cache space available to the function is ≈ 1.2 MB"',
    against: cacheBudgets(machine).map(({ cache, budgetBytes, basis }) => ({
      cache,
      budgetBytes,
      basis,
      fits: budgetBytes === null ? null : bytes <= budgetBytes,
      ratio: budgetBytes === null ? null : bytes / budgetBytes,
    })),
  };
}
