// Step 1 of a run: record this machine's specs, and probe it unless its stored probe is fine enough for the profile.
import { existsSync } from 'node:fs';
import type { MachineRecord } from '../machine/record.js';
import type { Profile } from '../results/schema.js';
import { machineFilePath } from '../util/paths.js';
import type { BuildHooks } from './hooks.js';

/** This machine's stored record under `outDir`, and what its probe lacks for a profile. */
export interface StoredMachine {
  path: string;
  /** The stored record; undefined when there is none. */
  stored: MachineRecord | undefined;
  /** Why its probe is not fine enough for the profile (probeShortfalls); empty when it is. */
  shortfalls: string[];
}

/**
 * This machine's record in `<out>/machines/<id>.json` and whether its probe will do for `profile` (a
 * smoke probe never stands in for quick or full). Throws when the record does not load.
 */
export async function storedMachine(outDir: string, profile: Profile): Promise<StoredMachine> {
  const [{ machineId }, { probeShortfalls }, store, { PROFILE_SETTINGS }] = await Promise.all([
    import('../machine/id.js'),
    import('../machine/probe-settings.js'),
    import('../machine/store.js'),
    import('../measure/profiles.js'),
  ]);
  const path = machineFilePath(outDir, machineId());
  const stored = existsSync(path) ? store.loadMachineFile(path) : undefined;
  return { path, stored, shortfalls: probeShortfalls(stored?.probe ?? null, PROFILE_SETTINGS[profile].probe, profile) };
}

/**
 * Record this machine's specs and its probe at the profile's settings into `<out>/machines/<id>.json`.
 * A stored record is kept; its probe is reused only when it is at least as fine as the profile asks
 * (storedMachine): otherwise the machine is probed again and the record saved with the new probe.
 * Returns the record's path.
 */
export async function recordMachineIfMissing(outDir: string, profile: Profile, hooks: BuildHooks): Promise<string> {
  // Loaded only when something runs, so `report --no-run` stays fast.
  const [{ collectMachine }, { probeMachine }, store, { PROFILE_SETTINGS }] = await Promise.all([
    import('../machine/specs.js'),
    import('../machine/probe.js'),
    import('../machine/store.js'),
    import('../measure/profiles.js'),
  ]);
  const { path, stored, shortfalls } = await storedMachine(outDir, profile);
  const settings = PROFILE_SETTINGS[profile].probe;
  if (stored !== undefined && shortfalls.length === 0) {
    hooks.onStage?.(`specs: already recorded in ${path}, with a probe fine enough for ${profile}`);
    return path;
  }
  if (stored !== undefined) hooks.onStage?.(`specs: probing again for ${profile}: ${shortfalls.join('; ')}`);
  const record = stored ?? (await collectMachine());
  try {
    record.probe = await probeMachine(record, { profile, settings, onProgress: hooks.onProbeProgress });
  } finally {
    hooks.onProbeEnd?.();
  }
  const saved = store.saveMachine(outDir, record);
  hooks.onStage?.(`specs: recorded ${saved}`);
  return saved;
}
