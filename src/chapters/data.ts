// Where the chapter notebooks get their data: the results store this machine's sweeps share with the report, filled in as needed.
import { existsSync } from 'node:fs';
import { withCellInterrupt } from '../util/cell-interrupt.js';
import { UserError } from '../util/errors.js';
import { formatDuration, formatN } from '../util/format.js';
import { machineId } from '../machine/id.js';
import { probeLeftMs, probeShareDone } from '../machine/probe-estimate.js';
import { probeMachine } from '../machine/probe.js';
import { probeSatisfies } from '../machine/probe-settings.js';
import type { MachineRecord, ProbeResult } from '../machine/record.js';
import { collectMachine } from '../machine/specs.js';
import { loadMachineFile } from '../machine/store.js';
import { DEFAULT_PROFILE, PROFILE_SETTINGS } from '../measure/profiles.js';
import { runSweep, selectSweepVariants, type SweepProgress } from '../measure/sweep.js';
import { getSweepKindSpec } from '../measure/sweep-kinds.js';
import { machineFilePath, resolveOutDir } from '../util/paths.js';
import { timeLeftMs } from '../util/progress.js';
import { PROFILES, type PointParams, type Profile, type ResultsFile, type SweepKind } from '../results/schema.js';
import { finishedKeys } from '../results/query.js';
import { pointKey, readResultsFile, resultsPath } from '../results/store.js';
import { progressDisplay } from './display.js';

/** BASEL_PROFILE (smoke | quick | full), default quick; any other value is a UserError naming it. */
export function notebookProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const value = env.BASEL_PROFILE;
  if (value === undefined || value === '') return DEFAULT_PROFILE;
  if (!(PROFILES as readonly string[]).includes(value))
    throw new UserError(`BASEL_PROFILE must be one of ${PROFILES.join(', ')} (got "${value}")`);
  return value as Profile;
}

/** The keys a complete `kind` sweep at `profile` holds (for `variants`, default the kind's own), from the sweep's plan. */
export function plannedKeys(kind: SweepKind, profile: Profile, variants?: readonly string[]): string[] {
  const spec = getSweepKindSpec(kind);
  return spec
    .plan(selectSweepVariants(kind, variants), PROFILE_SETTINGS[profile], spec.memoryStates)
    .points.map(pointKey);
}

/**
 * True when every planned point of the file's kind and profile (for `variants`, default the kind's
 * own) is in it, measured or skipped (a failed point is retried).
 */
export function isCompleteResults(file: ResultsFile, variants?: readonly string[]): boolean {
  const finished = finishedKeys(file);
  return plannedKeys(file.kind, file.profile, variants).every((key) => finished.has(key));
}

export interface LoadSweepOptions {
  profile?: Profile;
  /** Only these variants' points are needed (measured if missing); default: the kind's own variants. */
  variants?: readonly string[];
  /** Called for every sweep event; default: a progress line with an ETA that updates in place in the notebook. */
  onProgress?: (event: SweepProgress) => void;
  /** The output folder holding stored results; default: resolveOutDir() (BASEL_OUT, else the project's reports/). */
  resultsDir?: string;
  /** Default: machineId(). */
  machineId?: string;
  /** Stops the sweep: the measuring child is killed at once and the finished points are kept. */
  signal?: AbortSignal;
}

/** A sweep point as a reader says it: "chunked, N = 1e8, chunk 20 000". */
function pointLabel(params: PointParams): string {
  const parts = [params.variant, `N = ${formatN(params.n)}`];
  if (params.chunk !== undefined) parts.push(`chunk ${params.chunk.toLocaleString('en-US')}`);
  if (params.workers !== undefined) parts.push(`${params.workers} worker${params.workers === 1 ? '' : 's'}`);
  if (params.inner !== undefined) parts.push(`inner ${params.inner}`);
  return parts.join(', ');
}

