// Exclusive lock files: one writer at a time for a results file, a machine record or an output folder.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UserError } from './errors.js';

/** What a lock file holds: who took it, where, when and for what. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  purpose: string;
}

/** "pid 4242 on host-a since 2026-12-06T12:00:00.000Z (sweep n quick)". */
export function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return 'another process (its lock file cannot be read)';
  return `pid ${holder.pid} on ${holder.host} since ${holder.since} (${holder.purpose})`;
}

/** The holder recorded in `lockPath`, or undefined when there is no lock or it cannot be read. */
export function readLockHolder(lockPath: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return undefined;
    return {
      pid: value.pid,
      host: value.host,
      since: typeof value.since === 'string' ? value.since : '?',
      purpose: typeof value.purpose === 'string' ? value.purpose : '?',
    };
  } catch {
    return undefined;
  }
}

/** True when the process named by `holder` is known to be gone: same host, and no such pid. */
function isStale(holder: LockHolder | undefined): boolean {
  if (holder === undefined || holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Create `lockPath` exclusively with our holder record; false when it exists. */
function tryCreate(lockPath: string, purpose: string): boolean {
  mkdirSync(dirname(lockPath), { recursive: true });
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose };
  try {
    writeSync(fd, JSON.stringify(holder) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Take over a stale lock safely: rename it aside (only one contender's rename succeeds), check that what
 * was moved is still the stale holder's, then delete it. A live lock renamed by mistake is put back.
 */
function breakStaleLock(lockPath: string, stale: LockHolder): void {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readLockHolder(aside);
  if (moved !== undefined && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    try {
      linkSync(aside, lockPath); // a new live holder's lock: put it back unless another appeared meanwhile
    } catch {
      /* a third process holds it now; the moved one's owner will notice at release */
    }
  }
  rmSync(aside, { force: true });
}

/** Try once to take the lock, breaking a stale one; true when we hold it. */
function tryAcquire(lockPath: string, purpose: string): boolean {
  if (tryCreate(lockPath, purpose)) return true;
  const holder = readLockHolder(lockPath);
  if (!isStale(holder)) return false;
  breakStaleLock(lockPath, holder as LockHolder);
  return tryCreate(lockPath, purpose);
}

/** Delete `lockPath` if it is ours (a lock we lost to a stale-takeover is left to its new holder). */
export function releaseLock(lockPath: string): void {
  const holder = readLockHolder(lockPath);
  if (holder !== undefined && holder.pid === process.pid && holder.host === hostname())
    rmSync(lockPath, { force: true });
}

/**
 * Take the lock at `lockPath` for the rest of this process or until the returned release is called;
 * a UserError naming the holder when another live process has it. For long jobs (a report's output
 * folder), where waiting would hide that two runs overlap.
 */
export function acquireLockOrRefuse(lockPath: string, purpose: string, what: string): () => void {
  if (!tryAcquire(lockPath, purpose)) {
    throw new UserError(
      `${what} is in use by ${describeHolder(readLockHolder(lockPath))}; wait for it to finish, or delete ${lockPath} if that process is gone`,
    );
  }
  const release = (): void => {
    process.off('exit', release);
    releaseLock(lockPath);
  };
  process.on('exit', release);
  return release;
}

const POLL_MS = 25;

/**
 * Run `fn` while holding the lock at `lockPath`, waiting (polling) up to `waitMs` for another holder;
 * a UserError naming the holder when it does not let go in time. For short critical sections (re-read,
 * merge and save one file), so concurrent writers queue instead of overwriting each other.
 */
export function withFileLock<T>(lockPath: string, purpose: string, fn: () => T, waitMs = 30_000): T {
  const deadline = Date.now() + waitMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (!tryAcquire(lockPath, purpose)) {
    if (Date.now() >= deadline) {
      throw new UserError(
        `${lockPath} has been held for over ${Math.round(waitMs / 1000)} s by ${describeHolder(readLockHolder(lockPath))}; delete it if that process is gone`,
      );
    }
    Atomics.wait(sleeper, 0, 0, POLL_MS);
  }
  try {
    return fn();
  } finally {
    releaseLock(lockPath);
  }
}
