// `workers` and `workers-cold`: 1..N split into W contiguous ranges, each summed on its own worker thread.
import { performance } from 'node:perf_hooks';
import { ArgumentError } from '../util/errors.js';
import { checkTermCount } from './exact.js';
import { checkFootprint } from './memory.js';
import type { SequentialVariant } from './sequential.js';
import type { KernelOptions, KernelResult, Variant } from './types.js';
import { WorkerPool } from './worker-pool.js';
import type { RangeJob } from './worker-protocol.js';

/** The largest worker count a call accepts (the CLI's --workers range). */
export const MAX_WORKERS = 256;

/** How a parallel variant finds its `inner` variant: the registry's getSequentialVariant, injected to avoid an import cycle. */
export type InnerLookup = (name: string) => SequentialVariant;

/** An inclusive range of x. */
export interface Range {
  first: number;
  last: number;
}

/**
 * Split 1..n into min(parts, n) contiguous non-empty ranges whose lengths differ by at most one,
 * in increasing x. Every term costs the same, so equal lengths balance the work. O(parts).
 */
export function splitRange(n: number, parts: number): Range[] {
  const count = Math.min(parts, n);
  const base = Math.floor(n / count);
  const longer = n - base * count; // the first `longer` ranges get one extra term
  const ranges: Range[] = [];
  let first = 1;
  for (let i = 0; i < count; i++) {
    const length = base + (i < longer ? 1 : 0);
    ranges.push({ first, last: first + length - 1 });
    first += length;
  }
  return ranges;
}

/** Check n, W, chunk and inner before any thread is started. Throws ArgumentError. */
function checkOptions(n: number, options: KernelOptions, findInner: InnerLookup): void {
  checkTermCount(n);
  const { workers, chunk } = options;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new ArgumentError(`workers must be an integer in [1, ${MAX_WORKERS}] (got ${String(workers)})`);
  }
  if (!Number.isSafeInteger(chunk) || chunk < 1) {
    throw new ArgumentError(`chunk must be an integer ≥ 1 (got ${String(chunk)})`);
  }
  findInner(options.inner);
}

/** The jobs for n terms: range i goes to worker i, with `innerOf(i)` as its kernel. */
function planJobs(n: number, options: KernelOptions, innerOf: (index: number) => string): RangeJob[] {
  return splitRange(n, options.workers).map(({ first, last }, index) => ({
    first,
    last,
    inner: innerOf(index),
    chunk: options.chunk,
  }));
}

/** Add the partial sums, smallest (last range) first, so the large early terms do not swamp them. */
function addPartials(sums: readonly number[]): number {
  let sum = 0;
  for (let i = sums.length - 1; i >= 0; i--) sum += sums[i] ?? 0;
  return sum;
}

/** The inner variant and the longest range one thread sums: the memory guard checks it per thread. */
function largestThreadOf(findInner: InnerLookup): NonNullable<Variant['largestThread']> {
  return (n, options) => {
    const longest = Math.max(...splitRange(n, options.workers).map(({ first, last }) => last - first + 1));
    return { inner: findInner(options.inner), n: longest };
  };
}

/** Peak bytes: every worker materialises its inner variant's arrays for its range at the same time. */
function footprintOf(findInner: InnerLookup): Variant['footprintBytes'] {
  return (n, options) => {
    const inner = findInner(options.inner);
    return splitRange(n, options.workers).reduce(
      (bytes, { first, last }) => bytes + inner.footprintBytes(last - first + 1, options),
      0,
    );
  };
}

/** The inner variant's work per term, shared by W threads (null when the inner declares none). */
function workOf(findInner: InnerLookup): NonNullable<Variant['work']> {
  return (options) => {
    const inner = findInner(options.inner).work?.(options) ?? null;
    return inner === null ? null : { ...inner, threads: options.workers };
  };
}

let sharedPool: WorkerPool | undefined;

