// Step 2 of a run: every sweep kind at the profile into <out>/results, each resuming its stored file.
import type { SeriesPlan } from '../measure/series-plan.js';
import type { Profile, SweepKind } from '../results/schema.js';
import { messageOf, type BuildHooks } from './hooks.js';

/**
 * Run every sweep kind, each by its plan from `plans` when there is one (the report's, made before the
 * probe, so a sweep does not estimate again); a sweep that throws is a failure and the next still runs.
 * Returns the failures.
 */
export async function runReportSweeps(
  outDir: string,
  profile: Profile,
  hooks: BuildHooks,
  signal?: AbortSignal,
  plans: ReadonlyArray<SeriesPlan & { kind: SweepKind }> = [],
): Promise<string[]> {
  const [{ runSweep }, { shutdownWorkers }, { SWEEP_KINDS }] = await Promise.all([
    import('../measure/sweep.js'),
    import('../kernels/workers.js'),
    import('../results/schema.js'),
  ]);
  const failures: string[] = [];
  try {
    for (const kind of SWEEP_KINDS) {
      if (signal?.aborted) break;
      try {
        const plan = plans.find((p) => p.kind === kind);
        await runSweep(kind, { profile, outDir, onProgress: hooks.onSweepProgress, signal, ...(plan ? { plan } : {}) });
      } catch (error) {
        failures.push(`the ${kind} sweep failed: ${messageOf(error)}`);
        hooks.onFailure?.(failures.at(-1)!);
      }
    }
  } finally {
    await shutdownWorkers(); // the warm pool's threads, so the process can exit
  }
  if (signal?.aborted) failures.push('the sweeps were interrupted; the report shows what was saved');
  return failures;
}
