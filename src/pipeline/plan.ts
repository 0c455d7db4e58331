// What a report run will do, said before it starts: the probe, each sweep's points (how many are already
// stored) with an estimate of how long the rest take, the peers and the chapters.
import type { MachineRecord } from '../machine/record.js';
import type { SeriesPlan } from '../measure/series-plan.js';
import type { PointParams, Profile, SweepKind } from '../results/schema.js';
import { formatDuration } from '../util/format.js';

/** One sweep's plan: its SeriesPlan (handed to the sweep, so it does not plan again), with its counts. */
export interface SweepPlan extends SeriesPlan {
  kind: SweepKind;
  points: number;
  /** Points the stored file already holds (measured or skipped); they are not measured again. */
  stored: number;
  /** Estimated milliseconds for the points still to measure (an estimate: see planSweep). */
  estimatedMs: number;
}

export interface ReportPlan {
  profile: Profile;
  /** Estimated ms of the machine probe (estimateProbeRunMs), or null when a stored probe is fine enough. */
  probeMs: number | null;
  sweeps: SweepPlan[];
  /** Peer programs × N values the profile measures. */
  peerRuns: number;
  /** Chapters to execute, or null when a folder of notebooks was given. */
  chapters: number | null;
}

/**
 * The plan of measuring `points` at the profile, as the sweep itself plans it (planSeries, estimated in
 * a fresh child: points the series budget leaves out are not measured, so they cost nothing; nor do ones
 * the memory guard refuses). Its estimate is said to be one wherever it is printed.
 */
async function planSweep(points: readonly PointParams[], profile: Profile, timeSteps: boolean): Promise<SeriesPlan> {
  const [{ PROFILE_SETTINGS }, { planSeries }, { memoryBudget }] = await Promise.all([
    import('../measure/profiles.js'),
    import('../measure/series-plan.js'),
    import('../kernels/memory.js'),
  ]);
  const settings = PROFILE_SETTINGS[profile];
  return planSeries({ points, settings, timeSteps, budget: memoryBudget(), isolated: true });
}

/**
 * Whether step 1 will probe (no stored probe fine enough for the profile: storedMachine, as
 * recordMachineIfMissing decides) and, if so, its estimate; null when it will not.
 */
async function probeEstimateMs(outDir: string, profile: Profile): Promise<number | null> {
  const [{ collectMachine }, { estimateProbeRunMs }, { storedMachine }, { PROFILE_SETTINGS }] = await Promise.all([
    import('../machine/specs.js'),
    import('../machine/probe.js'),
    import('./record-machine.js'),
    import('../measure/profiles.js'),
  ]);
  let stored: MachineRecord | undefined;
  try {
    const machine = await storedMachine(outDir, profile);
    if (machine.stored !== undefined && machine.shortfalls.length === 0) return null;
    stored = machine.stored;
  } catch {
    // a record that does not load is reported by step 1 itself
  }
  return estimateProbeRunMs(stored ?? (await collectMachine()), PROFILE_SETTINGS[profile].probe);
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
      ...(await planSweep(missing, profile, spec.timeSteps)),
    });
  }
  return {
    profile,
    probeMs: await probeEstimateMs(outDir, profile),
    sweeps,
    peerRuns: peers.PEERS.length * PROFILE_SETTINGS[profile].peers.ns.length,
    chapters: chapters === null ? null : manifest.chapterFiles(chapters).chapters.length,
  };
}

/** "plan (quick): specs and probe (est. ~23s), sweeps n 70 points (est. ~1m50s) · steps 35 points (12 stored, est. ~20s) · …" */
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
  const sweepsMs = plan.sweeps.reduce((sum, sweep) => sum + sweep.estimatedMs, 0);
  const chapters = plan.chapters === null ? 'the notebooks given' : `${plan.chapters} chapters`;
  const probe =
    plan.probeMs === null
      ? 'specs and probe already recorded'
      : `specs and probe (est. ~${formatDuration(plan.probeMs)}, from typical latencies and bandwidths)`;
  const total = plan.probeMs === null ? '' : `; with the probe ~${formatDuration(sweepsMs + plan.probeMs)}`;
  return (
    `plan (${plan.profile}): ${probe}, sweeps ${sweeps} ` +
    `(sweeps est. ~${formatDuration(sweepsMs)} in all, from timing each series at small N${total}), ` +
    `${plan.peerRuns} peer runs, ${chapters}, then the page (not planned: the peers and the chapters; ` +
    `each shows an ETA as it runs)`
  );
}
