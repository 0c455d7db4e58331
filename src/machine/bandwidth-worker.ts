// A bandwidth probe thread: streams its own WebAssembly memory with one kernel when told, in step with the others.
import { parentPort } from 'node:worker_threads';
import { spinFor, WARMUP_MS } from './latency.js';
import type { BandwidthKernel } from './record.js';
import { ProbeMemory } from './wasm-probes.js';

/** One timed job: every thread runs `repeats` × `passes` passes over its own `bytes`, repeat k starting together. */
export interface BandwidthJob {
  kernel: BandwidthKernel;
  /** Bytes this thread streams over per pass (copy: half source, half destination); a multiple of 256. */
  bytes: number;
  passes: number;
  repeats: number;
  /** Two 32-bit counters shared by the threads of the job: arrivals and generation (a spinning barrier). */
  barrier: SharedArrayBuffer;
  threads: number;
}

export type BandwidthReply = { ready: true } | { ns: number[] } | { error: string };

/**
 * Wait until all `parties` threads have arrived. Spins rather than sleeping in Atomics.wait: each
 * thread has a core of its own, and waking from a sleep takes tens of microseconds, which would
 * stagger the starts of repeats that last a millisecond.
 */
export function arriveAndWait(counters: Int32Array, parties: number): void {
  const generation = Atomics.load(counters, 1);
  if (Atomics.add(counters, 0, 1) === parties - 1) {
    Atomics.store(counters, 0, 0);
    Atomics.add(counters, 1, 1);
    return;
  }
  while (Atomics.load(counters, 1) === generation) {
    // spin: the last thread to arrive releases everyone at once
  }
}

const memory = new ProbeMemory(4096);
const run = memory.exports;

/** One pass-set of `kernel` over `bytes` from offset 0. */
function stream(kernel: BandwidthKernel, bytes: number, passes: number): number {
  if (kernel === 'read') return Number(run.read(0, bytes, passes) & 1n);
  if (kernel === 'write') run.write(0, bytes, passes, passes & 0xff);
  else run.copy(bytes / 2, 0, bytes / 2, passes);
  return 0;
}

function runJob(job: BandwidthJob): number[] {
  memory.ensure(job.bytes);
  run.write(0, job.bytes, 1, 1); // first touch, untimed: page faults are the first-touch probe's business
  stream(job.kernel, job.bytes, 1); // bring the working set into the caches
  const counters = new Int32Array(job.barrier);
  const ns: number[] = [];
  for (let r = 0; r < job.repeats; r++) {
    arriveAndWait(counters, job.threads);
    const t0 = process.hrtime.bigint();
    stream(job.kernel, job.bytes, job.passes);
    ns.push(Number(process.hrtime.bigint() - t0));
  }
  return ns;
}

const port = parentPort;
if (port === null) throw new Error('bandwidth-worker.js must run in a worker thread');
spinFor(WARMUP_MS, () => {
  stream('read', 4096, 4);
  stream('write', 4096, 4);
  stream('copy', 4096, 4);
});
port.on('message', (job: BandwidthJob) => {
  let reply: BandwidthReply;
  try {
    reply = { ns: runJob(job) };
  } catch (error) {
    reply = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies BandwidthReply);
