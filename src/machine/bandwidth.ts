// Bandwidth per working set: read, write and copy GB/s with WebAssembly SIMD on 1 thread and on all cores at once.
import { Worker } from 'node:worker_threads';
import type { BandwidthJob, BandwidthReply } from './bandwidth-worker.js';
import { median } from './latency.js';
import { BANDWIDTH_KERNELS, type BandwidthCurve, type BandwidthKernel, type BandwidthPoint } from './record.js';

const WORKER_URL = new URL('./bandwidth-worker.js', import.meta.url);
/** Working sets are whole 256-byte blocks, so a copy's halves are whole 128-byte iterations. */
export const BANDWIDTH_GRAIN = 256;

export interface BandwidthOptions {
  /** Bytes per thread, ascending. */
  sizes: readonly number[];
  /** Thread counts to run, each a separate set of curves. */
  threads: readonly number[];
  kernels?: readonly BandwidthKernel[];
  /** Bytes each thread streams per timed repeat (rounded up to whole passes). */
  bytesPerRepeat: number;
  repeats: number;
  onPoint?: (kernel: BandwidthKernel, threads: number, point: BandwidthPoint) => void;
}

/** A started probe thread: send it jobs one at a time. */
class ProbeThread {
  private readonly worker: Worker;
  private waiting: { resolve: (reply: BandwidthReply) => void; reject: (error: Error) => void } | null = null;
  readonly ready: Promise<BandwidthReply>;

  constructor() {
    this.worker = new Worker(WORKER_URL);
    this.ready = this.next();
    this.worker.on('message', (reply: BandwidthReply) => this.settle((w) => w.resolve(reply)));
    this.worker.on('error', (error: Error) => this.settle((w) => w.reject(error)));
    this.worker.on('exit', (code: number) =>
      this.settle((w) => w.reject(new Error(`bandwidth thread exited with code ${code}`))),
    );
  }

  run(job: BandwidthJob): Promise<BandwidthReply> {
    const reply = this.next();
    this.worker.postMessage(job);
    return reply;
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private next(): Promise<BandwidthReply> {
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private settle(action: (waiting: NonNullable<ProbeThread['waiting']>) => void): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) action(waiting);
  }
}

/**
 * GB/s of each repeat when `threads` threads each moved `bytesPerThread` bytes, from each thread's
 * time per repeat (ns): all bytes over the slowest thread's time. Pure.
 */
export function aggregateGbPerSecond(bytesPerThread: number, nsByThread: readonly (readonly number[])[]): number[] {
  const repeats = Math.min(...nsByThread.map((ns) => ns.length));
  const total = bytesPerThread * nsByThread.length;
  return Array.from({ length: repeats }, (_, r) => total / Math.max(...nsByThread.map((ns) => ns[r]!)));
}

/**
 * One curve per kernel and thread count: for each size, every thread streams its own memory of that
 * size (copy: half source, half destination) for `repeats` repeats of ≥ bytesPerRepeat each, the
 * threads starting each repeat together; a point keeps the fastest (the ceiling), median and slowest repeat. The
 * threads are started (and the WebAssembly warmed up) once per thread count.
 */
export async function measureBandwidth(options: BandwidthOptions): Promise<BandwidthCurve[]> {
  const kernels = options.kernels ?? BANDWIDTH_KERNELS;
  const curves: BandwidthCurve[] = [];
  for (const threadCount of options.threads) {
    const threads = Array.from({ length: threadCount }, () => new ProbeThread());
    try {
      for (const reply of await Promise.all(threads.map((thread) => thread.ready)))
        if ('error' in reply) throw new Error(reply.error);
      const byKernel = new Map(kernels.map((kernel) => [kernel, [] as BandwidthPoint[]]));
      for (const size of options.sizes) {
        const bytes = Math.max(BANDWIDTH_GRAIN, Math.round(size / BANDWIDTH_GRAIN) * BANDWIDTH_GRAIN);
        for (const kernel of kernels) {
          const barrier = new SharedArrayBuffer(8);
          const passes = Math.max(1, Math.ceil(options.bytesPerRepeat / bytes));
          const job: BandwidthJob = { kernel, bytes, passes, repeats: options.repeats, barrier, threads: threadCount };
          const replies = await Promise.all(threads.map((thread) => thread.run(job)));
          const ns = replies.map((reply) => {
            if ('error' in reply) throw new Error(reply.error);
            if (!('ns' in reply)) throw new Error('bandwidth thread answered out of turn');
            return reply.ns;
          });
          const rates = aggregateGbPerSecond(bytes * passes, ns);
          const point: BandwidthPoint = {
            workingSetBytes: bytes,
            gbPerSecond: Math.max(...rates),
            medianGbPerSecond: median(rates),
            minGbPerSecond: Math.min(...rates),
          };
          byKernel.get(kernel)!.push(point);
          options.onPoint?.(kernel, threadCount, point);
        }
      }
      for (const kernel of kernels) curves.push({ kernel, threads: threadCount, points: byKernel.get(kernel)! });
    } finally {
      await Promise.all(threads.map((thread) => thread.stop()));
    }
  }
  return curves;
}
