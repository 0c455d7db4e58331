// Running a sweep: plan its points, resume from the stored file, measure the rest, save after each point.
import { exactPartialSum } from '../kernels/exact.js';
import { footprintRefusal, memoryBudget, type MemoryBudget } from '../kernels/memory.js';
import { getVariant } from '../kernels/registry.js';
import type { Variant } from '../kernels/types.js';
import { machineId as currentMachineId } from '../machine/id.js';
import { resolveOutDir } from '../util/paths.js';
import { newResultsFile } from '../results/create.js';
import { PointParamsSchema } from '../results/schema.js';
import type {
  Isolation,
  MemoryState,
  Point,
  PointParams,
  Profile,
  ResultsFile,
  Skip,
  SweepKind,
} from '../results/schema.js';
import { describeSkip } from '../results/skip.js';
import { pointKey, readResultsAt, resultsPath, saveResultsMerged } from '../results/store.js';
import { ArgumentError } from '../util/errors.js';
import { targetSampleMs } from './batch.js';
import { measureClockResolutionNs } from './clock.js';
import { bracketCanaries, canaryFields, readCanaries } from './canary.js';
import { findCrossovers } from './crossover.js';
import { takeSystemSnapshot } from '../machine/system-state.js';
import { startConditions } from './run-conditions.js';
import { allWarnings, recordBusySpan } from './validity.js';
import { MeasurementInterrupted } from './child.js';
import { DEFAULT_ISOLATION } from './child-protocol.js';
import type { PointMeasurer } from './isolated.js';
import { checkProcesses, createProcessMeasurer } from './processes.js';
import { RunOverBudgetError, canCollectGarbage, measureHarnessOverhead } from './measure.js';
import { PROFILE_SETTINGS, type ProfileSettings } from './profiles.js';
import { getSweepKindSpec } from './sweep-kinds.js';
import { kernelOptionsFor, seriesKey } from './point-params.js';
import { sampleBudgetSkip } from './sample-budget.js';
import { planSeries, type OverSeriesBudget, type SeriesPlan } from './series-plan.js';

export { kernelOptionsFor, seriesKey } from './point-params.js';
export { predictSampleMs } from './sample-budget.js';

/** What a sweep reports as it goes; `done` counts finished points, resumed ones included. */
export type SweepProgress =
  | {
      type: 'begin';
      kind: SweepKind;
      profile: Profile;
      path: string;
      total: number;
      resumed: number;
      /** The plan, before measuring: estimated ms of the points this run will measure (estimatePointsMs)… */
      estimatedMs?: number;
      /** …and how many the per-series budget leaves out (applySeriesBudget). */
      overBudget?: number;
      seriesBudgetMs?: number;
    }
  | { type: 'measuring'; kind: SweepKind; done: number; total: number; key: string; params: PointParams }
  | { type: 'point'; kind: SweepKind; done: number; total: number; point: Point }
  | { type: 'end'; kind: SweepKind; done: number; total: number; path: string; interrupted: boolean };

export interface SweepOptions {
  /** Grid and sampling preset; default `quick`. */
  profile?: Profile;
  /** Variant names to sweep instead of the kind's defaults. */
  variants?: readonly string[];
  /** Output folder; results go to `<outDir>/results/<machine-id>/<kind>-<profile>.json`. Default reports/. */
  outDir?: string;
  /** Start over instead of resuming (a file that does not load is still refused, never overwritten). */
  fresh?: boolean;
  onProgress?: (event: SweepProgress) => void;
  /** Checked before every run; when aborted the sweep stops, keeping the points it saved. */
  signal?: AbortSignal;
  /** Overrides of the profile's settings (tests and notebooks use smaller grids). */
  settings?: Partial<ProfileSettings>;
  /** The memory the guard allows (default: what the machine has available now). */
  memoryBudget?: MemoryBudget;
  /**
   * The plan made beforehand for this sweep's missing points (the report plans every sweep before the
   * probe and prints it); when given, the sweep measures by it instead of estimating again.
   */
  plan?: SeriesPlan;
  /** Default: machineId(). */
  machineId?: string;
  /**
   * Where points are measured: `series` (default) a fresh child process per series — one variant with
   * one set of options across its N grid —, `point` a fresh one per point, `none` in this process
   * (an abort then waits for the sample in progress; a child is killed at once).
   */
  isolate?: Isolation;
  /**
   * Memory states to measure array variants in (default: the sweep kind's). Ignored with isolation
   * `none`: this process's history decides the state, and the points declare none.
   */
  memory?: readonly MemoryState[];
  /**
   * Measures the points instead of createProcessMeasurer(isolate, the profile's processes) — tests inject
   * one whose child crashes; closed at the end.
   */
  measurer?: PointMeasurer;
}