/** Progress of a sweep as one display line updated in place, with an ETA from this run's pace. */
function sweepProgressDisplay(kind: SweepKind, profile: Profile): (event: SweepProgress) => void {
  const display = progressDisplay(`${kind} sweep (${profile})`);
  const startMs = Date.now();
  let doneAtStart = 0;
  const eta = (done: number, total: number): string => {
    const leftMs = timeLeftMs(Date.now() - startMs, done - doneAtStart, total - done);
    return leftMs === null ? `${done} of ${total}` : `${done} of ${total}, ~${formatDuration(leftMs)} left`;
  };
  return (event) => {
    if (event.type === 'begin') doneAtStart = event.resumed;
    else if (event.type === 'measuring')
      display.update(event.done, event.total, `${pointLabel(event.params)} — ${eta(event.done, event.total)}`);
    else if (event.type === 'end')
      display.done(
        event.interrupted
          ? `interrupted: ${event.done} of ${event.total} points kept (${kind} sweep, ${profile})`
          : `${kind} sweep (${profile}): ${event.total} points${event.done > doneAtStart ? `, ${event.done - doneAtStart} measured now in ${formatDuration(Date.now() - startMs)}` : ''}`,
      );
  };
}

/**
 * The `kind` sweep's results for this machine at the profile (default: notebookProfile()), from the
 * one results store every chapter and `basel-lab report` share: `<results dir>/results/<machine>/<kind>-<profile>.json`.
 * When the stored file already holds every point of `variants` (default the kind's own) it is returned
 * as read; otherwise the missing points are measured into that same file (merged under its lock, so a
 * sweep beside it keeps its points too) and kept for the next chapter and the next report. Kernel →
 * Interrupt stops the sweep within a sample and keeps what was measured.
 */
export async function loadOrRunSweep(kind: SweepKind, options: LoadSweepOptions = {}): Promise<ResultsFile> {
  const profile = options.profile ?? notebookProfile();
  const id = options.machineId ?? machineId();
  const resultsDir = options.resultsDir ?? resolveOutDir();
  const stored = readResultsFile(resultsPath(resultsDir, id, kind, profile));
  if (stored !== undefined && isCompleteResults(stored, options.variants)) return stored;
  return withCellInterrupt(options.signal, (signal) =>
    runSweep(kind, {
      profile,
      variants: options.variants,
      outDir: resultsDir,
      machineId: id,
      onProgress: options.onProgress ?? sweepProgressDisplay(kind, profile),
      signal,
    }),
  );
}

/** This machine's record from <results dir>/machines/<id>.json when present, else collected in memory (nothing written). */
export async function loadOrRecordMachine(options: { resultsDir?: string } = {}): Promise<MachineRecord> {
  const path = machineFilePath(options.resultsDir ?? resolveOutDir(), machineId());
  return existsSync(path) ? loadMachineFile(path) : await collectMachine();
}

/**
 * The machine probe of `machine` at the profile: its stored probe when that is fine enough for the
 * profile (probeSatisfies), else measured now at the profile's settings, with a progress line.
 */
export async function loadOrRunProbe(
  machine: MachineRecord,
  options: { profile?: Profile } = {},
): Promise<ProbeResult> {
  const profile = options.profile ?? notebookProfile();
  const settings = PROFILE_SETTINGS[profile].probe;
  if (probeSatisfies(machine.probe, settings, profile) && machine.probe !== null) return machine.probe;
  const display = progressDisplay('machine probe');
  const probe = await probeMachine(machine, {
    profile,
    settings,
    onProgress: (progress) => {
      const leftMs = probeLeftMs(progress);
      // "machine probe [####----------------] 23/100 of the work done (tlb), ~14s left"
      const label = `of the work done (${progress.section})${leftMs === null ? '' : `, ~${formatDuration(leftMs)} left`}`;
      display.update(Math.round(100 * probeShareDone(progress)), 100, label);
    },
  });
  display.done(`machine probe: ${probe.points.length} working sets in ${(probe.elapsedMs / 1000).toFixed(1)} s`);
  return probe;
}
