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
