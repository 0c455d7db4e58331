// lab.compare: several variants at one or more N, measured like for like (same settings, same place,
// turns taken in a rotating order), shown as a table and a time-vs-N chart, returned as data.
import { MAX_N, exactPartialSum } from '../../kernels/exact.js';
import { footprintRefusal } from '../../kernels/memory.js';
import type { KernelOptions, Variant } from '../../kernels/types.js';
import { canaryFields } from '../../measure/canary.js';
import { MeasurementInterrupted } from '../../measure/child.js';
import { withCellInterrupt } from '../../util/cell-interrupt.js';
import { timeLeftMs } from '../../util/progress.js';
import { createMeasurer, type PointMeasurer } from '../../measure/isolated.js';
import { RunOverBudgetError, canCollectGarbage, type MeasureSettings } from '../../measure/measure.js';
import { DEFAULT_MEMORY_STATE, hasMemoryState } from '../../measure/memory-state.js';
import { PROFILE_SETTINGS } from '../../measure/profiles.js';
import { pointParams } from '../../measure/sweep-kinds.js';
import { machineId } from '../../machine/id.js';
import { timeVsNChart } from '../../report/charts/charts.js';
import type { ChartDefinition } from '../../report/charts/chart-data.js';
import type { Table } from '../../report/table/model.js';
import { explorationTable } from '../../report/tables/explore.js';
import type { CompareSettings, Exploration } from '../../results/explore.js';
import { describeSkip } from '../../results/skip.js';
import type { MeasuredPoint, ResultsFile } from '../../results/schema.js';
import { pointKey } from '../../results/store.js';
import { ArgumentError } from '../../util/errors.js';
import { formatDuration, formatN } from '../../util/format.js';
import { progressDisplay, showTable } from '../display.js';
import { showFigure } from '../figures.js';
import { checkInteger, isolationFor, kernelOptions, profileOf, type MeasureOptions } from './options.js';
import { originOf, resolveVariant } from './variant.js';

export interface CompareOptions extends MeasureOptions {
  /** The N (or Ns) to measure every variant at: integers in [1, 2^53−1]. */
  n: number | readonly number[];
  /** A title for the table and chart (default "<variants> at N = …"). */
  title?: string;
  /**
   * A stored sweep (e.g. `await lab.loadOrRunSweep("n")`) whose points are used instead of measuring
   * the same variant, options and N again — only when it was measured under the same settings;
   * otherwise the comparison is refused, since mixing them would compare unlike with unlike.
   */
  stored?: ResultsFile;
  /** Show the table and the chart (and progress while measuring) in a notebook; default true. */
  show?: boolean;
}

/** What lab.compare returns: the exploration (what lab.save stores) plus the table and chart made from it. */
export interface Comparison extends Exploration {
  table: Table;
  chart: ChartDefinition;
  /** True when the measurement was interrupted (the points measured until then are kept). */
  interrupted: boolean;
}

/** The settings a comparison at `profile` measures under, in `isolation`. */
export function compareSettings(
  profile: CompareSettings['profile'],
  isolation: CompareSettings['isolation'],
): CompareSettings {
  const measure = PROFILE_SETTINGS[profile].measure;
  return {
    profile,
    isolation,
    warmupRuns: measure.warmupRuns,
    minSamples: measure.minSamples,
    minTimeMs: measure.minTimeMs,
    maxSamples: measure.maxSamples,
    gcBetweenSamples: isolation !== 'none' || canCollectGarbage(),
  };
}

/** The settings a stored sweep was measured under, as far as its file says. */
function storedSettings(file: ResultsFile): CompareSettings {
  const measure = (file.parameters.measure ?? {}) as { maxSamples?: number };
  return {
    profile: file.profile,
    isolation: file.harness.isolation ?? 'none',
    warmupRuns: file.harness.warmupRuns,
    minSamples: file.harness.minSamples,
    minTimeMs: file.harness.minTimeMs,
    maxSamples: measure.maxSamples ?? Number.NaN,
    gcBetweenSamples: file.harness.gcBetweenSamples,
  };
}

/** Refuse, in one line, stored points measured under other settings than this comparison's. */
function checkStored(file: ResultsFile, settings: CompareSettings): void {
  const stored = storedSettings(file);
  const differences = (Object.keys(settings) as (keyof CompareSettings)[])
    .filter((key) => stored[key] !== settings[key])
    .map((key) => `${key} ${String(stored[key])} there, ${String(settings[key])} here`);
  if (differences.length > 0)
    throw new ArgumentError(
      `cannot mix the stored ${file.kind} sweep into this comparison: it was measured under other settings (${differences.join('; ')}); leave out "stored" to measure every variant here`,
    );
}

/**
 * Measure every variant at every N under the same settings (the profile's sampling, one place:
 * a fresh child process per variant, or this process when any variant was defined in a notebook).
 * At each N (ascending) the variants take turns, the order rotating by one from one N to the next,
 * so no variant always goes first. A point too big for memory or over the profile's time budget is
 * noted, not measured. In a notebook shows a progress line, then the table (median, spread, ×-ratio
 * against the first variant) and the time-vs-N chart. Interrupting (options.signal) keeps what was
 * measured and says so.
 */
export function compare(variants: readonly (Variant | string)[], options: CompareOptions): Promise<Comparison> {
  return withCellInterrupt(options?.signal, (signal) => compareUnder(variants, { ...options, signal }));
}

