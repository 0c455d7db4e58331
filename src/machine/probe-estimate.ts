// A rough time for each unit of probe work, so progress can be shown in time rather than in working sets.
import { lastLevelCacheBytes } from './probe-settings.js';
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

/* Guesses, not measurements: typical of current x86 and Arm cores; only the ratios between tasks matter for an ETA. */
const NS_PER_LOAD = { l1: 1.5, l2: 5, llc: 25, dram: 150 };
const GB_PER_SECOND = { cache: 60, llc: 40, dram: 15 };
const FRESH_GB_PER_SECOND = 0.7;
const TOUCHED_GB_PER_SECOND = 10;
const OPS_PER_NS = { div: 0.7, mul: 5, add: 5, element: 1 };
/** Building a chain: the shuffle plus one random write per line, ns per line. */
const BUILD_NS_PER_LINE = 25;
const WARMUP_MS = 30;

/** Estimated wall time of `task` in ms on a machine with these caches. Pure. */
export function estimateProbeMs(task: ProbeTask, caches: readonly CacheLevel[]): number {
  const llc = lastLevelCacheBytes(caches) ?? 32 * 1024 * 1024;
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
