// Validity warnings of a run, as data (schema.ts stores them) and as the sentence each renders to:
// what could make a number untrustworthy — a busy machine, a coarse clock, a noisy point, a short
// warm-up, a CPU whose clock moves, no garbage collection between samples, an uncontrolled memory state.
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegative = finite.refine((value) => value >= 0, 'must be ≥ 0');
const when = z.enum(['before', 'after']);

/** The machine at one moment of a run (src/machine/system-state.ts takes it). */
export const SystemSnapshotSchema = z.object({
  at: z.string(),
  /** 1, 5 and 15-minute load averages. */
  loadAverage: z.tuple([nonNegative, nonNegative, nonNegative]),
  /** Other processes using ≥ 10% of a core while sampled, busiest first; null where /proc is absent. */
  busy: z.array(z.object({ pid: z.number().int(), command: z.string(), cpuPercent: nonNegative })).nullable(),
});
export type SystemSnapshot = z.infer<typeof SystemSnapshotSchema>;
export type BusyProcess = NonNullable<SystemSnapshot['busy']>[number];

/** How the CPUs are clocked, where /sys exposes it (often not in a VM). */
export const CpuFrequencySchema = z.object({
  /** The distinct cpufreq governors (`performance`, `powersave`, `schedutil`, …); [] when not exposed. */
  governors: z.array(z.string()),
  /** Whether turbo/boost is on; null when not exposed. */
  boost: z.boolean().nullable(),
});
export type CpuFrequencyState = z.infer<typeof CpuFrequencySchema>;

/** The conditions of the latest run of a sweep, recorded beside its points. */
export const RunSystemSchema = z.object({
  before: SystemSnapshotSchema,
  after: SystemSnapshotSchema.nullable(),
  frequency: CpuFrequencySchema,
  /** The C library's version when it is glibc (the memory states are enforced only there), else null. */
  glibc: z.string().nullable(),
});
export type RunSystem = z.infer<typeof RunSystemSchema>;

