// `basel-lab report` as one function: record specs, run the sweeps, run the notebooks, render the page from disk.
import { existsSync } from 'node:fs';
import type { ProbePoint } from '../machine/record.js';
import type { SweepProgress } from '../measure/sweep.js';
import type { RunHooks } from '../jupyter/runner.js';
import type { Profile } from '../results/schema.js';
import { publishReport, type PublishedReport } from '../report/publish.js';

/** Per-cell limit for the notebooks, in milliseconds (their sweeps read stored results, so cells are short). */
export const NOTEBOOK_CELL_TIMEOUT_MS = 600_000;

export interface BuildHooks {
  /** Called after each working set of the cache probe. */
  onProbePoint?: (done: number, total: number, point: ProbePoint) => void;
  onProbeEnd?: () => void;
  /** Plain one-line news: "specs: recorded …", "sweeps: done". */
  onStage?: (message: string) => void;
  onSweepProgress?: (event: SweepProgress) => void;
  notebooks?: RunHooks;
  /** Called at once for every failed sweep or notebook (the build carries on and renders what exists). */
  onFailure?: (message: string) => void;
}

export interface BuildReportOptions {
  outDir: string;
  profile: Profile;
  /** false (--no-run): skip steps 1–3 and render from disk only. */
  run: boolean;
  /** Folder of the notebooks to execute. */
  notebooksDir: string;
  hooks?: BuildHooks;
  signal?: AbortSignal;
  cellTimeoutMs?: number;
}

export interface BuildOutcome {
  /** One message per failed sweep or notebook; the command exits non-zero when there is any. */
  failures: string[];
  report: PublishedReport;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Step 1: record this machine's specs with the cache probe, unless `<out>/machines/<id>.json` exists. Returns its path. */
export async function recordMachineIfMissing(outDir: string, profile: Profile, hooks: BuildHooks): Promise<string> {
  const [{ machineId }, { machineFilePath, saveMachine }] = await Promise.all([
    import('../machine/id.js'),
    import('../machine/store.js'),
  ]);
  const path = machineFilePath(outDir, machineId());
  if (existsSync(path)) {
    hooks.onStage?.(`specs: already recorded in ${path}`);
    return path;
  }
  // The smoke profile probes as the notebooks do (about a second); the others use the probe's defaults (under a minute).
  const [{ collectMachine }, { probeCaches }, { SMOKE_PROBE_OPTIONS }] = await Promise.all([
    import('../machine/specs.js'),
    import('../machine/probe.js'),
    import('../chapters/data.js'),
  ]);
  const record = await collectMachine();
  try {
    record.probe = probeCaches(record.caches, {
      ...(profile === 'smoke' ? SMOKE_PROBE_OPTIONS : {}),
      onPoint: hooks.onProbePoint,
    });
  } finally {
    hooks.onProbeEnd?.();
  }
  const saved = saveMachine(outDir, record);
  hooks.onStage?.(`specs: recorded ${saved}`);
  return saved;
}

/** Step 2: every sweep kind at the profile (each resumes its stored file). A sweep that throws is a failure; the next still runs. */
export async function runReportSweeps(
  outDir: string,
  profile: Profile,
  hooks: BuildHooks,
  signal?: AbortSignal,
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
        await runSweep(kind, { profile, outDir, onProgress: hooks.onSweepProgress, signal });
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

/** Step 3: execute the notebooks at the profile; they read `<out>` (BASEL_RESULTS_DIR) and their executed copies go to `<out>/notebooks/`. */
export async function runReportNotebooks(
  outDir: string,
  profile: Profile,
  notebooksDir: string,
  hooks: BuildHooks,
  cellTimeoutMs: number,
): Promise<string[]> {
  const { formatFailure, listNotebooks, runNotebooks } = await import('../jupyter/runner.js');
  let paths: string[];
  try {
    paths = listNotebooks(notebooksDir);
  } catch (error) {
    return [messageOf(error)];
  }
  if (paths.length === 0) return [`no notebooks (*.ipynb) in ${notebooksDir}`];
  const runs = await runNotebooks(paths, {
    outDir,
    timeoutMs: cellTimeoutMs,
    env: { BASEL_RESULTS_DIR: outDir, BASEL_PROFILE: profile },
    ...hooks.notebooks,
  });
  const failures = runs.flatMap((run) =>
    run.failure === undefined ? [] : [`${formatFailure(run)} (what ran is in ${run.output})`],
  );
  for (const failure of failures) hooks.onFailure?.(failure);
  return failures;
}

/**
 * Build the report into `outDir`. Steps 1–3 measure and run (skipped with `run: false`); step 4 reads
 * only the disk. Failed sweeps and notebooks do not stop the build — the page shows what exists and
 * the caller reports the failures — but a chart that fails to render throws, naming it.
 */
export async function buildReport(options: BuildReportOptions): Promise<BuildOutcome> {
  const { outDir, profile, hooks = {} } = options;
  const failures: string[] = [];
  if (options.run) {
    // 1. Record this machine's specs and cache probe, once per machine.
    await recordMachineIfMissing(outDir, profile, hooks);
    // 2. Run the four sweeps at the profile into <out>/results (resuming what is stored).
    failures.push(...(await runReportSweeps(outDir, profile, hooks, options.signal)));
    hooks.onStage?.('sweeps: done');
    // 3. Run the notebooks headlessly at the profile; executed copies go to <out>/notebooks.
    if (options.signal?.aborted !== true)
      failures.push(
        ...(await runReportNotebooks(
          outDir,
          profile,
          options.notebooksDir,
          hooks,
          options.cellTimeoutMs ?? NOTEBOOK_CELL_TIMEOUT_MS,
        )),
      );
  }
  // 4. Render <out>/index.html (and results.csv) from what is on disk.
  const report = await publishReport(outDir, { profile });
  return { failures, report };
}
