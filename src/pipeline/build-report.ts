// `basel-lab report` as one function: record specs, run the sweeps, run the chapters, publish from disk.
import { PROFILE_SETTINGS } from '../measure/profiles.js';
import { loadReportInputs } from '../report/load.js';
import { publishReport, type PublishedReport } from '../report/publish.js';
import type { Profile } from '../results/schema.js';
import type { BuildHooks } from './hooks.js';
import { recordMachineIfMissing } from './record-machine.js';
import { describePlan, planReport } from './plan.js';
import { runReportNotebooks, type NotebookSource } from './run-notebooks.js';
import { runReportPeers } from './run-peers.js';
import { runReportSweeps } from './run-sweeps.js';

export type { BuildHooks } from './hooks.js';

export interface BuildReportOptions {
  outDir: string;
  profile: Profile;
  /** false (--no-run): skip steps 1–3 and render from disk only. */
  run: boolean;
  /** The notebooks to execute: the package's chapters, or a folder of notebooks. */
  notebooks: NotebookSource;
  hooks?: BuildHooks;
  signal?: AbortSignal;
  /** Per-cell limit; default: the profile's. */
  cellTimeoutMs?: number;
}

export interface BuildOutcome {
  /** One message per failed sweep or notebook; the command exits non-zero when there is any. */
  failures: string[];
  /** Inputs skipped as invalid and outputs not shown (the page lists them); see PublishedReport.warnings. */
  warnings: string[];
  report: PublishedReport;
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
    // 0. Validate what is already stored before minutes of work: a bad file is named now, not after.
    for (const warning of loadReportInputs(outDir, { profile }).warnings) hooks.onWarning?.(warning);
    const chapters = 'chapters' in options.notebooks ? options.notebooks.chapters : null;
    const plan = await planReport(outDir, profile, chapters);
    hooks.onStage?.(describePlan(plan));
    // 1. Record this machine's specs and cache probe, once per machine.
    await recordMachineIfMissing(outDir, profile, hooks);
    // 2. Run the four sweeps at the profile into <out>/results (resuming what is stored).
    failures.push(...(await runReportSweeps(outDir, profile, hooks, options.signal, plan.sweeps)));
    hooks.onStage?.('sweeps: done');
    // 2b. Measure the peers (the study's C loop with gcc, its numpy functions) where their toolchains exist.
    if (options.signal?.aborted !== true)
      failures.push(...(await runReportPeers(outDir, profile, hooks, options.signal)));
    // 3. Run the chapters headlessly at the profile; executed copies go to <out>/notebooks.
    if (options.signal?.aborted !== true) {
      const timeoutMs = options.cellTimeoutMs ?? PROFILE_SETTINGS[profile].cellTimeoutMs;
      failures.push(
        ...(await runReportNotebooks(outDir, profile, options.notebooks, hooks, timeoutMs, options.signal)),
      );
    }
  }
  // 4. Render <out>/index.html (and results.csv) from what is on disk.
  const report = await publishReport(outDir, { profile });
  return { failures, warnings: report.warnings, report };
}
