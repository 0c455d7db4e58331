// The worker thread of `workers` / `workers-cold`: sums each range job it receives with its inner variant.
import { parentPort } from 'node:worker_threads';
import { getSequentialVariant } from './registry.js';
import { FAULT_EXIT_CODE, FAULT_INNERS, type JobReply, type RangeJob, type ReadyMessage } from './worker-protocol.js';

/** Sum one job's range on this thread. Throws what the inner kernel throws. */
function runJob(job: RangeJob): number {
  if (job.inner === FAULT_INNERS.throw)
    throw new Error(`injected fault: inner kernel threw on x = ${job.first}..${job.last}`);
  if (job.inner === FAULT_INNERS.exit) process.exit(FAULT_EXIT_CODE);
  const variant = getSequentialVariant(job.inner);
  // No step timing inside workers: the clock reads would cost time and nobody reads the steps.
  return variant.sumRange(job.first, job.last, { chunk: job.chunk, workers: 1, inner: job.inner, timeSteps: false })
    .sum;
}

const port = parentPort;
if (port === null) throw new Error('workers-entry.js must run in a worker thread');

// Jobs are handled synchronously, one at a time, so replies leave in the order jobs arrived.
port.on('message', (job: RangeJob) => {
  if (job.inner === FAULT_INNERS.crash) {
    // Uncaught, outside the try below: the thread dies without replying.
    throw new RangeError(`injected fault: uncaught error on x = ${job.first}..${job.last}`);
  }
  let reply: JobReply;
  try {
    reply = { sum: runJob(job) };
  } catch (error) {
    reply = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies ReadyMessage);
