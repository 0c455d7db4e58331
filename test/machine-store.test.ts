// Saving and loading machine records: paths, atomic writes, version and type checks, the reference machine.
import assert from 'node:assert/strict';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../src/util/errors.js';
import { MACHINE_VERSION, type MachineRecord } from '../src/machine/record.js';
import { REFERENCE_M1_PRO, REFERENCE_PROVENANCE } from '../src/machine/reference-m1-pro.js';
import { probeSatisfies } from '../src/machine/probe-settings.js';
import { loadMachineFile, loadMachines, saveMachine } from '../src/machine/store.js';
import { machineFilePath } from '../src/util/paths.js';
import { V1_PROBE_NOTE } from '../src/machine/upgrade.js';
import { FIXTURES, tempDir } from './helpers.js';

/** A machine file written by basel-lab before schema 2 (reports/machines/vm-93eaa67e.json as committed then). */
const V1_FIXTURE = join(FIXTURES, 'machines', 'v1-vm-93eaa67e.json');
const v1Fixture = (): Record<string, unknown> & { probe: Record<string, unknown> } =>
  JSON.parse(readFileSync(V1_FIXTURE, 'utf8')) as Record<string, unknown> & { probe: Record<string, unknown> };

const local: MachineRecord = {
  ...REFERENCE_M1_PRO,
  id: 'vm-1234abcd',
  provenance: 'recorded by basel-lab specs on this machine',
  hostname: '<script>alert(1)</script>',
};

describe('machine store', () => {
  it('saves to <out>/machines/<id>.json and loads it back after the reference machine', () => {
    const out = tempDir();
    const path = saveMachine(out, local);
    assert.equal(path, machineFilePath(out, 'vm-1234abcd'));
    assert.equal(path, join(out, 'machines', 'vm-1234abcd.json'));
    assert.deepEqual(readdirSync(join(out, 'machines')), ['vm-1234abcd.json']);
    const machines = loadMachines(out);
    assert.deepEqual(
      machines.map((m) => m.id),
      ['reference-m1-pro', 'vm-1234abcd'],
    );
    assert.equal(machines[1]!.hostname, '<script>alert(1)</script>');
  });

  it('upgrades a version 1 file: same fields, version 2, a note on its probe, never reused by a profile', () => {
    const raw = v1Fixture();
    assert.equal(raw.version, 1);
    const record = loadMachineFile(V1_FIXTURE);
    assert.equal(record.version, MACHINE_VERSION);
    assert.equal(record.id, 'vm-93eaa67e');
    assert.deepEqual(record.caches, raw.caches);
    assert.deepEqual(record.probe, raw.probe);
    assert.deepEqual(record.notes, [...(raw.notes as string[]), V1_PROBE_NOTE]);
    assert.equal(record.probe!.bandwidth, undefined);
    assert.equal(probeSatisfies(record.probe, PROFILE_SETTINGS['smoke'].probe, 'smoke'), false);
    // Saved again, it is a version 2 file that loads as it was saved.
    const out = tempDir();
    const saved = saveMachine(out, record);
    assert.deepEqual(loadMachineFile(saved), record);
  });

  it('upgrades a version 1 record without a probe without adding a note', () => {
    const dir = tempDir();
    const file = join(dir, 'old.json');
    writeFileSync(file, JSON.stringify({ ...v1Fixture(), probe: null }));
    const record = loadMachineFile(file);
    assert.equal(record.version, 2);
    assert.deepEqual(record.notes, v1Fixture().notes);
  });

  it('drops keys it does not know rather than keeping them', () => {
    const dir = tempDir();
    const file = join(dir, 'extra.json');
    writeFileSync(file, JSON.stringify({ ...local, injected: '<script>', cpu: { ...local.cpu, extra: 1 } }));
    const record = loadMachineFile(file);
    assert.equal('injected' in record, false);
    assert.equal('extra' in record.cpu, false);
  });

  it('returns only the reference machine when nothing is recorded', () => {
    assert.deepEqual(
      loadMachines(tempDir()).map((m) => m.provenance),
      [REFERENCE_PROVENANCE],
    );
  });

  const bad: Array<[string, string, RegExp]> = [
    ['not JSON', '{', /not valid JSON/],
    ['another version', JSON.stringify({ ...local, version: MACHINE_VERSION + 1 }), /version 3 is not 2 \(or 1/],
    ['no version', JSON.stringify({ ...local, version: undefined }), /version undefined is not 2/],
    ['an array for a record', '[]', /the record must be an object/],
    [
      'a version 1 record with a bad probe point',
      JSON.stringify({ ...v1Fixture(), probe: { ...v1Fixture().probe, points: [{ workingSetBytes: 'big' }] } }),
      /probe\.points\[0\]\.workingSetBytes must be a finite number/,
    ],
    [
      'a bandwidth kernel it does not know',
      JSON.stringify({
        ...local,
        probe: {
          method: 'm',
          points: [],
          boundaries: [],
          elapsedMs: 1,
          bandwidth: { method: 'b', curves: [{ kernel: 'triad', threads: 1, points: [] }], elapsedMs: 1 },
        },
      }),
      /probe\.bandwidth\.curves\[0\]\.kernel must be one of read, write, copy/,
    ],
    [
      'a number where a string belongs',
      JSON.stringify({ ...local, hostname: 42 }),
      /hostname must be a string or null/,
    ],
    [
      'a string where a size belongs',
      JSON.stringify({ ...local, caches: [{ ...local.caches[0], sizeBytes: '128K' }] }),
      /caches\[0\]\.sizeBytes must be a finite number or null/,
    ],
    [
      'an unknown cache type',
      JSON.stringify({ ...local, caches: [{ ...local.caches[0], type: 'weird' }] }),
      /caches\[0\]\.type must be one of/,
    ],
    ['a non-string note', JSON.stringify({ ...local, notes: [{}] }), /notes\[0\] must be a string/],
  ];
  for (const [name, text, message] of bad) {
    it(`refuses a record with ${name}, naming the file`, () => {
      const out = tempDir();
      mkdirSync(join(out, 'machines'));
      const file = join(out, 'machines', 'other.json');
      writeFileSync(file, text);
      assert.throws(
        () => loadMachines(out),
        (error: unknown) => error instanceof UserError && error.message.includes(file) && message.test(error.message),
      );
    });
  }

  it('ships the article machine labelled as published, with inferences in notes', () => {
    assert.equal(REFERENCE_M1_PRO.id, 'reference-m1-pro');
    assert.equal(REFERENCE_M1_PRO.provenance, 'as published in the reference article');
    assert.deepEqual(
      REFERENCE_M1_PRO.caches.map((c) => [c.name, c.sizeBytes, c.sharedByCores]),
      [
        ['L1d', 128 * 1024, 1],
        ['L2', 24 * 1024 * 1024, 6],
        ['L3', 24 * 1024 * 1024, null],
      ],
    );
    assert.equal(REFERENCE_M1_PRO.memory.totalBytes, 16 * 1024 ** 3);
    assert.deepEqual(REFERENCE_M1_PRO.cores, { physical: 10, logical: 10, performance: 8, efficiency: 2 });
    assert.ok(REFERENCE_M1_PRO.notes.some((n) => n.startsWith('As published')));
    assert.ok(
      REFERENCE_M1_PRO.notes.some((n) => n.startsWith('Inferred by us') && n.includes('8 performance + 2 efficiency')),
    );
    const saved = JSON.parse(readFileSync(saveMachine(tempDir(), REFERENCE_M1_PRO), 'utf8')) as MachineRecord;
    assert.deepEqual(saved, REFERENCE_M1_PRO);
  });
});
