// A process that must not outlive its parent (a notebook kernel, a measuring child): a watchdog thread
// notices the parent is gone — even while the main thread is busy in a cell or a sample — and kills it.
import { Worker } from 'node:worker_threads';

/** How often the watchdog looks at the parent, in ms: an orphan lives at most about this long. */
export const PARENT_POLL_MS = 200;

export interface ParentWatchOptions {
  /** A folder to remove before dying (e.g. the kernel's connection folder). */
  cleanup?: string;
  /** Also kill this process's group when it leads one (what the kernel started goes with it). Default true. */
  group?: boolean;
}

// Plain JavaScript for the thread (eval'd, no imports of ours): poll getppid(); once it changes the
// parent has died and we were re-parented, so remove the cleanup folder and SIGKILL ourselves.
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { readFileSync, rmSync } = require('node:fs');
const leadsGroup = () => {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === process.pid;
  } catch {
    return false;
  }
};
setInterval(() => {
  if (process.ppid === workerData.parent) return;
  if (workerData.cleanup) rmSync(workerData.cleanup, { recursive: true, force: true });
  if (workerData.group && leadsGroup()) {
    try { process.kill(-process.pid, 'SIGKILL'); } catch {}
  }
  process.kill(process.pid, 'SIGKILL');
}, workerData.pollMs);
`;

/**
 * Start the watchdog for this process (unref'd: it never keeps the process alive). The parent is the
 * one this process has now; a change of `process.ppid` means it died.
 */
export function dieWithParent(options: ParentWatchOptions = {}): void {
  const worker = new Worker(WATCHDOG, {
    eval: true,
    workerData: {
      parent: process.ppid,
      cleanup: options.cleanup,
      group: options.group ?? true,
      pollMs: PARENT_POLL_MS,
    },
    stdout: false,
    stderr: false,
  });
  worker.unref();
}
