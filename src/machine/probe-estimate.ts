// A rough time for each unit of probe work, so progress can be shown in time rather than in working sets.
import { lastLevelCacheBytes } from './probe-settings.js';
import { timeLeftMs } from '../util/progress.js';
import type { BandwidthKernel, CacheLevel, ComputeOperation } from './record.js';

/** One unit of work of a probe plan (probeTasks), with what its cost depends on. */
export type ProbeTask =
  | { section: 'latency' | 'tlb'; layout: 'packed' | 'spread'; bytes: number; loads: number; repeats: number }
  | {
      section: 'bandwidth';
      kernel: BandwidthKernel;
      threads: number;
      bytes: number;
      bytesPerRepeat: number;
      repeats: number;
    }
  | { section: 'firstTouch'; bytes: number; repeats: number }
  | { section: 'compute'; operation: ComputeOperation; lanes: 1 | 2; iterations: number; repeats: number };

/*
 * Guesses, not measurements, typical of current x86 and Arm cores (main memory's latency with TLB misses
 * and the bandwidths set from a 2-core Zen 5 VM, where the sections then took 0.9–1.6× their estimates);
 * the ETA rescales them by the pace measured so far, so mostly the ratios between sections matter.
 */
const NS_PER_LOAD = { l1: 1.5, l2: 5, llc: 25, dram: 200 };
const GB_PER_SECOND = { cache: 100, llc: 60, dram: 25 };
/** Allocating and first writing fresh memory, page faults included: 0.35 GB/s measured on a 2-core Zen 5 VM. */
const FRESH_GB_PER_SECOND = 0.4;
const TOUCHED_GB_PER_SECOND = 10;
const OPS_PER_NS = { div: 0.7, mul: 5, add: 5, element: 1 };
/** Building a chain: the shuffle plus one random write per line, ns per line. */
const BUILD_NS_PER_LINE = 25;
const WARMUP_MS = 30;

/**
 * The most last-level cache the estimate assumes one core sees. A reported size can be the whole
 * socket's (a VM passing it through CPUID: 508 MiB on a 2-core Zen 5 VM, where the staircase finds
 * 4–40 MiB); costed as cache hits, its sizes made the latency estimate 5× short there.
 */
export const ESTIMATE_LLC_CAP_BYTES = 32 * 1024 * 1024;

/** The last-level cache the estimates assume one core sees: the reported one, capped at ESTIMATE_LLC_CAP_BYTES. Pure. */
export function estimatedLlcBytes(caches: readonly CacheLevel[]): number {
  return Math.min(lastLevelCacheBytes(caches) ?? ESTIMATE_LLC_CAP_BYTES, ESTIMATE_LLC_CAP_BYTES);
}

/** Estimated wall time of `task` in ms on a machine with these caches. Pure. */
export function estimateProbeMs(task: ProbeTask, caches: readonly CacheLevel[]): number {
  const llc = estimatedLlcBytes(caches);
  const l1 = Math.min(llc, 32 * 1024);
  const l2 = Math.min(llc, 1024 * 1024);
  switch (task.section) {
    case 'latency':
    case 'tlb': {
      const span = task.layout === 'spread' ? task.bytes * 64 : task.bytes;
      const ns =
        span <= l1
          ? NS_PER_LOAD.l1
          : span <= l2
            ? NS_PER_LOAD.l2
            : span <= llc / 2
              ? NS_PER_LOAD.llc
              : NS_PER_LOAD.dram;
      const lines = task.bytes / 64;
      const loads = task.repeats * task.loads * (ns + NS_PER_LOAD.l1) + Math.min(lines, 4 * task.loads) * ns;
      return (loads + lines * BUILD_NS_PER_LINE) / 1e6;
    }
    case 'bandwidth': {
      const rate =
        task.bytes <= l2
          ? GB_PER_SECOND.cache
          : task.bytes * task.threads <= llc / 2
            ? GB_PER_SECOND.llc
            : GB_PER_SECOND.dram;
      const passes = Math.max(1, Math.ceil(task.bytesPerRepeat / task.bytes));
      const bytes = (task.repeats * passes + 2) * task.bytes;
      return bytes / rate / 1e6;
    }
    case 'firstTouch':
      return (task.repeats * task.bytes * (1 / FRESH_GB_PER_SECOND + 1 / TOUCHED_GB_PER_SECOND)) / 1e6;
    case 'compute':
      return WARMUP_MS + (task.repeats * task.iterations * 8 * task.lanes) / OPS_PER_NS[task.operation] / 1e6;
  }
}

/** How far a probe is, in estimated ms (ProbeProgress's counts). */
export interface ProbePace {
  /** Estimated ms of the tasks finished so far, measured or skipped (estimateProbeMs). */
  doneMs: number;
  /** Estimated ms of every task. */
  totalMs: number;
  /**
   * Estimated ms of the tasks measured so far: doneMs without the ones skipped, which took no time.
   * Real elapsed time over this is the probe's pace.
   */
  measuredMs: number;
  /** Real ms since the probe began. */
  elapsedMs: number;
}

/** No time left is shown before the probe has run this long: the first sizes take microseconds, no pace. */
export const PROBE_PACE_MIN_MS = 2_000;

/**
 * Milliseconds the probe has left at its pace so far: the estimated ms still to do, times real elapsed
 * over the estimated ms measured (skipped tasks took no time, so they do not count in the pace); null
 * before PROBE_PACE_MIN_MS or the first measured task. Pure.
 */
export function probeLeftMs(progress: ProbePace): number | null {
  if (progress.elapsedMs < PROBE_PACE_MIN_MS) return null;
  return timeLeftMs(progress.elapsedMs, progress.measuredMs, Math.max(0, progress.totalMs - progress.doneMs));
}

/**
 * The share of the work to do that is done, in estimated ms: skipped tasks are out of both (a stop at
 * 64 MiB of a grid planned to 2 GiB skips most of the estimate, and is not 77% of the work). Pure.
 */
export function probeShareDone(progress: Omit<ProbePace, 'elapsedMs'>): number {
  const toDo = progress.totalMs - (progress.doneMs - progress.measuredMs);
  return toDo <= 0 ? 1 : progress.measuredMs / toDo;
}
