// Where the chapter notebooks get their data: stored results for this machine when complete, else a sweep in a temp folder.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../util/errors.js';
import { machineId } from '../machine/id.js';
import { probeMachine } from '../machine/probe.js';
import { probeSatisfies } from '../machine/probe-settings.js';
import type { MachineRecord, ProbeResult } from '../machine/record.js';
import { collectMachine } from '../machine/specs.js';
import { loadMachineFile } from '../machine/store.js';
import { DEFAULT_PROFILE, PROFILE_SETTINGS } from '../measure/profiles.js';
import { runSweep, selectSweepVariants, type SweepProgress } from '../measure/sweep.js';
import { getSweepKindSpec } from '../measure/sweep-kinds.js';
import { machineFilePath, resolveOutDir } from '../util/paths.js';
import { PROFILES, type Profile, type ResultsFile, type SweepKind } from '../results/schema.js';
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

/** The keys a complete `kind` sweep at `profile` holds, from the sweep's own plan. */
export function plannedKeys(kind: SweepKind, profile: Profile): string[] {
  const spec = getSweepKindSpec(kind);
  return spec.plan(selectSweepVariants(kind), PROFILE_SETTINGS[profile], spec.memoryStates).points.map(pointKey);
}

/** True when every planned point of the file's kind and profile is in it, measured or skipped (a failed point is retried). */
export function isCompleteResults(file: ResultsFile): boolean {
  const finished = new Set(file.points.filter((point) => point.status !== 'failed').map((point) => point.key));
  return plannedKeys(file.kind, file.profile).every((key) => finished.has(key));
}

export interface LoadSweepOptions {
  profile?: Profile;
  /** Called for every sweep event; default: a progress line that updates in place in the notebook. */
  onProgress?: (event: SweepProgress) => void;
  /** The output folder holding stored results; default: resolveOutDir() (BASEL_OUT, else the project's reports/). */
  resultsDir?: string;
  /** Default: machineId(). */
  machineId?: string;
  /** Stops the sweep: the measuring child is killed at once and the finished points are kept. */
  signal?: AbortSignal;
}

/** Progress of a sweep as one display line updated in place. */
function sweepProgressDisplay(kind: SweepKind, profile: Profile): (event: SweepProgress) => void {
  const display = progressDisplay(`${kind} sweep (${profile})`);
  return (event) => {
    if (event.type === 'measuring') display.update(event.done, event.total, pointKey(event.params));
    else if (event.type === 'end')
      display.done(
        `${kind} sweep (${profile}): ${event.done}/${event.total} points${event.interrupted ? ', interrupted' : ''}`,
      );
  };
}

/**
 * The `kind` sweep's results for this machine at the profile (default: notebookProfile()). A complete
 * stored file under the results folder is returned as read; otherwise the sweep runs in a fresh
 * folder under the OS temp dir (resuming from a copy of the stored file when there is one), which is
 * removed afterwards. Never writes under the results folder.
 */
export async function loadOrRunSweep(kind: SweepKind, options: LoadSweepOptions = {}): Promise<ResultsFile> {
  const profile = options.profile ?? notebookProfile();
  const id = options.machineId ?? machineId();
  const storedPath = resultsPath(options.resultsDir ?? resolveOutDir(), id, kind, profile);
  const stored = readResultsFile(storedPath);
  if (stored !== undefined && isCompleteResults(stored)) return stored;
  const workDir = mkdtempSync(join(tmpdir(), 'basel-lab-notebook-'));
  try {
    if (stored !== undefined) {
      const copy = resultsPath(workDir, id, kind, profile);
      mkdirSync(dirname(copy), { recursive: true });
      copyFileSync(storedPath, copy);
    }
    return await runSweep(kind, {
      profile,
      outDir: workDir,
      machineId: id,
      onProgress: options.onProgress ?? sweepProgressDisplay(kind, profile),
      signal: options.signal,
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
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
    onProgress: (progress) => display.update(Math.round(progress.doneMs), Math.round(progress.totalMs)),
  });
  display.done(`machine probe: ${probe.points.length} working sets in ${(probe.elapsedMs / 1000).toFixed(1)} s`);
  return probe;
}
