// The versioned format of a sweep's results file: reports/results/<machine-id>/<kind>-<profile>.json.

/** Bump when the format changes; loading a file of another version fails with a clear message. */
export const RESULTS_VERSION = 1;

export const SWEEP_KINDS = ['n', 'steps', 'chunk', 'workers'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

export const PROFILES = ['smoke', 'quick', 'full'] as const;
export type Profile = (typeof PROFILES)[number];

/** Summary statistics of a point's samples, all in milliseconds except `count` and `outliers`. */
export interface Stats {
  count: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  stdDevMs: number;
  /** Interquartile range (Q3 − Q1). */
  iqrMs: number;
  /** Median absolute deviation from the median (unscaled). */
  madMs: number;
  /** 95% confidence interval of the median. */
  ciLowMs: number;
  ciHighMs: number;
  /** Samples outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. */
  outliers: number;
}

/** What one point of a sweep measured: a variant at one N with its options. */
export interface PointParams {
  variant: string;
  n: number;
  chunk?: number;
  workers?: number;
  inner?: string;
}

interface PointBase {
  /** Stable identity of the point within its file, derived from its params (used to resume). */
  key: string;
  params: PointParams;
  finishedAt: string;
}

export interface MeasuredPoint extends PointBase {
  status: 'ok';
  samplesMs: number[];
  stats: Stats;
  /** Median milliseconds of each step over the samples, in step order, for variants with steps. */
  steps?: Record<string, number>;
  /** Every sample's milliseconds per step (same order as samplesMs), for variants with steps. */
  stepSamplesMs?: Record<string, number[]>;
  sum: number;
  exact: number;
  absError: number;
}

/** A point not measured on purpose, e.g. its arrays would not fit in memory. */
export interface SkippedPoint extends PointBase {
  status: 'skipped';
  reason: string;
}

/** A point whose measurement threw; the sweep carries on. */
export interface FailedPoint extends PointBase {
  status: 'failed';
  error: string;
}

export type Point = MeasuredPoint | SkippedPoint | FailedPoint;

/**
 * Where a parallel series starts beating the sequential baseline in a `workers` sweep (derived from
 * the points by findCrossovers; stored in the file for convenience).
 */
export interface Crossover {
  /** The parallel variant and its worker count. */
  variant: string;
  workers: number;
  /** The sequential variant it is compared with (`chunked`). */
  baseline: string;
  /** Median-time ratio parallel / baseline at each N where both were measured, N ascending. */
  ratios: { n: number; ratio: number }[];
  /** The smallest measured N from which the parallel series is faster at every larger measured N; null if never. */
  crossoverN: number | null;
  /** Where the ratio crosses 1, interpolated linearly in log N and log ratio between grid points; null if unknown. */
  interpolatedN: number | null;
}

export interface ResultsFile {
  version: typeof RESULTS_VERSION;
  kind: SweepKind;
  profile: Profile;
  machineId: string;
  /** Path of the machine's record relative to the output folder: `machines/<machine-id>.json`. */
  machineFile: string;
  machine: { hostname: string; cpu: string; logicalCores: number; totalMemoryBytes: number };
  node: string;
  v8: string;
  gitCommit: string | null;
  startedAt: string;
  updatedAt: string;
  /** The grid and settings the sweep was asked for (N values, chunk sizes, workers, repeats, …). */
  parameters: Record<string, unknown>;
  harness: { overheadMs: number; gcBetweenSamples: boolean; warmupRuns: number; minSamples: number; minTimeMs: number };
  points: Point[];
  /** For `workers` sweeps: where each parallel series overtakes the baseline. */
  crossovers?: Crossover[];
}
