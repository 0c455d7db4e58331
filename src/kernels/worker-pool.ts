// A pool of worker threads that sum range jobs: spawned lazily, reused, unref()ed when idle, failing loudly.
import { Worker } from 'node:worker_threads';
import { UserError } from '../util/errors.js';
import type { JobReply, RangeJob, ReadyMessage } from './worker-protocol.js';

/** The compiled worker entry, beside this file (dist/src/kernels/workers-entry.js). */
export const WORKER_ENTRY_URL = new URL('./workers-entry.js', import.meta.url);

interface PendingJob {
  job: RangeJob;
  /** How errors name the worker, e.g. "worker 2 of 4". */
  label: string;
  resolve(sum: number): void;
  reject(error: Error): void;
}

/**
 * One worker thread and the jobs sent to it but not yet answered, oldest first (a worker answers in
 * order). While it has pending jobs the thread is ref()ed, so the process waits for the answer; when
 * idle it is unref()ed, so a script that never calls shutdown still exits. If the thread dies, every
 * pending job is rejected with the cause, and the worker stays dead (the pool spawns a replacement).
 */
class PoolWorker {
  /** Resolves when the worker has loaded its modules and listens; rejects if it dies first. */
  readonly ready: Promise<void>;
  private readonly thread: Worker;
  private readonly pending: PendingJob[] = [];
  private markReady: () => void = () => undefined;
  private failReady: (error: Error) => void = () => undefined;
  private deathCause: string | undefined;
  private stopping = false;

  constructor(entry: URL) {
    this.thread = new Worker(entry);
    this.thread.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.failReady = reject;
    });
    this.ready.catch(() => undefined); // a death before ready is reported through the jobs too
    this.thread.on('message', (message: JobReply | ReadyMessage) => this.receive(message));
    this.thread.on('error', (error: Error) => this.die(describeError(error)));
    this.thread.on('exit', (code: number) =>
      this.die(this.stopping ? 'was terminated by the pool (shutdown or resize)' : `exited with code ${code}`),
    );
  }

  get alive(): boolean {
    return this.deathCause === undefined;
  }

  /** Send `job`; resolves with its sum, or rejects with an error naming `label`, the range and the cause. */
  run(job: RangeJob, label: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const pending: PendingJob = { job, label, resolve, reject };
      if (this.deathCause !== undefined) {
        reject(jobError(pending, 'died', this.deathCause));
        return;
      }
      this.pending.push(pending);
      this.thread.ref();
      this.thread.postMessage(job);
    });
  }

  /** Stop the thread; resolves when it has exited. Pending jobs are rejected. */
  async terminate(): Promise<void> {
    this.stopping = true;
    await this.thread.terminate();
  }

  private receive(message: JobReply | ReadyMessage): void {
    if ('ready' in message) {
      this.markReady();
      return;
    }
    const pending = this.pending.shift();
    if (this.pending.length === 0) this.thread.unref();
    if (pending === undefined) return;
    if ('error' in message) pending.reject(jobError(pending, 'failed', message.error));
    else pending.resolve(message.sum);
  }

  private die(cause: string): void {
    if (this.deathCause !== undefined) return; // 'error' is followed by 'exit'; keep the first cause
    this.deathCause = cause;
    this.failReady(new UserError(`a worker ${cause} before it was ready`));
    for (const pending of this.pending.splice(0)) pending.reject(jobError(pending, 'died', cause));
  }
}

/** "RangeError: message", with the error code when Node gives one (e.g. ERR_WORKER_OUT_OF_MEMORY). */
function describeError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} [${code}]: ${error.message}` : `${error.name}: ${error.message}`;
}

function jobError(pending: PendingJob, what: 'failed' | 'died', cause: string): UserError {
  const { job, label } = pending;
  return new UserError(`${label} (inner ${job.inner}, x = ${job.first}..${job.last}) ${what}: ${cause}`);
}

/**
 * Worker threads in numbered slots. run() gives job i to the worker in slot i, spawning a worker for
 * an empty slot or one whose thread died, so a failure costs one call and the next call gets a fresh
 * worker. Not reentrant per slot: a second run() before the first settles queues behind it.
 */
export class WorkerPool {
  private slots: (PoolWorker | undefined)[] = [];

  /** `entry`: the script each thread runs; it must speak worker-protocol.ts (tests pass one that fails on purpose). */
  constructor(private readonly entry: URL = WORKER_ENTRY_URL) {}

  /** Workers currently alive. */
  get liveCount(): number {
    return this.slots.filter((worker) => worker?.alive === true).length;
  }

  /** Keep at most `size` slots, terminating the workers beyond them. */
  async resize(size: number): Promise<void> {
    const extra = this.slots.splice(size);
    await Promise.all(extra.flatMap((worker) => (worker === undefined ? [] : [worker.terminate()])));
  }

  /** Make sure slots 0..count−1 hold live workers and wait until they all listen. */
  async start(count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, (_, slot) => this.workerAt(slot).ready));
  }

  /** Run jobs[i] on slot i; resolves with the sums in job order, or rejects with the first failure. */
  run(jobs: readonly RangeJob[], name: string): Promise<number[]> {
    return Promise.all(
      jobs.map((job, slot) => this.workerAt(slot).run(job, `${name}: worker ${slot + 1} of ${jobs.length}`)),
    );
  }

  /** Terminate every worker; resolves when all have exited. The pool can be used again afterwards. */
  async shutdown(): Promise<void> {
    await this.resize(0);
  }

  private workerAt(slot: number): PoolWorker {
    let worker = this.slots[slot];
    if (worker === undefined || !worker.alive) {
      worker = new PoolWorker(this.entry);
      this.slots[slot] = worker;
    }
    return worker;
  }
}