export const WarningSchema = z.discriminatedUnion('kind', [
  /** The 1-minute load average, less this run's own share, was above `threshold`. */
  z.object({ kind: z.literal('load'), when, load1: nonNegative, ownLoad: nonNegative, threshold: nonNegative }),
  /** Another process used `cpuPercent` of a core while the machine was sampled. */
  z.object({
    kind: z.literal('busy-process'),
    when,
    pid: z.number().int(),
    command: z.string(),
    cpuPercent: nonNegative,
  }),
  /** The clock's measured resolution is coarse. */
  z.object({ kind: z.literal('clock'), resolutionNs: nonNegative, thresholdNs: nonNegative }),
  /** A point's samples vary by more than `threshold` (coefficient of variation, stdDev / mean). */
  z.object({ kind: z.literal('cv'), key: z.string(), cv: nonNegative, threshold: nonNegative }),
  /** A point's first sample was `ratio` × the median of the others: the warm-up was too short. */
  z.object({ kind: z.literal('first-sample'), key: z.string(), ratio: nonNegative, threshold: nonNegative }),
  // The median's 95% confidence interval is wider than ± threshold of it.
  z.object({ kind: z.literal('uncertain-median'), key: z.string(), halfWidth: nonNegative, threshold: nonNegative }),
  /**
   * A canary loop took `ratio` × its fastest reading in the file just before this point: the machine was
   * slower. `canary`: which one, `cache` (a stream through a cache-sized working set) or, when absent, the compute loop.
   */
  z.object({
    kind: z.literal('machine-slow'),
    key: z.string(),
    ratio: nonNegative,
    threshold: nonNegative,
    canary: z.literal('cache').optional(),
  }),
  /** The medians of the processes a point was spread over differ by `spread` of the pooled median. */
  z.object({
    kind: z.literal('process-spread'),
    key: z.string(),
    processes: z.number().int().min(2),
    spread: nonNegative,
    threshold: nonNegative,
  }),
  /** The CPUs' frequency governor is not `performance`: their clock follows the load. */
  z.object({ kind: z.literal('governor'), governors: z.array(z.string()) }),
  /** Turbo / boost is on: the clock depends on temperature and on what the other cores do. */
  z.object({ kind: z.literal('turbo') }),
  /** Node ran without --expose-gc: garbage from one sample may be collected during another. */
  z.object({ kind: z.literal('no-gc') }),
  /** The memory state of array variants was not controlled: measured in the sweep's process, or not on glibc. */
  z.object({ kind: z.literal('memory-uncontrolled'), reason: z.enum(['in-process', 'not-glibc']) }),
]);
export type Warning = z.infer<typeof WarningSchema>;
export type WarningKind = Warning['kind'];

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** The sentence a warning renders to (the CLI and the report show it). */
export function describeWarning(warning: Warning): string {
  switch (warning.kind) {
    case 'load':
      return `load average ${warning.load1.toFixed(2)} ${warning.when} the run (${warning.ownLoad.toFixed(2)} of it this run's own): other work shared the cores`;
    case 'busy-process':
      return `${warning.command} (pid ${warning.pid}) used ${warning.cpuPercent}% of a core ${warning.when} the run`;
    case 'clock':
      return `the clock's resolution is ${Math.round(warning.resolutionNs)} ns (over ${warning.thresholdNs} ns): short samples are coarse`;
    case 'cv':
      return `${warning.key}: samples vary by ${percent(warning.cv)} (coefficient of variation over ${percent(warning.threshold)})`;
    case 'uncertain-median':
      return `${warning.key}: the median is known only to ±${percent(warning.halfWidth)} (95% confidence; over ±${percent(warning.threshold)}): take more samples before comparing runs`;
    case 'machine-slow':
      return warning.canary === 'cache'
        ? `${warning.key}: the machine's caches ran ${percent(warning.ratio - 1)} slower than at their fastest in this run (a fixed stream through 480 KB took ${warning.ratio.toFixed(2)}× as long; over ${percent(warning.threshold)}): another guest in the caches, not the kernel`
        : `${warning.key}: the machine ran ${percent(warning.ratio - 1)} slower than at its fastest in this run (a fixed canary loop took ${warning.ratio.toFixed(2)}× as long; over ${percent(warning.threshold)}): another guest or a lower clock, not the kernel`;
    case 'process-spread':
      return `${warning.key}: its ${warning.processes} fresh processes' medians differ by ${percent(warning.spread)} (over ${percent(warning.threshold)}): the number depends on the process (JIT, code and thread placement) more than its samples show`;
    case 'first-sample':
      return `${warning.key}: the first sample took ${warning.ratio.toFixed(1)}× the median of the others: warm-up too short`;
    case 'governor':
      return `CPU frequency governor ${warning.governors.join(', ')}, not performance: the clock follows the load`;
    case 'turbo':
      return 'turbo boost is on: the clock depends on temperature and on the other cores';
    case 'no-gc':
      return 'Node ran without --expose-gc: garbage from one sample may be collected during another';
    case 'memory-uncontrolled':
      return warning.reason === 'in-process'
        ? 'array variants were measured in the sweep’s own process: whether their memory was fresh or reused depended on what ran before'
        : 'not on glibc: the declared memory state (fresh or reused) could not be enforced';
  }
}

/** The point a warning is about, or null for a warning about the whole run. */
export function warningKey(warning: Warning): string | null {
  return 'key' in warning ? warning.key : null;
}

/** At most this many warnings are listed one per line on a terminal; the rest are counted. */
export const MAX_LISTED_WARNINGS = 8;

/** Warnings as indented lines for a terminal: the first MAX_LISTED_WARNINGS, then how many more. */
export function warningLines(warnings: readonly Warning[], indent = '  '): string[] {
  const lines = warnings
    .slice(0, MAX_LISTED_WARNINGS)
    .map((warning) => `${indent}warning: ${describeWarning(warning)}`);
  if (warnings.length > MAX_LISTED_WARNINGS)
    lines.push(`${indent}… and ${warnings.length - MAX_LISTED_WARNINGS} more warnings in the results file`);
  return lines;
}
