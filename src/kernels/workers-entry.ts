// The worker thread of `workers` / `workers-cold`: sums each range job it receives with its inner variant.
import { parentPort } from 'node:worker_threads';
import { getSequentialVariant } from './registry.js';
import type { JobReply, RangeJob, ReadyMessage } from './worker-protocol.js';

/**
 * Terms of each warm-up call and how many calls: a fresh thread runs a kernel in V8's baseline tiers
 * (Ignition/Sparkplug for JavaScript, Liftoff for WebAssembly) until it has been hot for a while, and
 * a wasm call never switches tier mid-call. A few short calls on the job's own values of x (so the
 * JIT sees the same kind of numbers) let the optimised code be ready before the job: ≈ 3 ms for the
 * WebAssembly kernels, ≈ 15 ms for `chunked`.
 */
const WARM_UP_TERMS = 2 ** 20;
const WARM_UP_CALLS = 3;

/** The (inner variant, chunk size) pairs this thread has warmed up. */
const warmed = new Set<string>();

/** Sum one job's range on this thread, warming its kernel first if this thread has not run it yet. */
function runJob(job: RangeJob): number {
  const variant = getSequentialVariant(job.inner);
  // No step timing inside workers: the clock reads would cost time and nobody reads the steps.
  const options = { chunk: job.chunk, workers: 1, inner: job.inner, timeSteps: false };
  const key = `${job.inner} ${job.chunk}`;
  if (!warmed.has(key)) {
    warmed.add(key);
    const first = Math.max(job.first, job.last - WARM_UP_TERMS + 1);
    for (let call = 0; call < WARM_UP_CALLS; call++) variant.sumRange(first, job.last, options);
  }
  return variant.sumRange(job.first, job.last, options).sum;
}

const port = parentPort;
if (port === null) throw new Error('workers-entry.js must run in a worker thread');

// Jobs are handled synchronously, one at a time, so replies leave in the order jobs arrived.
port.on('message', (job: RangeJob) => {
  let reply: JobReply;
  try {
    reply = { sum: runJob(job) };
  } catch (error) {
    reply = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies ReadyMessage);
