// Planning a sweep before it measures: each point's estimated work, and the per-series time budget that
// decides up front which points are measured (the rest are recorded as over it, with the estimate).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { footprintRefusal, memoryBudget, type MemoryBudget } from '../kernels/memory.js';
import { getVariant } from '../kernels/registry.js';
import { pointKey } from '../results/store.js';
import type { PointParams } from '../results/schema.js';
import { callMsFor, modelCallTime, pointWorkMs, type CallTimeModel } from './estimate.js';
import { measureRunOverheadMs } from './measure.js';
import { kernelOptionsFor, seriesKey } from './point-params.js';
import type { ProfileSettings } from './profiles.js';

/** Starting one measuring child (Node, the package, the kernel's module): 233–256 ms on a 2-core Zen 5 VM. */
export const CHILD_START_MS = 250;
/**
 * What each measured point adds beyond its runs: the machine-speed canaries before and after it in each
 * of its processes (2 × (3 × ~4 ms + 3 × ~1.7 ms) ≈ 34 ms per process) and a save.
 */
export const POINT_OVERHEAD_MS_PER_PROCESS = 36;

/**
 * Estimated milliseconds of measuring each of `points` at `settings` (warm-ups and samples in each of
 * the profile's processes, pointWorkMs), in order. Each variant with its options (chunk size included)
 * is timed at small N in this process once (modelCallTime, a few ms), its call time extrapolated to
 * every N (callMsFor: a model timed while its scratch still grew with N, such as a large chunk's, has
 * its terms costed like the series' last model timed past that growth and its allocation per byte of
 * the footprint it will have); measured in children (`isolated`), the first point of a series also pays their start
 * (CHILD_START_MS each), and every point the canaries in each process (POINT_OVERHEAD_MS_PER_PROCESS); every warm-up and sample run
 * costs `runOverheadMs` more (default: measureRunOverheadMs here). A point the memory guard
 * refuses, or one over the per-sample cut-off, costs 0; so does one whose variant cannot be timed here
 * (its estimate is unknown, not zero work).
 * JIT, first-touch and worker start-up at large N are only as good as the line through small N.
 */
export async function estimatePointsMs(
  points: readonly PointParams[],
  settings: ProfileSettings,
  timeSteps: boolean,
  budget: MemoryBudget = memoryBudget(),
  isolated = true,
  runOverheadMs?: number,
): Promise<number[]> {
  // Measured here (not isolated), a point is one process whatever the profile says.
  const processCount = isolated ? settings.processes : 1;
  const startsMs = isolated ? settings.processes * CHILD_START_MS : 0;
  const startedSeries = new Set<string>();
  const modelKey = (params: PointParams): string => JSON.stringify({ ...params, n: undefined });
  const largestN = new Map<string, number>();
  for (const params of points) largestN.set(modelKey(params), Math.max(params.n, largestN.get(modelKey(params)) ?? 0));
  const models = new Map<string, CallTimeModel | null>();
  // Per series, the cost per term of the last model timed past its footprint's growth (a smaller chunk).
  const steadyMsPerTerm = new Map<string, number>();
  const estimates: number[] = [];
  const overheadMs = runOverheadMs ?? (points.length === 0 ? 0 : await measureRunOverheadMs());
  for (const params of points) {
    const key = modelKey(params);
    const series = seriesKey(params);
    let callMs: number | null = null;
    try {
      const variant = getVariant(params.variant);
      const options = kernelOptionsFor(params, timeSteps);
      if (footprintRefusal(variant, params.n, options, budget) === null) {
        if (!models.has(key)) {
          const timed = await modelCallTime(variant, largestN.get(key)!, options);
          models.set(key, timed);
          if (timed.footprintPerTerm === 0) steadyMsPerTerm.set(series, timed.msPerTerm);
        }
        const model = models.get(key);
        if (model)
          callMs = callMsFor(
            model,
            params.n,
            variant.footprintBytes(params.n, options),
            steadyMsPerTerm.get(series) ?? null,
          );
      }
    } catch {
      models.set(key, null); // not timeable here (an unknown variant, a kernel that throws): the point will say
    }
    const workMs =
      callMs === null ? 0 : pointWorkMs(callMs, settings.measure, settings.maxSampleMs, settings.processes, overheadMs);
    // A measured point also costs the canaries around it, and the first one of a series its children's start.
    const firstOfSeries = workMs > 0 && !startedSeries.has(series);
    if (firstOfSeries) startedSeries.add(series);
    estimates.push(
      workMs === 0 ? 0 : workMs + processCount * POINT_OVERHEAD_MS_PER_PROCESS + (firstOfSeries ? startsMs : 0),
    );
  }
  return estimates;
}

