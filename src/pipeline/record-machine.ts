// Step 1 of a run: record this machine's specs and cache probe, once per machine.
import { existsSync } from 'node:fs';
import type { Profile } from '../results/schema.js';
import { machineFilePath } from '../util/paths.js';
import type { BuildHooks } from './hooks.js';

/** Record this machine's specs with the cache probe at the profile's probe settings, unless `<out>/machines/<id>.json` exists. Returns its path. */
export async function recordMachineIfMissing(outDir: string, profile: Profile, hooks: BuildHooks): Promise<string> {
  const { machineId } = await import('../machine/id.js');
  const path = machineFilePath(outDir, machineId());
  if (existsSync(path)) {
    hooks.onStage?.(`specs: already recorded in ${path}`);
    return path;
  }
  // Loaded only when a machine is recorded, so `report --no-run` stays fast.
  const [{ collectMachine }, { probeCaches }, { saveMachine }, { PROFILE_SETTINGS }] = await Promise.all([
    import('../machine/specs.js'),
    import('../machine/probe.js'),
    import('../machine/store.js'),
    import('../measure/profiles.js'),
  ]);
  const record = await collectMachine();
  try {
    record.probe = probeCaches(record.caches, { ...PROFILE_SETTINGS[profile].probe, onPoint: hooks.onProbePoint });
  } finally {
    hooks.onProbeEnd?.();
  }
  const saved = saveMachine(outDir, record);
  hooks.onStage?.(`specs: recorded ${saved}`);
  return saved;
}
