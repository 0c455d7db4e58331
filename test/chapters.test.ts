// Where the chapters get their data: BASEL_PROFILE, stored results reused, partial ones completed elsewhere.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  isCompleteResults,
  loadOrRecordMachine,
  loadOrRunProbe,
  loadOrRunSweep,
  notebookProfile,
} from '../src/chapters/data.js';
import type { MachineRecord, ProbeResult } from '../src/machine/record.js';
import { runSweep } from '../src/measure/sweep.js';
import { readResultsFile, resultsPath } from '../src/results/store.js';
import { UserError } from '../src/util/errors.js';
import { tempDir } from './helpers.js';
import { probeSatisfies } from '../src/machine/probe-settings.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';

const PROBE: ProbeResult = {
  method: 'fixture',
  points: [
    { workingSetBytes: 4096, nsPerLoad: 1, relativeLatency: 1 },
    { workingSetBytes: 1 << 20, nsPerLoad: 4, relativeLatency: 4 },
  ],
  boundaries: [{ name: 'L1d', detectedBytes: 65536, recordedBytes: 131072, ratio: 0.5 }],
  elapsedMs: 1234,
};

test('notebookProfile: BASEL_PROFILE or quick; anything else is a UserError naming it and the choices', () => {
  assert.equal(notebookProfile({}), 'quick');
  assert.equal(notebookProfile({ BASEL_PROFILE: 'smoke' }), 'smoke');
  assert.throws(
    () => notebookProfile({ BASEL_PROFILE: 'fast' }),
    (error: unknown) =>
      error instanceof UserError && error.message === 'BASEL_PROFILE must be one of smoke, quick, full (got "fast")',
  );
});

test('loadOrRunSweep reads a complete stored file as is, and measures only what the chapter needs into the same store', async () => {
  const stored = tempDir();
  // A complete smoke chunk sweep stored under the results folder.
  const saved = await runSweep('chunk', { profile: 'smoke', outDir: stored, machineId: 'm1' });
  assert.equal(isCompleteResults(saved), true);
  const path = resultsPath(stored, 'm1', 'chunk', 'smoke');
  const loaded = await loadOrRunSweep('chunk', {
    profile: 'smoke',
    resultsDir: stored,
    machineId: 'm1',
    onProgress: () => assert.fail('nothing should run'),
  });
  assert.deepEqual(loaded, saved);

  // Drop one point: a chapter that does not show its variant measures nothing…
  const [dropped, ...rest] = saved.points;
  writeFileSync(path, JSON.stringify({ ...saved, points: rest }));
  const others = [...new Set(rest.map((p) => p.params.variant))].filter((v) => v !== dropped!.params.variant);
  if (others.length > 0)
    await loadOrRunSweep('chunk', {
      profile: 'smoke',
      variants: others,
      resultsDir: stored,
      machineId: 'm1',
      onProgress: () => assert.fail('nothing of these variants is missing'),
    });
  // …and one that does measures just that point, into the store, where the next chapter finds it.
  const events: string[] = [];
  const completed = await loadOrRunSweep('chunk', {
    profile: 'smoke',
    resultsDir: stored,
    machineId: 'm1',
    onProgress: (e) => events.push(e.type),
  });
  assert.equal(isCompleteResults(completed), true);
  assert.deepEqual(completed.points.map((p) => p.key).sort(), saved.points.map((p) => p.key).sort());
  assert.equal(events.filter((e) => e === 'measuring').length, 1);
  const kept = readResultsFile(path)!;
  assert.equal(isCompleteResults(kept), true, 'the point measured is kept in the store');
});

test('loadOrRecordMachine reads the stored record; loadOrRunProbe reuses a stored probe only when it is fine enough', async () => {
  const dir = tempDir();
  const record = await loadOrRecordMachine({ resultsDir: dir });
  assert.equal(existsSync(join(dir, 'machines')), false, 'collecting writes nothing');
  const fresh = await loadOrRunProbe({ ...record, probe: null }, { profile: 'smoke' });
  assert.equal(fresh.profile, 'smoke');
  assert.ok(fresh.points.length > 0 && fresh.points.every((p) => p.nsPerLoad > 0));
  const { saveMachine } = await import('../src/machine/store.js');
  saveMachine(dir, { ...record, probe: fresh });
  const loaded = await loadOrRecordMachine({ resultsDir: dir });
  assert.deepEqual(loaded.probe, fresh);
  assert.equal(await loadOrRunProbe(loaded, { profile: 'smoke' }), loaded.probe, 'the stored smoke probe is reused');
  assert.equal(probeSatisfies(loaded.probe, PROFILE_SETTINGS.quick.probe, 'quick'), false, 'but never by quick');
  const legacy: MachineRecord = { ...record, probe: PROBE };
  assert.equal(
    probeSatisfies(legacy.probe, PROFILE_SETTINGS.smoke.probe, 'smoke'),
    false,
    'nor a probe without settings',
  );
});
