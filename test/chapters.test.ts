// Where the chapters get their data: BASEL_PROFILE, stored results reused, partial ones completed elsewhere.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
import { resultsPath } from '../src/results/store.js';
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

test('loadOrRunSweep reads a complete stored file as is, and completes a partial one in a temp folder without touching it', async () => {
  const stored = tempDir();
  const scratch = tempDir();
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
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

    // Drop one point: the notebook measures just that one, elsewhere.
    const partial = { ...saved, points: saved.points.slice(1) };
    writeFileSync(path, JSON.stringify(partial));
    const before = statSync(path).mtimeMs;
    const events: string[] = [];
    const completed = await loadOrRunSweep('chunk', {
      profile: 'smoke',
      resultsDir: stored,
      machineId: 'm1',
      onProgress: (e) => events.push(e.type),
    });
    assert.equal(isCompleteResults(completed), true);
    assert.deepEqual(
      completed.points.map((p) => p.key),
      saved.points.map((p) => p.key),
    );
    assert.equal(events.filter((e) => e === 'measuring').length, 1);
    assert.equal(statSync(path).mtimeMs, before, 'the stored file is never written');
    assert.deepEqual(readdirSync(scratch), [], 'the temp folder is removed');
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  }
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
