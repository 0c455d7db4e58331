// Gather this machine's record: systeminformation (each call with a timeout) plus the OS's own cache data.
import { execFile } from 'node:child_process';
import os from 'node:os';
import si from 'systeminformation';
import { readCacheSources, SYSFS_CPU_ROOT, type CommandRunner } from './cache-sources.js';
import { machineId } from './id.js';
import { MACHINE_VERSION, type MachineRecord, type ProbeResult } from './record.js';

export type { CommandRunner } from './cache-sources.js';

/** How long one systeminformation call or one command may take before we give up on it. */
export const SOURCE_TIMEOUT_MS = 5_000;

export const LOCAL_PROVENANCE = 'recorded by basel-lab specs on this machine';

/** The systeminformation calls a record uses; injected in tests so they do not depend on the machine running them. */
export interface SystemInformation {
  cpu: typeof si.cpu;
  cpuCache: typeof si.cpuCache;
  mem: typeof si.mem;
  osInfo: typeof si.osInfo;
}

export interface CollectOptions {
  platform?: string;
  sysfsRoot?: string;
  runCommand?: CommandRunner;
  systemInformation?: SystemInformation;
  timeoutMs?: number;
  probe?: ProbeResult | null;
}

/** Run a command with a timeout; null when it is missing, fails or times out. */
export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { timeout: SOURCE_TIMEOUT_MS, env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout) => resolve(error ? null : stdout),
    );
  });

/** Resolve to the promise's value, or to null (with a note) if it rejects or takes longer than `ms`. */
async function withTimeout<T>(label: string, promise: Promise<T>, ms: number, notes: string[]): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      notes.push(`${label} timed out after ${ms} ms`);
      resolve(null);
    }, ms);
  });
  try {
    return await Promise.race([
      promise.catch((error: unknown) => (notes.push(`${label} failed: ${String(error)}`), null)),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Collect the record of the machine this runs on. Never throws for a missing source: it records why instead. */
export async function collectMachine(options: CollectOptions = {}): Promise<MachineRecord> {
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.timeoutMs ?? SOURCE_TIMEOUT_MS;
  const notes: string[] = [];
  const system = options.systemInformation ?? si;
  const [cpu, cache, mem, osInfo] = [
    await withTimeout('systeminformation cpu()', system.cpu(), timeoutMs, notes),
    await withTimeout('systeminformation cpuCache()', system.cpuCache(), timeoutMs, notes),
    await withTimeout('systeminformation mem()', system.mem(), timeoutMs, notes),
    await withTimeout('systeminformation osInfo()', system.osInfo(), timeoutMs, notes),
  ];
  const readings = await readCacheSources({
    platform,
    sysfsRoot: options.sysfsRoot ?? SYSFS_CPU_ROOT,
    runCommand: options.runCommand ?? runCommand,
    siCache: cache,
  });
  const chosen = readings.find((reading) => reading.caches.length > 0) ?? null;
  for (const reading of readings) {
    if (reading === chosen) break;
    notes.push(`${reading.source} skipped: ${reading.problems.join('; ') || 'no caches'}`);
  }
  if (chosen && chosen.problems.length > 0) notes.push(`${chosen.source}: ${chosen.problems.join('; ')}`);

  const reasons: Record<string, string> = {};
  const known = <T>(path: string, value: T | null | undefined, why: string): T | null => {
    const ok =
      value !== null &&
      value !== undefined &&
      value !== '' &&
      !(typeof value === 'number' && (!Number.isFinite(value) || value <= 0));
    if (!ok) reasons[path] = why;
    return ok ? value : null;
  };
  const fromOs = chosen?.cores;
  const siWhy = (call: string) => `systeminformation ${call} gave nothing`;
  const record: MachineRecord = {
    version: MACHINE_VERSION,
    id: machineId(),
    provenance: LOCAL_PROVENANCE,
    recordedAt: new Date().toISOString(),
    hostname: known('hostname', osInfo?.hostname || os.hostname(), 'hostname unknown'),
    cpu: {
      brand: known('cpu.brand', cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : os.cpus()[0]?.model, siWhy('cpu()')),
      vendor: known('cpu.vendor', cpu?.vendor, siWhy('cpu()')),
      family: known('cpu.family', cpu?.family, 'CPU family not reported'),
      model: known('cpu.model', cpu?.model, 'CPU model not reported'),
      arch: known('cpu.arch', os.arch(), 'architecture unknown'),
    },
    cores: {
      physical: known('cores.physical', fromOs?.physical ?? cpu?.physicalCores, siWhy('cpu()')),
      logical: known('cores.logical', fromOs?.logical ?? cpu?.cores ?? os.cpus().length, 'logical core count unknown'),
      performance: known(
        'cores.performance',
        fromOs?.performance ?? cpu?.performanceCores,
        'performance core count not reported',
      ),
      efficiency: fromOs?.efficiency ?? (typeof cpu?.efficiencyCores === 'number' ? cpu.efficiencyCores : null),
    },
    cacheSource: chosen
      ? { name: chosen.source, meaning: chosen.meaning }
      : { name: 'systeminformation', meaning: 'no source reported any cache' },
    caches: chosen?.caches ?? [],
    memory: {
      totalBytes: known('memory.totalBytes', mem?.total ?? os.totalmem(), 'total memory unknown'),
      availableBytes: known('memory.availableBytes', mem?.available, siWhy('mem()')),
    },
    os: {
      platform: known('os.platform', osInfo?.platform || platform, 'platform unknown'),
      distro: known('os.distro', osInfo?.distro, siWhy('osInfo()')),
      release: known('os.release', osInfo?.release, siWhy('osInfo()')),
      kernel: known('os.kernel', osInfo?.kernel || os.release(), 'kernel unknown'),
    },
    runtime: { node: process.versions.node, v8: process.versions.v8 },
    reasons,
    notes,
    raw: Object.fromEntries(
      readings.filter((reading) => reading.raw !== '').map((reading) => [reading.source, reading.raw]),
    ),
    probe: options.probe ?? null,
  };
  if (record.cores.efficiency === null) reasons['cores.efficiency'] = 'efficiency core count not reported';
  if (record.caches.length === 0) reasons.caches = 'no source reported any cache';
  return record;
}