async function compareUnder(variants: readonly (Variant | string)[], options: CompareOptions): Promise<Comparison> {
  if (!Array.isArray(variants) || variants.length === 0)
    throw new ArgumentError('compare needs a list of at least one variant (a lab.variant or a name)');
  const resolved = variants.map(resolveVariant);
  const names = resolved.map((variant) => variant.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new ArgumentError(`variant "${duplicate}" is listed twice`);
  const rawNs = Array.isArray(options?.n) ? (options.n as readonly number[]) : [options?.n];
  if (rawNs.length === 0) throw new ArgumentError('n must be an integer or a non-empty list of integers');
  const ns = [...new Set(rawNs.map((n) => checkInteger('n', n, 1, MAX_N)))].sort((a, b) => a - b);
  const kernel = kernelOptions(options);
  const profile = profileOf(options);
  const isolation = isolationFor(resolved, options.isolate);
  const settings = compareSettings(profile, isolation);
  if (options.stored !== undefined) checkStored(options.stored, settings);
  const title = options.title ?? `${names.join(', ')} at N = ${ns.map(formatN).join(', ')}`;
  const show = options.show !== false;

  const turns = ns.flatMap((n, i) => resolved.map((_, j) => ({ n, variant: resolved[(i + j) % resolved.length]! })));
  const points: MeasuredPoint[] = [];
  const notes: string[] = [];
  const progress = show ? progressDisplay('compare') : undefined;
  const measurers = new Map<string, PointMeasurer>();
  const startMs = Date.now();
  let interrupted = false;
  try {
    for (const [index, { n, variant }] of turns.entries()) {
      if (options.signal?.aborted === true) {
        interrupted = true;
        break;
      }
      progress?.update(
        index,
        turns.length,
        `${variant.name}, N = ${formatN(n)} — ${etaText(index, turns.length, startMs)}`,
      );
      const measurer = measurers.get(variant.name) ?? createMeasurer(isolation);
      measurers.set(variant.name, measurer);
      const outcome = await measureTurn(variant, n, kernel, settings, measurer, options);
      if (outcome === 'interrupted') {
        interrupted = true;
        break;
      }
      if (typeof outcome === 'string') notes.push(outcome);
      else points.push(outcome);
    }
  } finally {
    for (const measurer of measurers.values()) await measurer.close();
  }
  if (interrupted) notes.push(`interrupted: ${points.length} of ${turns.length} points kept`);
  const exploration: Exploration = {
    title,
    machineId: machineId(),
    measuredAt: new Date().toISOString(),
    settings,
    variants: resolved.map((variant) => ({
      name: variant.name,
      description: variant.description,
      origin: originOf(variant),
    })),
    points: orderPoints(points, ns, names),
    notes,
  };
  const table = explorationTable(exploration);
  const chart = timeVsNChart(exploration, { id: 'your-variants', title });
  if (show) {
    progress?.done(
      interrupted
        ? `interrupted: ${points.length} of ${turns.length} points kept`
        : `compare: ${points.length} points in ${((Date.now() - startMs) / 1000).toFixed(1)} s`,
    );
    showTable(table);
    if (points.length > 0) await showFigure(chart);
  }
  return { ...exploration, table, chart, interrupted };

  /** The stored point for this turn when there is one (settings were checked), else measured now. */
  async function measureTurn(
    variant: Variant,
    n: number,
    kernelOpts: KernelOptions,
    measureSettings: CompareSettings,
    measurer: PointMeasurer,
    hooks: CompareOptions,
  ): Promise<MeasuredPoint | string | 'interrupted'> {
    const memory = isolation !== 'none' && hasMemoryState(variant) ? DEFAULT_MEMORY_STATE : undefined;
    const params = pointParams(variant, n, kernelOpts, memory);
    const key = pointKey(params);
    const stored = hooks.stored?.points.find((point) => point.key === key && point.status === 'ok');
    if (stored?.status === 'ok') return stored;
    const refusal = footprintRefusal(variant, n, kernelOpts);
    if (refusal !== null) return `${variant.name} at N = ${formatN(n)}: ${describeSkip(refusal, params, profile)}`;
    // The profile's sampling (what measureSettings records), with its per-sample budget.
    const harness: MeasureSettings = {
      ...PROFILE_SETTINGS[measureSettings.profile].measure,
      maxRunMs: PROFILE_SETTINGS[profile].maxSampleMs,
    };
    try {
      const {
        targetSampleMs: _target,
        canary,
        ...measured
      } = await measurer.measure(
        variant,
        n,
        { ...kernelOpts, timeSteps: false },
        harness,
        { signal: hooks.signal },
        { memory, seriesKey: variant.name },
      );
      const exact = exactPartialSum(n);
      return {
        key,
        params,
        status: 'ok',
        finishedAt: new Date().toISOString(),
        ...measured,
        ...canaryFields(canary),
        exact,
        absError: Math.abs(measured.sum - exact),
      };
    } catch (error) {
      if (hooks.signal?.aborted === true || error instanceof MeasurementInterrupted) return 'interrupted';
      if (error instanceof RunOverBudgetError)
        return `${variant.name} at N = ${formatN(n)}: one run took ${formatDuration(error.runMs)}, over the ${profile} profile's budget of ${formatDuration(error.budgetMs)}`;
      throw error;
    }
  }
}

/** "~40 s left" from the turns done so far (nothing until one is done). */
function etaText(done: number, total: number, startMs: number): string {
  const leftMs = timeLeftMs(Date.now() - startMs, done, total - done);
  return leftMs === null ? `${total} points` : `${done} of ${total}, ~${formatDuration(leftMs)} left`;
}

/** Points by N, then in the order the variants were listed (the order measured rotates). */
function orderPoints(points: MeasuredPoint[], ns: readonly number[], names: readonly string[]): MeasuredPoint[] {
  const rank = (point: MeasuredPoint) =>
    ns.indexOf(point.params.n) * names.length + names.indexOf(point.params.variant);
  return [...points].sort((a, b) => rank(a) - rank(b));
}
