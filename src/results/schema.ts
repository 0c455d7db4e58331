// The versioned format of a sweep's results file, reports/results/<machine-id>/<kind>-<profile>.json, as a
// zod schema: files are read from disk (possibly from another machine), so every field is checked.
import { z } from 'zod';
import { SWEEP_KINDS } from '../kernels/roles.js';
import { RunSystemSchema, WarningSchema } from './warnings.js';

export { SWEEP_KINDS, type SweepKind } from '../kernels/roles.js';

/**
 * Bump when the format changes incompatibly. Version 1 files are upgraded on read (upgrade.ts); any
 * other version is refused. Version 2 grows by optional fields only (batch, clock resolution, validity
 * warnings, isolation), so a version-2 file without them still reads and means what it meant.
 */
export const RESULTS_VERSION = 2;

export const PROFILES = ['smoke', 'quick', 'full'] as const;
export type Profile = (typeof PROFILES)[number];

/** Where a series is measured: `series` a fresh child process per series, `point` per point, `none` in the sweep's process. */
export const ISOLATIONS = ['series', 'point', 'none'] as const;
export type Isolation = (typeof ISOLATIONS)[number];

/**
 * The memory state an array variant sees (src/measure/memory-state.ts): `fresh` pages from the OS on
 * every call (first touch, page faults) or `reused` pages the process already holds.
 */
export const MEMORY_STATES = ['fresh', 'reused'] as const;
export type MemoryState = (typeof MEMORY_STATES)[number];

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegative = finite.refine((value) => value >= 0, 'must be ≥ 0');
const count = z.number().int().nonnegative();
const termCount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const timestamp = z.string().min(1);

/** Summary statistics of a point's samples, all in milliseconds except `count` and `outliers`. */
export const StatsSchema = z.object({
  count: count,
  medianMs: nonNegative,
  minMs: nonNegative,
  maxMs: nonNegative,
  meanMs: nonNegative,
  stdDevMs: nonNegative,
  /** Interquartile range (Q3 − Q1). */
  iqrMs: nonNegative,
  /** Median absolute deviation from the median (unscaled). */
  madMs: nonNegative,
  /** 95% confidence interval of the median. */
  ciLowMs: nonNegative,
  ciHighMs: nonNegative,
  /** Samples outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. */
  outliers: count,
  /** Of them, mild (inside [Q1 − 3·IQR, Q3 + 3·IQR]) and severe (outside): Tukey's fences. Absent in older files. */
  mildOutliers: count.optional(),
  severeOutliers: count.optional(),
});
export type Stats = z.infer<typeof StatsSchema>;

/** What one point of a sweep measured: a variant at one N with its options. */
export const PointParamsSchema = z.object({
  variant: z.string().min(1),
  n: termCount,
  chunk: termCount.optional(),
  workers: z.number().int().positive().optional(),
  inner: z.string().min(1).optional(),
  /**
   * For variants that allocate full-length arrays on every call: the memory state declared for the
   * point. Absent for the others, in older files, and when measured in the sweep's own process
   * (isolation `none`), where the process's history decides it.
   */
  memory: z.enum(MEMORY_STATES).optional(),
});
export type PointParams = z.infer<typeof PointParamsSchema>;

/**
 * Why a point was not measured, as data; the stored `reason` is the sentence rendered from it
 * (describeSkip in skip.ts), and tables render their own short text from the same data.
 */
const ArrayRefusalSchemas = [
  /** Its arrays would need more memory than the run may use. */
  z.object({
    kind: z.literal('memory'),
    neededBytes: nonNegative,
    availableBytes: nonNegative,
    usableBytes: nonNegative,
    arrayCount: count.nullable(),
    arrayLength: count.nullable(),
  }),
  /** One of its arrays would be longer than the engine allows. */
  z.object({ kind: z.literal('array-length'), arrayLength: count, maxArrayLength: count }),
  /** Its arrays would not fit in one WebAssembly (wasm32) memory. */
  z.object({
    kind: z.literal('wasm-memory'),
    neededBytes: nonNegative,
    arrayCount: count,
    arrayLength: count,
    maxBytes: nonNegative,
  }),
] as const;

