// What a report run will do, said before it starts: the probe, each sweep's points (how many are already
// stored) with an estimate of how long the rest take, the peers and the chapters.
import type { PointParams, Profile } from '../results/schema.js';
import { formatDuration } from '../util/format.js';

export interface SweepPlan {
  kind: string;
  points: number;
  /** Points the stored file already holds (measured or skipped); they are not measured again. */
  stored: number;
  /** Estimated milliseconds for the points still to measure (an estimate: see estimateSweepMs). */
  estimatedMs: number;
}

export interface ReportPlan {
  profile: Profile;
  sweeps: SweepPlan[];
  /** Peer programs × N values the profile measures. */
  peerRuns: number;
  /** Chapters to execute, or null when a folder of notebooks was given. */
  chapters: number | null;
}

/**
 * Estimated time of measuring `points` at the profile: each series (variant and options) is timed at
 * small N in this process (modelCallTime, a few ms each), its call time extrapolated to every N, and
 * turned into the warm-up and samples the profile asks for (pointWorkMs). Points the memory guard or the
 * time budget would skip cost nothing. JIT, first-touch and worker start-up costs at large N are only as
 * good as the line through small N: an estimate, said to be one wherever it is printed.
 */
async function estimateSweepMs(points: readonly PointParams[], profile: Profile, timeSteps: boolean): Promise<number> {
  const [{ getVariant }, { kernelOptionsFor }, { PROFILE_SETTINGS }, memory, estimate] = await Promise.all([
    import('../kernels/registry.js'),
    import('../measure/sweep.js'),
    import('../measure/profiles.js'),
    import('../kernels/memory.js'),
    import('../measure/estimate.js'),
  ]);
  const settings = PROFILE_SETTINGS[profile];
  const budget = memory.memoryBudget();
  // A series is a variant with its options; its call time is modelled once, up to its largest N.
  const seriesOf = (params: PointParams): string => JSON.stringify({ ...params, n: undefined });
  const largestN = new Map<string, number>();
  for (const params of points) largestN.set(seriesOf(params), Math.max(params.n, largestN.get(seriesOf(params)) ?? 0));
  const models = new Map<string, import('../measure/estimate.js').CallTimeModel>();
  let totalMs = 0;
  for (const params of points) {
    const variant = getVariant(params.variant);
    const options = kernelOptionsFor(params, timeSteps);
    if (memory.footprintRefusal(variant, params.n, options, budget) !== null) continue;
    const series = seriesOf(params);
    let model = models.get(series);
    if (model === undefined) {
      model = await estimate.modelCallTime(variant, largestN.get(series)!, options);
      models.set(series, model);
    }
    totalMs += estimate.pointWorkMs(
      estimate.callMsAt(model, params.n),
      settings.measure,
      settings.maxSampleMs,
      settings.processes,
    );
  }
  return totalMs;
}

/** Plan the run into `outDir` at `profile` from the sweep plans, the stored results and the chapter manifest. */
export async function planReport(outDir: string, profile: Profile, chapters: string | null): Promise<ReportPlan> {
  const [
    { SWEEP_KINDS },
    { getSweepKindSpec },
    { selectSweepVariants },
    { PROFILE_SETTINGS },
    store,
    query,
    id,
    peers,
    manifest,
  ] = await Promise.all([
    import('../results/schema.js'),
    import('../measure/sweep-kinds.js'),
    import('../measure/sweep.js'),
    import('../measure/profiles.js'),
    import('../results/store.js'),
    import('../results/query.js'),
    import('../machine/id.js'),
    import('../peers/catalog.js'),
    import('../chapters/manifest.js'),
  ]);
  const machine = id.machineId();
  const sweeps: SweepPlan[] = [];
  for (const kind of SWEEP_KINDS) {
    const spec = getSweepKindSpec(kind);
    const planned = spec.plan(selectSweepVariants(kind), PROFILE_SETTINGS[profile], spec.memoryStates).points;
    let finished = new Set<string>();
    try {
      const file = store.readResultsFile(store.resultsPath(outDir, machine, kind, profile));
      if (file !== undefined) finished = query.finishedKeys(file);
    } catch {
      // a file that does not load is reported by the run itself
    }
    const missing = planned.filter((params) => !finished.has(store.pointKey(params)));
    sweeps.push({
      kind,
      points: planned.length,
      stored: planned.length - missing.length,
      estimatedMs: await estimateSweepMs(missing, profile, spec.timeSteps),
    });
  }
  return {
    profile,
    sweeps,
    peerRuns: peers.PEERS.length * PROFILE_SETTINGS[profile].peers.ns.length,
    chapters: chapters === null ? null : manifest.chapterFiles(chapters).chapters.length,
  };
}

/** "plan (quick): … sweeps n 70 points (est. ~1m50s) · steps 35 points (12 stored, est. ~20s) · …" */
export function describePlan(plan: ReportPlan): string {
  const sweeps = plan.sweeps
    .map(({ kind, points, stored, estimatedMs }) => {
      const notes = [
        ...(stored > 0 ? [`${stored} stored`] : []),
        ...(stored < points ? [`est. ~${formatDuration(estimatedMs)}`] : []),
      ];
      return `${kind} ${points} points${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
    })
    .join(' · ');
  const total = plan.sweeps.reduce((sum, sweep) => sum + sweep.estimatedMs, 0);
  const chapters = plan.chapters === null ? 'the notebooks given' : `${plan.chapters} chapters`;
  return (
    `plan (${plan.profile}): specs and probe unless recorded, sweeps ${sweeps} ` +
    `(sweeps est. ~${formatDuration(total)} in all, from timing each series at small N), ` +
    `${plan.peerRuns} peer runs, ${chapters}, then the page`
  );
}
