// Test helper: find processes (e.g. leftover tslab kernels) whose command line mentions a path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** PIDs of live (non-zombie) processes whose command line contains `marker`, from /proc. */
export function processesMentioning(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (cmdline.includes(marker) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** PIDs of kernels whose connection file lies under `dir` (KernelProcess names its folder basel-lab-kernel-*). */
export function kernelsUnder(dir: string): number[] {
  return processesMentioning(join(dir, 'basel-lab-kernel-'));
}

/** Zombie children of `pid` (exited but never reaped). */
export function zombieChildrenOf(pid: number): number[] {
  const zombies: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const state = /^State:\s+(\S)/m.exec(status)?.[1];
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      if (state === 'Z' && parent === pid) zombies.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return zombies;
}