export const SkipSchema = z.discriminatedUnion('kind', [
  ...ArrayRefusalSchemas,
  /** A parallel variant: one thread's range would not fit its inner variant's limits. */
  z.object({
    kind: z.literal('thread'),
    workers: z.number().int().positive(),
    inner: z.string(),
    threadN: termCount,
    refusal: z.discriminatedUnion('kind', [...ArrayRefusalSchemas]),
  }),
  /**
   * One sample would take longer than the profile's per-sample budget: its first run did (`runMs`), it
   * was extrapolated to (`estimateMs`, from the series at `fromN`), or the series was already over it at
   * a smaller N (`overAtN`) — or, with `seriesMs`, the series' planned work up to and with this point
   * (estimated before measuring) is over the per-series budget `budgetMs`, this point's share `estimateMs`.
   * `firstRunFresh`: a `reused` point judged by its `fresh` twin, whose pages its first run touches too.
   */
  z.object({
    kind: z.literal('budget'),
    budgetMs: nonNegative.nullable(),
    seriesMs: nonNegative.optional(),
    firstRunFresh: z.literal(true).optional(),
    runMs: nonNegative.optional(),
    estimateMs: nonNegative.optional(),
    fromN: termCount.optional(),
    overAtN: termCount.optional(),
  }),
  /** A reason from an older file that the upgrade could not classify; the sentence says it all. */
  z.object({ kind: z.literal('other') }),
]);
export type Skip = z.infer<typeof SkipSchema>;
export type SkipKind = Skip['kind'];

const pointBase = {
  /** Stable identity of the point within its file, derived from its params (used to resume). */
  key: z.string().min(1),
  params: PointParamsSchema,
  finishedAt: timestamp,
};

export const MeasuredPointSchema = z.object({
  ...pointBase,
  status: z.literal('ok'),
  /** Every timed sample in the order taken, in milliseconds per call (a sample times `batch` calls). */
  samplesMs: z.array(nonNegative).min(1),
  /**
   * Calls per sample, chosen by a calibration run so a sample lasts at least the target
   * (harness.minSampleMs). Absent in files written before batching: every sample was one call.
   */
  batch: z.number().int().positive().optional(),
  stats: StatsSchema,
  /** Median milliseconds of each step over the samples, in step order, for variants with steps. */
  steps: z.record(z.string(), nonNegative).optional(),
  /** Every sample's milliseconds per step (same order as samplesMs), for variants with steps. */
  stepSamplesMs: z.record(z.string(), z.array(nonNegative)).optional(),
  sum: finite,
  exact: finite,
  absError: nonNegative,
  /**
   * Minor page faults per call over the timed samples (the whole measuring process): ~1 per 4 KiB of
   * fresh memory touched, so it shows the memory state. Absent in older files.
   */
  pageFaultsPerCall: nonNegative.optional(),
  /**
   * The machine's speed when the point was measured: the median ms of the fixed canary loop, the slower
   * of its readings just before and just after the point (measure/canary.ts; files before 2026-12-07
   * read it before only). Absent in older files.
   */
  canaryMs: nonNegative.optional(),
  /** The same from the cache canary (a fixed stream through 480 KB, measure/canary.ts). Absent in older files. */
  cacheCanaryMs: nonNegative.optional(),
  /**
   * When the point was measured in several fresh processes (harness.processes > 1): each one's share,
   * in the order its samples sit in samplesMs. Absent when measured in one process and in older files.
   */
  processes: z
    .array(
      z.object({ samples: z.number().int().positive(), medianMs: nonNegative, batch: z.number().int().positive() }),
    )
    .min(2)
    .optional(),
});
export type MeasuredPoint = z.infer<typeof MeasuredPointSchema>;

