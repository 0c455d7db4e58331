// The messages between the main thread and a basel-lab worker: one job out, one reply back.

/** Sum 1/x² for x = first..last with the sequential variant `inner` (chunk size `chunk`). */
export interface RangeJob {
  first: number;
  last: number;
  inner: string;
  chunk: number;
}

/** A worker's answer to one job, in the order the jobs were sent. */
export type JobReply = { sum: number } | { error: string };

/** Posted once by a worker when its modules have loaded and it listens for jobs. */
export interface ReadyMessage {
  ready: true;
}

/**
 * Fault-injection inner names, for tests of the pool's failure handling. The worker honours them, but
 * the `workers` variants never send them: they accept only registered sequential variants as `inner`.
 * Only runJobsWithFaultForTest (src/kernels/workers.ts) can put one in a job.
 */
export const FAULT_INNERS = {
  /** The inner kernel throws an Error: the worker survives and replies { error }. */
  throw: 'fault:throw',
  /** The worker calls process.exit(FAULT_EXIT_CODE): the thread dies mid-job. */
  exit: 'fault:exit',
  /**
   * The worker throws an uncaught error outside the job handler, as a fatal out-of-memory does: the
   * thread dies with an 'error' event, then an 'exit'.
   */
  crash: 'fault:crash',
} as const;

export type FaultKind = keyof typeof FAULT_INNERS;

/** The exit code of a worker killed by the `exit` fault. */
export const FAULT_EXIT_CODE = 37;
