// collectMachine: which cache source wins, and how unknowns are recorded, with injected /sys roots and commands.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { machineId } from '../src/machine/id.js';
import { MACHINE_VERSION } from '../src/machine/record.js';
import { collectMachine, type CommandRunner } from '../src/machine/specs.js';
import { validateMachineRecord } from '../src/machine/validate.js';
import { FIXTURES, tempDir } from './helpers.js';

const fixture = (...parts: string[]): string => readFileSync(join(FIXTURES, ...parts), 'utf8');
const commands =
  (outputs: Record<string, string | null>): CommandRunner =>
  async (command) =>
    outputs[command] ?? null;

describe('collectMachine', () => {
  it('prefers /sys on Linux and keeps the text it parsed', async () => {
    const record = await collectMachine({
      platform: 'linux',
      sysfsRoot: join(FIXTURES, 'sys-cpu', 'zen5-2core'),
      runCommand: commands({ lscpu: fixture('lscpu', 'sum-of-instances.txt') }),
    });
    assert.equal(record.version, MACHINE_VERSION);
    assert.equal(record.id, machineId());
    assert.equal(record.cacheSource.name, 'sysfs');
    assert.deepEqual(
      record.caches.map((c) => [c.name, c.sizeBytes, c.sharedByCores]),
      [
        ['L1d', 49152, 1],
        ['L1i', 32768, 1],
        ['L2', 1048576, 1],
        ['L3', 33554432, 2],
      ],
    );
    assert.match(record.raw.sysfs!, /cpu0\/cache\/index0\/size: 48K/);
    assert.ok(record.raw.lscpu!.includes('96 KiB (2 instances)'));
    validateMachineRecord(JSON.parse(JSON.stringify(record)), 'collected');
  });

  it('falls back to lscpu when /sys has no caches, and says why', async () => {
    const record = await collectMachine({
      platform: 'linux',
      sysfsRoot: tempDir(),
      runCommand: commands({ lscpu: fixture('lscpu', 'sum-of-instances.txt') }),
    });
    assert.equal(record.cacheSource.name, 'lscpu');
    assert.equal(record.caches[0]!.sizeBytes, 48 * 1024);
    assert.ok(record.notes.some((note) => note.startsWith('sysfs skipped: no cpu* folders')));
  });

  it('reads sysctl on macOS', async () => {
    const record = await collectMachine({
      platform: 'darwin',
      runCommand: commands({ sysctl: fixture('sysctl', 'apple-m1-pro.txt') }),
    });
    assert.equal(record.cacheSource.name, 'sysctl');
    assert.deepEqual([record.cores.performance, record.cores.efficiency], [8, 2]);
  });

  it('records null with a reason when no source reports a cache', async () => {
    const record = await collectMachine({
      platform: 'linux',
      sysfsRoot: tempDir(),
      runCommand: commands({}),
      timeoutMs: 1,
    });
    if (record.caches.length === 0) assert.equal(record.reasons.caches, 'no source reported any cache');
    else assert.equal(record.cacheSource.name, 'systeminformation');
    for (const [path, reason] of Object.entries(record.reasons)) assert.ok(reason.length > 0, path);
  });
});