/** Resolve and check the variants a sweep of `kind` runs. Throws ArgumentError naming a bad one. */
export function selectSweepVariants(kind: SweepKind, names?: readonly string[]): Variant[] {
  const spec = getSweepKindSpec(kind);
  if (names === undefined) return spec.defaultVariants();
  return names.map((name) => {
    const variant = getVariant(name);
    const refusal = spec.refuse(variant);
    if (refusal !== null) throw new ArgumentError(`the ${kind} sweep cannot run variant "${name}": ${refusal}`);
    return variant;
  });
}

/**
 * Run the sweep `kind`: plan its points for the profile, load the stored file (resume) unless
 * `fresh`, estimate the missing points and plan the per-series budget (the begin event carries the plan),
 * then measure each missing point — skipped if it would not fit in memory, is over its series' budget or
 * one sample would pass the per-sample budget, failed (and the sweep goes on) if it throws — saving
 * the file atomically after every point. Returns the file as saved. If `signal` aborts, the point in
 * progress is dropped and the sweep returns what it saved. On resume, stored points (also ones the
 * current plan does not list) are kept as measured, failed ones are measured again, and `parameters`
 * and `harness` describe the latest run.
 */
export async function runSweep(kind: SweepKind, options: SweepOptions = {}): Promise<ResultsFile> {
  const profile = options.profile ?? 'quick';
  const settings: ProfileSettings = { ...PROFILE_SETTINGS[profile], ...options.settings };
  const outDir = options.outDir ?? resolveOutDir();
  const id = options.machineId ?? currentMachineId();
  const variants = selectSweepVariants(kind, options.variants);
  const spec = getSweepKindSpec(kind);
  const isolation = options.measurer?.isolation ?? options.isolate ?? DEFAULT_ISOLATION;
  const memoryStates = isolation === 'none' ? [] : (options.memory ?? spec.memoryStates);
  // In this process there is one process to measure in, however many the profile asks for.
  const processes =
    options.measurer !== undefined
      ? (options.measurer.processes ?? 1)
      : isolation === 'none'
        ? 1
        : checkProcesses(settings.processes);
  const { points: planned, parameters } = spec.plan(variants, settings, memoryStates);
  for (const params of planned) {
    // Before any work: a grid the file could not store (N not a positive safe integer, say) is refused.
    const checked = PointParamsSchema.safeParse(params);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ArgumentError(
        `the ${kind} sweep's grid has ${pointKey(params)}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`,
      );
    }
  }
  const path = resultsPath(outDir, id, kind, profile);
  // A file that does not load, or says it is another machine's, kind's or profile's, throws here, even with --fresh.
  const stored = readResultsAt(path, { machineId: id, kind, profile });

  const clockResolutionNs = measureClockResolutionNs();
  const harness = {
    overheadMs: await measureHarnessOverhead(),
    gcBetweenSamples: isolation !== 'none' || canCollectGarbage(), // children always run with --expose-gc
    warmupRuns: settings.measure.warmupRuns,
    minSamples: settings.measure.minSamples,
    minTimeMs: settings.measure.minTimeMs,
    clockResolutionNs,
    minSampleMs: targetSampleMs(clockResolutionNs, settings.measure.minSampleMs),
    isolation,
    processes,
  };
  const fullParameters = {
    ...parameters,
    timeSteps: spec.timeSteps,
    measure: settings.measure,
    maxSampleMs: settings.maxSampleMs,
  };
  const file = newResultsFile(kind, profile, id, fullParameters, harness);
  const conditions = await startConditions(isolation, planned, settings, harness.gcBetweenSamples, clockResolutionNs);
  file.system = conditions.system;
  const byKey = new Map<string, Point>();
  /** Stored points a fresh start threw away (key → finishedAt), so a save does not merge them back. */
  const discarded = new Map<string, string>();
  if (stored !== undefined && options.fresh !== true) {
    file.startedAt = stored.startedAt;
    for (const point of stored.points) byKey.set(point.key, point);
  } else if (stored !== undefined) {
    for (const point of stored.points) discarded.set(point.key, point.finishedAt);
  }
  /** Keys this run measured: they win over the file's copy when saving. */
  const ownKeys = new Set<string>();
  const plannedKeys = planned.map(pointKey);
  const order = [...plannedKeys, ...[...byKey.keys()].filter((key) => !plannedKeys.includes(key))];
  const isFinished = (key: string): boolean => (byKey.get(key)?.status ?? 'failed') !== 'failed';
  const finishedCount = (): number => plannedKeys.filter(isFinished).length;
  const total = planned.length;

  // Another run may write this file meanwhile (a second sweep, a report): each save re-reads it under its
  // lock and merges, and the points it adds become ours too (not measured again).
  const save = (): void => {
    file.points = order.flatMap((key) => byKey.get(key) ?? []);
    file.updatedAt = new Date().toISOString();
    const merged = saveResultsMerged(outDir, file, {
      own: ownKeys,
      discarded,
      finish: (result) => {
        if (kind === 'workers') result.crossovers = findCrossovers(result);
        result.warnings = allWarnings(conditions.warnings(), result.points);
      },
    });
    for (const point of merged.points) {
      if (ownKeys.has(point.key)) continue;
      if (!byKey.has(point.key) && !order.includes(point.key)) order.push(point.key);
      byKey.set(point.key, point);
    }
    Object.assign(file, merged, { points: order.flatMap((key) => byKey.get(key) ?? []) });
  };

  // The plan, before any point is measured: each missing point's estimated work and the series budget.
  // Measured in children, estimated in a fresh one too (its timings then do not depend on this process).
  const plan =
    options.plan ??
    (await planSeries(
      {
        points: planned.filter((_, i) => !isFinished(plannedKeys[i] as string)),
        settings: { ...settings, processes },
        timeSteps: spec.timeSteps,
        budget: options.memoryBudget ?? memoryBudget(),
        isolated: options.measurer === undefined && isolation !== 'none',
      },
      options.signal,
    ));
  options.onProgress?.({
    type: 'begin',
    kind,
    profile,
    path,
    total,
    resumed: finishedCount(),
    // Stopped while planning: there is no plan to print (its estimates are zeros), only the interruption.
    ...(options.signal?.aborted === true
      ? {}
      : { estimatedMs: plan.estimatedMs, overBudget: plan.over.size, seriesBudgetMs: settings.seriesBudgetMs }),
  });
  let interrupted = false;
  const measurer = options.measurer ?? createProcessMeasurer(isolation, processes);
  // Measured here, this process reads the canaries before each point: once untimed first, so the first
  // reading is of optimised code (each measuring child does the same when it starts).
  if (measurer.isolation === 'none') readCanaries();
  try {
    for (const [index, params] of planned.entries()) {
      const key = plannedKeys[index] as string;
      if (isFinished(key)) continue;
      if (options.signal?.aborted === true) {
        interrupted = true;
        break;
      }
      options.onProgress?.({ type: 'measuring', kind, done: finishedCount(), total, key, params });
      const point = await measurePoint(key, params, {
        profile,
        clockResolutionNs,
        settings,
        timeSteps: spec.timeSteps,
        byKey,
        memoryBudget: options.memoryBudget,
        signal: options.signal,
        measurer,
        overSeriesBudget: plan.over.get(key),
      });
      if (point === undefined) {
        interrupted = true;
        break;
      }
      byKey.set(key, point);
      ownKeys.add(key);
      save();
      options.onProgress?.({ type: 'point', kind, done: finishedCount(), total, point });
    }
  } finally {
    await measurer.close();
  }
  // Interrupted: out at once, without watching the machine once more.
  if (!interrupted) {
    file.system.after = await takeSystemSnapshot({ sampleMs: settings.busySampleMs });
    save();
  }
  recordBusySpan(conditions.span());
  options.onProgress?.({ type: 'end', kind, done: finishedCount(), total, path, interrupted });
  return file;
}

