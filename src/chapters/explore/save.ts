// lab.save: file a comparison (or one bench point) under the results store, in this machine's "explore"
// series, which `basel-lab report` shows in its section "Your variants".
import type { BenchReport } from '../../measure/bench.js';
import { machineId } from '../../machine/id.js';
import { saveExploration, type Exploration } from '../../results/explore.js';
import type { MeasuredPoint } from '../../results/schema.js';
import { pointKey } from '../../results/store.js';
import { pointParams } from '../../measure/sweep-kinds.js';
import { getVariant } from '../../kernels/registry.js';
import { ArgumentError } from '../../util/errors.js';
import { formatN } from '../../util/format.js';
import { resolveOutDir } from '../../util/paths.js';
import type { Comparison } from './compare.js';
import { compareSettings } from './compare.js';
import { originOf } from './variant.js';

export interface SaveOptions {
  /** The output folder (default: BASEL_OUT, else the project's reports/). */
  outDir?: string;
}

/**
 * Add `result` (what lab.compare or lab.bench returned) to `<out>/results/<machine-id>/explore.json`,
 * atomically, and return the file's path. A file there that does not load is refused, never overwritten.
 */
export function save(result: Comparison | BenchReport, options: SaveOptions = {}): string {
  const exploration = toExploration(result);
  const path = saveExploration(resolveOutDir(options.outDir), exploration);
  return path;
}

function toExploration(result: Comparison | BenchReport): Exploration {
  if (typeof result !== 'object' || result === null)
    throw new ArgumentError(`save takes what lab.compare or lab.bench returned (got ${String(result)})`);
  if ('points' in result && Array.isArray(result.points)) {
    const { table: _table, chart: _chart, interrupted: _interrupted, ...exploration } = result;
    return exploration;
  }
  if (!('samplesMs' in result))
    throw new ArgumentError('save takes what lab.compare or lab.bench returned (got an object of another shape)');
  return fromBench(result);
}

/** One bench point as an exploration of one variant at one N. */
function fromBench(report: BenchReport): Exploration {
  const variant = getVariant(report.variant);
  const params = pointParams(variant, report.n, report, report.memory);
  const point: MeasuredPoint = {
    key: pointKey(params),
    params,
    status: 'ok',
    finishedAt: new Date().toISOString(),
    samplesMs: report.samplesMs,
    batch: report.batch,
    stats: report.stats,
    sum: report.sum,
    exact: report.exact,
    absError: report.absError,
    pageFaultsPerCall: report.pageFaultsPerCall,
  };
  if (report.steps !== undefined) point.steps = report.steps;
  const settings = compareSettings(report.profile, report.isolation);
  return {
    title: `${report.variant} at N = ${formatN(report.n)}`,
    machineId: machineId(),
    measuredAt: point.finishedAt,
    settings: {
      ...settings,
      warmupRuns: report.settings.warmupRuns,
      minSamples: report.settings.minSamples,
      minTimeMs: report.settings.minTimeMs,
      maxSamples: report.settings.maxSamples,
    },
    variants: [{ name: variant.name, description: variant.description, origin: originOf(variant) }],
    points: [point],
    notes: [],
  };
}