/** The persistent pool of `workers`, created on first use. */
function warmPool(): WorkerPool {
  sharedPool ??= new WorkerPool();
  return sharedPool;
}

/** The tail of the chain of calls on the persistent pool: calls run one after another, never interleaved. */
let lastCall: Promise<unknown> = Promise.resolve();

/** Run n's jobs on the persistent pool, resized to W slots, after any call already running on it. */
function sumOnWarmPool(n: number, options: KernelOptions, innerOf: (index: number) => string): Promise<number> {
  const call = lastCall.then(async () => {
    const pool = warmPool();
    await pool.resize(options.workers);
    return addPartials(await pool.run(planJobs(n, options, innerOf), 'workers'));
  });
  lastCall = call.catch(() => undefined);
  return call;
}

/**
 * Terminate the persistent worker pool of `workers` (if any) and wait until its threads have exited.
 * Idle workers never keep the process alive, but the CLI and sweeps call this when done.
 */
export async function shutdownWorkers(): Promise<void> {
  const pool = sharedPool;
  sharedPool = undefined;
  await pool?.shutdown();
}

/** Threads alive in the persistent pool (0 before first use and after shutdownWorkers). */
export function liveWorkerCount(): number {
  return sharedPool?.liveCount ?? 0;
}

/** `workers`: a persistent pool of W threads, reused across calls. */
export function createWorkersVariant(findInner: InnerLookup): Variant {
  const variant: Variant = {
    name: 'workers',
    description:
      'W worker_threads from a persistent pool, each summing a contiguous range with --inner (default: the baseline)',
    mirrors: 'basel_multicore',
    options: ['workers', 'inner', 'chunk'],
    roles: { sweeps: ['n', 'workers'] },
    footprintBytes: footprintOf(findInner),
    largestThread: largestThreadOf(findInner),
    work: workOf(findInner),
    // Not async: bad options throw here, synchronously, before any thread starts.
    run(n, options): Promise<KernelResult> {
      checkOptions(n, options, findInner);
      checkFootprint(variant, n, options);
      return sumOnWarmPool(n, options, () => options.inner).then((sum) => ({ sum }));
    },
  };
  return variant;
}

/** Steps `workers-cold` times, in order. */
const COLD_STEPS = ['spawn', 'sum', 'terminate'] as const;

/** Spawn fresh threads for n's jobs, sum, terminate them; steps unless options.timeSteps is false. */
async function sumOnColdPool(n: number, options: KernelOptions): Promise<KernelResult> {
  const jobs = planJobs(n, options, () => options.inner);
  const pool = new WorkerPool();
  const start = performance.now();
  let sum: number;
  let spawned: number;
  try {
    await pool.start(jobs.length);
    spawned = performance.now();
    sum = addPartials(await pool.run(jobs, 'workers-cold'));
  } catch (error) {
    await pool.shutdown();
    throw error;
  }
  const summed = performance.now();
  await pool.shutdown();
  const stopped = performance.now();
  if (options.timeSteps === false) return { sum };
  return { sum, steps: { spawn: spawned - start, sum: summed - spawned, terminate: stopped - summed } };
}

/** `workers-cold`: fresh threads on every call, terminated after it (a multiprocessing.Pool per call). */
export function createWorkersColdVariant(findInner: InnerLookup): Variant {
  const variant: Variant = {
    name: 'workers-cold',
    description: 'like workers, but spawning W fresh worker_threads on every call and terminating them after',
    mirrors: 'basel_multicore',
    options: ['workers', 'inner', 'chunk'],
    roles: { sweeps: ['n', 'workers'] },
    steps: COLD_STEPS,
    footprintBytes: footprintOf(findInner),
    largestThread: largestThreadOf(findInner),
    work: workOf(findInner),
    // Not async: bad options throw here, synchronously, before any thread starts.
    run(n, options): Promise<KernelResult> {
      checkOptions(n, options, findInner);
      checkFootprint(variant, n, options);
      return sumOnColdPool(n, options);
    },
  };
  return variant;
}