interface PointContext {
  profile: Profile;
  clockResolutionNs: number;
  settings: ProfileSettings;
  timeSteps: boolean;
  byKey: ReadonlyMap<string, Point>;
  memoryBudget: MemoryBudget | undefined;
  signal: AbortSignal | undefined;
  measurer: PointMeasurer;
  /** Set when the plan left this point out of its series' budget. */
  overSeriesBudget: OverSeriesBudget | undefined;
}

/** Measure one point, or record why not; undefined when the signal aborted it. */
async function measurePoint(key: string, params: PointParams, context: PointContext): Promise<Point | undefined> {
  const base = { key, params };
  const finished = (): string => new Date().toISOString();
  const skipped = (skip: Skip): Point => ({
    ...base,
    status: 'skipped',
    skip,
    reason: describeSkip(skip, params, context.profile),
    finishedAt: finished(),
  });
  try {
    const variant = getVariant(params.variant);
    const kernelOptions = kernelOptionsFor(params, context.timeSteps);
    const refusal = footprintRefusal(variant, params.n, kernelOptions, context.memoryBudget);
    if (refusal !== null) return skipped(refusal);
    const planned = context.overSeriesBudget;
    if (planned !== undefined)
      return skipped({ kind: 'budget', budgetMs: context.settings.seriesBudgetMs, ...planned });
    const overBudget = sampleBudgetSkip(params, context.settings.maxSampleMs, context.byKey);
    if (overBudget !== null) return skipped(overBudget);

    const measureSettings = {
      ...context.settings.measure,
      maxRunMs: context.settings.maxSampleMs,
      clockResolutionNs: context.clockResolutionNs,
    };
    // The machine's speed, in registers and through the caches, for machine-slow: read by the measuring
    // child just before and after it measures (measurement.canary), or by this process when it measures itself.
    const measure = () =>
      context.measurer.measure(
        variant,
        params.n,
        kernelOptions,
        measureSettings,
        { signal: context.signal },
        { memory: params.memory, seriesKey: seriesKey(params) },
      );
    const bracketed =
      context.measurer.isolation === 'none'
        ? await bracketCanaries(measure)
        : { result: await measure(), canary: undefined };
    const { targetSampleMs: _target, canary, ...measurement } = bracketed.result;
    const exact = exactPartialSum(params.n);
    return {
      ...base,
      status: 'ok',
      finishedAt: finished(),
      ...measurement,
      ...canaryFields(canary ?? bracketed.canary),
      exact,
      absError: Math.abs(measurement.sum - exact),
    };
  } catch (error) {
    if (context.signal?.aborted === true || error instanceof MeasurementInterrupted) return undefined;
    if (error instanceof RunOverBudgetError) {
      return skipped({ kind: 'budget', budgetMs: error.budgetMs, runMs: error.runMs });
    }
    return {
      ...base,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      finishedAt: finished(),
    };
  }
}

/** The `n` sweep: chosen variants over the N grid. */
export const sweepN = (options?: SweepOptions): Promise<ResultsFile> => runSweep('n', options);
/** The `steps` sweep: per-step times of the variants that time steps, over the N grid. */
export const sweepSteps = (options?: SweepOptions): Promise<ResultsFile> => runSweep('steps', options);
/** The `chunk` sweep: chunked at fixed N over the chunk sizes. */
export const sweepChunkSize = (options?: SweepOptions): Promise<ResultsFile> => runSweep('chunk', options);
/** The `workers` sweep: the baseline against workers over N for 1..cores workers, with crossovers. */
export const sweepWorkers = (options?: SweepOptions): Promise<ResultsFile> => runSweep('workers', options);
