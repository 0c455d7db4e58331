// What a report run will do, said before it starts: the probe, each sweep's points (and how many are
// already stored), the peers and the chapters. Counts only: how long each takes is shown as it runs.
import type { Profile } from '../results/schema.js';

export interface ReportPlan {
  profile: Profile;
  /** Each sweep kind's planned points and how many of them the stored file already holds. */
  sweeps: { kind: string; points: number; stored: number }[];
  /** Peer programs × N values the profile measures. */
  peerRuns: number;
  /** Chapters to execute, or null when a folder of notebooks was given. */
  chapters: number | null;
}

/** Plan the run into `outDir` at `profile` from the sweep plans, the stored results and the chapter manifest. */
export async function planReport(outDir: string, profile: Profile, chapters: string | null): Promise<ReportPlan> {
  const [
    { SWEEP_KINDS },
    { getSweepKindSpec },
    { selectSweepVariants },
    { PROFILE_SETTINGS },
    store,
    id,
    peers,
    manifest,
  ] = await Promise.all([
    import('../results/schema.js'),
    import('../measure/sweep-kinds.js'),
    import('../measure/sweep.js'),
    import('../measure/profiles.js'),
    import('../results/store.js'),
    import('../machine/id.js'),
    import('../peers/catalog.js'),
    import('../chapters/manifest.js'),
  ]);
  const machine = id.machineId();
  const sweeps = SWEEP_KINDS.map((kind) => {
    const spec = getSweepKindSpec(kind);
    const keys = spec
      .plan(selectSweepVariants(kind), PROFILE_SETTINGS[profile], spec.memoryStates)
      .points.map(store.pointKey);
    let finished = new Set<string>();
    try {
      const file = store.readResultsFile(store.resultsPath(outDir, machine, kind, profile));
      finished = new Set(file?.points.filter((p) => p.status !== 'failed').map((p) => p.key) ?? []);
    } catch {
      // a file that does not load is reported by the run itself
    }
    return { kind, points: keys.length, stored: keys.filter((key) => finished.has(key)).length };
  });
  return {
    profile,
    sweeps,
    peerRuns: peers.PEERS.length * PROFILE_SETTINGS[profile].peers.ns.length,
    chapters: chapters === null ? null : manifest.chapterFiles(chapters).chapters.length,
  };
}

/** "plan (quick): probe, then sweeps n 70 points (12 stored) · steps 35 · …, 12 peer runs, 7 chapters" */
export function describePlan(plan: ReportPlan): string {
  const sweeps = plan.sweeps
    .map(({ kind, points, stored }) => `${kind} ${points} points${stored > 0 ? ` (${stored} stored)` : ''}`)
    .join(' · ');
  const chapters = plan.chapters === null ? 'the notebooks given' : `${plan.chapters} chapters`;
  return `plan (${plan.profile}): specs and probe unless recorded, sweeps ${sweeps}, ${plan.peerRuns} peer runs, ${chapters}, then the page`;
}
