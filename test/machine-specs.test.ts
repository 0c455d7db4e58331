// collectMachine: which cache source wins, and how unknowns are recorded, with injected /sys roots and commands.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { machineId } from '../src/machine/id.js';
import { MACHINE_VERSION } from '../src/machine/record.js';
import { collectMachine, type CommandRunner, type SystemInformation } from '../src/machine/specs.js';
import { validateMachineRecord } from '../src/machine/validate.js';
import type { Systeminformation } from 'systeminformation';
import { FIXTURES, tempDir } from './helpers.js';

/** systeminformation answering nothing, so a test does not depend on the machine it runs on. */
const NOTHING_FROM_SYSTEMINFORMATION: SystemInformation = {
  cpu: async () => {
    throw new Error('no cpu() in this test');
  },
  cpuCache: async () => {
    throw new Error('no cpuCache() in this test');
  },
  mem: async () => {
    throw new Error('no mem() in this test');
  },
  osInfo: async () => {
    throw new Error('no osInfo() in this test');
  },
};

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
      systemInformation: NOTHING_FROM_SYSTEMINFORMATION,
    });
    assert.deepEqual(record.caches, []);
    assert.equal(record.reasons.caches, 'no source reported any cache');
    assert.deepEqual(
      record.notes.filter((note) => note.includes('skipped')).map((note) => note.split(' ')[0]),
      ['sysfs', 'lscpu', 'getconf', 'systeminformation'],
    );
    for (const [path, reason] of Object.entries(record.reasons)) assert.ok(reason.length > 0, path);
  });

  it('falls back to systeminformation last, reading its sizes as totals on Linux', async () => {
    const record = await collectMachine({
      platform: 'linux',
      sysfsRoot: tempDir(),
      runCommand: commands({}),
      systemInformation: {
        ...NOTHING_FROM_SYSTEMINFORMATION,
        cpuCache: async () => ({ l1d: 65536, l1i: 65536, l2: 2097152, l3: 33554432 }) as Systeminformation.CpuCacheData,
      },
    });
    assert.equal(record.cacheSource.name, 'systeminformation');
    assert.deepEqual(
      record.caches.map((c) => [c.name, c.sizeBytes, c.totalBytes]),
      [
        ['L1d', null, 65536],
        ['L1i', null, 65536],
        ['L2', null, 2097152],
        ['L3', null, 33554432],
      ],
    );
  });
});