/** What estimate-child.ts reads on stdin: estimatePointsMs's arguments. */
export interface EstimateRequest {
  points: readonly PointParams[];
  settings: ProfileSettings;
  timeSteps: boolean;
  budget: MemoryBudget;
  isolated: boolean;
}

const ESTIMATE_CHILD = fileURLToPath(new URL('./estimate-child.js', import.meta.url));

/**
 * estimatePointsMs in a fresh child process (estimate-child.ts), so the estimate does not depend on the
 * JIT state of this one; in this process when a point's variant is a user's (loaded from a module the
 * child does not know) or the child fails. `signal` kills the child; then every estimate is 0.
 */
export async function estimatePointsMsFresh(request: EstimateRequest, signal?: AbortSignal): Promise<number[]> {
  const { points, settings, timeSteps, budget, isolated } = request;
  const builtIn = points.every((params) => {
    try {
      return getVariant(params.variant).module === undefined;
    } catch {
      return false;
    }
  });
  if (!builtIn || points.length === 0) return estimatePointsMs(points, settings, timeSteps, budget, isolated);
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        ['--expose-gc', ESTIMATE_CHILD], // as the measuring children run, so each run's collection costs the same
        { signal, maxBuffer: 16 * 1024 * 1024 },
        (error, out) => (error ? reject(error) : resolve(out)),
      );
      child.stdin?.end(JSON.stringify(request));
    });
    const estimates = JSON.parse(stdout) as unknown;
    if (Array.isArray(estimates) && estimates.length === points.length && estimates.every(Number.isFinite))
      return estimates as number[];
  } catch {
    // Asked to stop: no plan (nothing will be measured anyway; the sweep sees the signal next).
    if (signal?.aborted === true) return points.map(() => 0);
  }
  return estimatePointsMs(points, settings, timeSteps, budget, isolated);
}

/** A point the series budget leaves out: the series' estimated work up to and with it (left-out points included). */
export interface OverSeriesBudget {
  seriesMs: number;
  estimateMs: number;
}

/**
 * Which points fit their series' time budget, in order: a series (seriesKey) takes its points in the
 * order given (ascending N or chunk size) while their estimated work adds up to at most `budgetMs`; the
 * first point that would pass it, and every later point of that series, is left out. Returns null for a
 * point that fits, else what it would have cost. A point estimated at 0 always fits. Pure.
 */
export function applySeriesBudget(
  points: readonly PointParams[],
  estimatesMs: readonly number[],
  budgetMs: number,
): Array<OverSeriesBudget | null> {
  const spent = new Map<string, number>();
  const closed = new Set<string>();
  return points.map((params, i) => {
    const series = seriesKey(params);
    const estimateMs = estimatesMs[i] ?? 0;
    const seriesMs = (spent.get(series) ?? 0) + estimateMs;
    spent.set(series, seriesMs);
    if (estimateMs > 0 && (closed.has(series) || seriesMs > budgetMs)) {
      closed.add(series);
      return { seriesMs, estimateMs };
    }
    return null;
  });
}

/** A sweep's plan: the estimated work of the points it will measure, and those the budget leaves out (by key). */
export interface SeriesPlan {
  estimatedMs: number;
  over: Map<string, OverSeriesBudget>;
}

/**
 * Plan `request.points` against `settings.seriesBudgetMs`: estimated in a fresh child when they will be
 * measured in children (`isolated`), else here; then applySeriesBudget.
 */
export async function planSeries(request: EstimateRequest, signal?: AbortSignal): Promise<SeriesPlan> {
  const { points, settings, timeSteps, budget, isolated } = request;
  const estimates = isolated
    ? await estimatePointsMsFresh(request, signal)
    : await estimatePointsMs(points, settings, timeSteps, budget, false);
  const verdicts = applySeriesBudget(points, estimates, settings.seriesBudgetMs);
  const over = new Map<string, OverSeriesBudget>();
  let estimatedMs = 0;
  points.forEach((params, i) => {
    const verdict = verdicts[i];
    if (verdict === null || verdict === undefined) estimatedMs += estimates[i] ?? 0;
    else over.set(pointKey(params), verdict);
  });
  return { estimatedMs, over };
}
