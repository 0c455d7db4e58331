// What else the machine is doing, and how its CPUs are clocked: load average, busy processes from
// /proc, the cpufreq governor and turbo from /sys. Pure parsers over text, thin readers over files.
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { BusyProcess, CpuFrequencyState, SystemSnapshot } from '../results/warnings.js';

export type { BusyProcess, CpuFrequencyState, SystemSnapshot } from '../results/warnings.js';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux everywhere). */
export const TICKS_PER_SECOND = 100;
/** A process using at least this much of one core while sampled counts as busy. */
export const BUSY_CPU_PERCENT = 10;
/** How long processes are watched to see which are busy, in ms. */
export const BUSY_SAMPLE_MS = 250;
/** At most this many busy processes are recorded (the busiest). */
export const MAX_BUSY_PROCESSES = 5;

/** The three load averages from /proc/loadavg's text ("0.52 0.31 0.20 1/234 5678"); null if it does not parse. */
export function parseLoadAverage(text: string): [number, number, number] | null {
  const fields = text.trim().split(/\s+/).slice(0, 3).map(Number);
  return fields.length === 3 && fields.every((value) => Number.isFinite(value) && value >= 0)
    ? (fields as [number, number, number])
    : null;
}

/**
 * One /proc/<pid>/stat line: pid, command and CPU ticks used (utime + stime). The command is in
 * parentheses and may hold spaces and parentheses itself, so fields are counted from the last ")".
 */
export function parseProcStat(text: string): { pid: number; command: string; ticks: number } | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // After the command: state (3), ppid (4), … utime (14), stime (15): indices 11 and 12 of `rest`.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isInteger(pid) || !Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { pid, command: text.slice(open + 1, close), ticks: utime + stime };
}

/**
 * The processes busy between two readings of their CPU ticks `elapsedMs` apart: at least `minPercent`
 * of a core, not in `exclude`, busiest first, at most MAX_BUSY_PROCESSES. Pure.
 */
export function busyProcesses(
  before: ReadonlyMap<number, { command: string; ticks: number }>,
  after: ReadonlyMap<number, { command: string; ticks: number }>,
  elapsedMs: number,
  { exclude = new Set<number>(), minPercent = BUSY_CPU_PERCENT, ticksPerSecond = TICKS_PER_SECOND } = {},
): BusyProcess[] {
  if (elapsedMs <= 0) return [];
  const busy: BusyProcess[] = [];
  for (const [pid, now] of after) {
    const then = before.get(pid);
    if (then === undefined || exclude.has(pid)) continue;
    const cpuPercent = (((now.ticks - then.ticks) / ticksPerSecond) * 1000 * 100) / elapsedMs;
    if (cpuPercent >= minPercent) busy.push({ pid, command: now.command, cpuPercent: Math.round(cpuPercent) });
  }
  return busy.sort((a, b) => b.cpuPercent - a.cpuPercent).slice(0, MAX_BUSY_PROCESSES);
}

/** Every process's CPU ticks from `procRoot`, or null if it has no numbered entries (not Linux). */
export function readProcessTicks(procRoot = '/proc'): Map<number, { command: string; ticks: number }> | null {
  let entries: string[];
  try {
    entries = readdirSync(procRoot).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  if (entries.length === 0) return null;
  const ticks = new Map<number, { command: string; ticks: number }>();
  for (const entry of entries) {
    try {
      const parsed = parseProcStat(readFileSync(join(procRoot, entry, 'stat'), 'utf8'));
      if (parsed !== null) ticks.set(parsed.pid, { command: parsed.command, ticks: parsed.ticks });
    } catch {
      // the process ended while we looked
    }
  }
  return ticks;
}

/** Read one small /sys or /proc file, trimmed, or null. */
function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * The cpufreq governors and the turbo state under `cpuRoot` (/sys/devices/system/cpu): governors from
 * cpuN/cpufreq/scaling_governor; boost from cpufreq/boost (1 = on, AMD and acpi-cpufreq) or
 * intel_pstate/no_turbo (0 = on).
 */
export function readCpuFrequencyState(cpuRoot = '/sys/devices/system/cpu'): CpuFrequencyState {
  let cpus: string[] = [];
  try {
    cpus = readdirSync(cpuRoot).filter((entry) => /^cpu\d+$/.test(entry));
  } catch {
    // not Linux, or no /sys
  }
  const governors = new Set<string>();
  for (const cpu of cpus) {
    const governor = readText(join(cpuRoot, cpu, 'cpufreq', 'scaling_governor'));
    if (governor !== null && governor !== '') governors.add(governor);
  }
  const boost = readText(join(cpuRoot, 'cpufreq', 'boost'));
  const noTurbo = readText(join(cpuRoot, 'intel_pstate', 'no_turbo'));
  return {
    governors: [...governors].sort(),
    boost: boost !== null ? boost === '1' : noTurbo !== null ? noTurbo === '0' : null,
  };
}

/**
 * The machine now: load averages (os.loadavg, [0, 0, 0] where the OS has none) and the processes
 * busy over the next `sampleMs`, other than those in `exclude` (default: this process).
 */
export async function takeSystemSnapshot({
  procRoot = '/proc',
  sampleMs = BUSY_SAMPLE_MS,
  exclude = new Set([process.pid]),
}: { procRoot?: string; sampleMs?: number; exclude?: ReadonlySet<number> } = {}): Promise<SystemSnapshot> {
  const at = new Date().toISOString();
  const loadAverage = (parseLoadAverage(readText(join(procRoot, 'loadavg')) ?? '') ?? os.loadavg()) as [
    number,
    number,
    number,
  ];
  const before = readProcessTicks(procRoot);
  if (before === null) return { at, loadAverage, busy: null };
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const after = readProcessTicks(procRoot) ?? new Map();
  return {
    at,
    loadAverage,
    busy: busyProcesses(before, after, performance.now() - start, { exclude: new Set(exclude) }),
  };
}