/** A point not measured on purpose: `skip` says why as data, `reason` as one sentence. */
export const SkippedPointSchema = z.object({
  ...pointBase,
  status: z.literal('skipped'),
  skip: SkipSchema,
  reason: z.string(),
});
export type SkippedPoint = z.infer<typeof SkippedPointSchema>;

/** A point whose measurement threw; the sweep carries on. */
export const FailedPointSchema = z.object({ ...pointBase, status: z.literal('failed'), error: z.string() });
export type FailedPoint = z.infer<typeof FailedPointSchema>;

export const PointSchema = z.discriminatedUnion('status', [MeasuredPointSchema, SkippedPointSchema, FailedPointSchema]);
export type Point = z.infer<typeof PointSchema>;

/**
 * Where a parallel series starts beating the sequential baseline in a `workers` sweep (derived from
 * the points by findCrossovers; stored in the file for convenience).
 */
export const CrossoverSchema = z.object({
  /** The parallel variant and its worker count. */
  variant: z.string(),
  workers: z.number().int().positive(),
  /** The sequential variant it is compared with (the registry's baseline). */
  baseline: z.string(),
  /** Median-time ratio parallel / baseline at each N where both were measured, N ascending. */
  ratios: z.array(z.object({ n: termCount, ratio: nonNegative })),
  /** The smallest measured N from which the parallel series is faster at every larger measured N; null if never. */
  crossoverN: termCount.nullable(),
  /** Where the ratio crosses 1, interpolated linearly in log N and log ratio between grid points; null if unknown. */
  interpolatedN: nonNegative.nullable(),
});
export type Crossover = z.infer<typeof CrossoverSchema>;

export const ResultsFileSchema = z.object({
  version: z.literal(RESULTS_VERSION),
  kind: z.enum(SWEEP_KINDS),
  profile: z.enum(PROFILES),
  machineId: z.string().min(1),
  /** Path of the machine's record relative to the output folder: `machines/<machine-id>.json`. */
  machineFile: z.string(),
  machine: z.object({
    hostname: z.string(),
    cpu: z.string(),
    logicalCores: count,
    totalMemoryBytes: nonNegative,
  }),
  node: z.string(),
  v8: z.string(),
  gitCommit: z.string().nullable(),
  startedAt: timestamp,
  updatedAt: timestamp,
  /** The grid and settings the sweep was asked for (N values, chunk sizes, workers, measure settings, …). */
  parameters: z.record(z.string(), z.unknown()),
  harness: z.object({
    overheadMs: nonNegative,
    gcBetweenSamples: z.boolean(),
    warmupRuns: count,
    minSamples: count,
    minTimeMs: nonNegative,
    /** The clock's measured resolution (smallest step between two readings), in ns. Absent in older files. */
    clockResolutionNs: nonNegative.optional(),
    /** The shortest a sample (a batch of calls) may last, in ms. Absent in older files (no batching). */
    minSampleMs: nonNegative.optional(),
    /** Where the points were measured. Absent in older files: in the sweep's own process (`none`). */
    isolation: z.enum(ISOLATIONS).optional(),
    /** Fresh processes each point's samples were spread over. Absent in older files: one. */
    processes: z.number().int().positive().optional(),
  }),
  points: z.array(PointSchema),
  /** For `workers` sweeps: where each parallel series overtakes the baseline. */
  crossovers: z.array(CrossoverSchema).optional(),
  /** The machine's state before and after the latest run (load, busy processes, CPU clocking). Absent in older files. */
  system: RunSystemSchema.optional(),
  /** Validity warnings: the latest run's conditions, then each point's (noisy samples, short warm-up). Absent in older files. */
  warnings: z.array(WarningSchema).optional(),
});
export type ResultsFile = z.infer<typeof ResultsFileSchema>;
