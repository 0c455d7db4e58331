// `basel-lab bench`: time one variant of the sum at one N and print a small table or one JSON object.
import os from 'node:os';
import type { Command } from 'commander';
import { ArgumentError } from '../util/errors.js';
import { MAX_N, exactPartialSum } from '../kernels/exact.js';
import { checkFootprint } from '../kernels/memory.js';
import {
  DEFAULT_CHUNK,
  DEFAULT_INNER,
  SEQUENTIAL_VARIANT_NAMES,
  VARIANTS,
  VARIANT_NAMES,
  getVariant,
} from '../kernels/registry.js';
import type { KernelOptions, Variant } from '../kernels/types.js';
import { MAX_WORKERS, shutdownWorkers } from '../kernels/workers.js';
import { MeasurementInterrupted } from '../measure/child.js';
import { DEFAULT_ISOLATION } from '../measure/child-protocol.js';
import { measureIsolated } from '../measure/isolated.js';
import { canCollectGarbage, measureHarnessOverhead, type MeasureSettings } from '../measure/measure.js';
import { measureClockResolutionNs } from '../measure/clock.js';
import { readCpuFrequencyState, takeSystemSnapshot } from '../machine/system-state.js';
import { pointParams } from '../measure/sweep-kinds.js';
import { memoryControlFor, ownLoadEstimate, runWarnings, sampleWarnings } from '../measure/validity.js';
import { pointKey } from '../results/store.js';
import { describeWarning, type RunSystem, type Warning } from '../results/warnings.js';
import { DEFAULT_MEMORY_STATE, glibcVersion, hasMemoryState } from '../measure/memory-state.js';
import { DEFAULT_PROFILE, PROFILE_SETTINGS } from '../measure/profiles.js';
import {
  ISOLATIONS,
  MEMORY_STATES,
  PROFILES,
  type Isolation,
  type MemoryState,
  type Profile,
  type Stats,
} from '../results/schema.js';
import { exitCodeFor, onInterrupt } from '../util/interrupt.js';
import { formatMs, formatN, formatNumber } from '../util/format.js';
import { parseChoice, parseInteger } from './parse.js';

interface BenchFlags {
  variant?: string;
  n?: string;
  chunk: string;
  workers?: string;
  inner: string;
  profile: string;
  repeats?: string;
  warmup?: string;
  json?: boolean;
  list?: boolean;
  quiet?: boolean;
  isolate: string;
  memory?: string;
}

/** What one bench run measured: finished values, ready to print as a table or JSON. */
export interface BenchReport {
  variant: string;
  n: number;
  chunk: number;
  workers: number;
  inner: string;
  profile: Profile;
  /** The sampling used: the profile's, with --warmup and --repeats applied. */
  settings: MeasureSettings;
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  sum: number;
  exact: number;
  absError: number;
  relError: number;
  /** Every statistic of the samples (median, spread, confidence interval of the median, outliers). */
  stats: Stats;
  /** Median milliseconds per step over the timed runs, for variants that time their steps. */
  steps?: Record<string, number>;
  /** The harness's own cost per sample (two clock reads and a call), measured before the run. */
  harnessOverheadMs: number;
  /** Calls per sample, from the calibration run; samplesMs and every statistic are per call. */
  batch: number;
  /** The shortest a sample was allowed to last (milliseconds), from the clock's resolution. */
  targetSampleMs: number;
  /** Where it was measured: `series` and `point` both mean a fresh child process for this one point. */
  isolation: Isolation;
  /** The memory state declared, for variants that have one and measured in a child; else absent. */
  memory?: MemoryState;
  /** Minor page faults per call over the timed samples (≈ 1 per 4 KiB of fresh memory touched). */
  pageFaultsPerCall: number;
  /** The machine before and after the run: load, busy processes, CPU clocking. */
  system: RunSystem;
  /** Validity warnings: the run's conditions, then the samples' (noise, a slow first sample). */
  warnings: Warning[];
}

export function register(command: Command): void {
  command
    .option('--variant <name>', `the variant to time: ${VARIANT_NAMES.join(', ')}`)
    .option('--n <N>', 'terms to sum, x = 1..N inclusive: an integer in [1, 2^53−1] (1e6 and 1_000_000 work)')
    .option('--chunk <C>', 'terms per chunk, for chunked variants', String(DEFAULT_CHUNK))
    .option(
      '--workers <W>',
      `worker threads, for parallel variants, in [1, ${MAX_WORKERS}] (default: the number of cores)`,
    )
    .option('--inner <name>', 'the sequential variant each worker runs', DEFAULT_INNER)
    .option('--profile <profile>', `sampling as in this profile: ${PROFILES.join(', ')}`, DEFAULT_PROFILE)
    .option('--repeats <R>', "exactly R timed runs (default: the profile's sampling: enough runs and time)")
    .option('--warmup <K>', "exactly K untimed runs before timing (default: the profile's)")
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--list', 'list the variants with their descriptions')
    .option('--quiet', 'no progress lines on stderr')
    .option(
      '--isolate <where>',
      `${ISOLATIONS.join(', ')}: measure in a fresh child process (series and point alike here) or in this one`,
      DEFAULT_ISOLATION,
    )
    .option(
      '--memory <state>',
      `for variants that allocate full-length arrays: ${MEMORY_STATES.join(', ')} pages (default ${DEFAULT_MEMORY_STATE}; needs a child)`,
    )
    .addHelpText(
      'after',
      '\nCtrl-C or SIGTERM kills the measuring child at once and exits with 130 (143); with --isolate none it\n' +
        'waits for the sample in progress.',
    )
    .action(async (flags: BenchFlags) => {
      if (flags.list === true) {
        process.stdout.write(formatVariantList());
        return;
      }
      const interrupt = onInterrupt({
        onFirst: (signal) => {
          if (flags.quiet !== true) process.stderr.write(`\nbasel-lab: ${signal}: stopping (again to quit at once)\n`);
        },
      });
      let report: BenchReport;
      try {
        report = await runBench(flags, interrupt.signal);
      } catch (error) {
        if (!(error instanceof MeasurementInterrupted) && !interrupt.signal.aborted) throw error;
        process.exitCode = interrupt.received === null ? exitCodeFor('SIGINT') : exitCodeFor(interrupt.received);
        return;
      } finally {
        interrupt.dispose();
        await shutdownWorkers(); // idle workers would not hold the process, but leave nothing running
      }
      process.stdout.write(flags.json === true ? `${JSON.stringify(report)}\n` : formatBenchTable(report));
    });
}

/** Check the flags, refuse runs that would not fit in memory, time the variant and compare with S(N). */
export async function runBench(flags: BenchFlags, signal?: AbortSignal): Promise<BenchReport> {
  if (flags.variant === undefined)
    throw new ArgumentError(`--variant is required; allowed: ${VARIANT_NAMES.join(', ')}`);
  if (flags.n === undefined) throw new ArgumentError('--n is required: an integer in [1, 2^53−1]');
  const variant = getVariant(flags.variant);
  const n = parseInteger('--n', flags.n, { min: 1, max: MAX_N });
  const options: KernelOptions = {
    chunk: parseInteger('--chunk', flags.chunk, { min: 1, max: MAX_N }),
    workers:
      flags.workers === undefined
        ? Math.min(os.availableParallelism(), MAX_WORKERS)
        : parseInteger('--workers', flags.workers, { min: 1, max: MAX_WORKERS }),
    inner: parseChoice('--inner', flags.inner, SEQUENTIAL_VARIANT_NAMES),
  };
  const profile = parseChoice('--profile', flags.profile, PROFILES);
  const settings: MeasureSettings = { ...PROFILE_SETTINGS[profile].measure };
  if (flags.warmup !== undefined) {
    // Exactly K untimed batches: no warm-up time floor either.
    settings.warmupRuns = parseInteger('--warmup', flags.warmup, { min: 0 });
    settings.minWarmupMs = 0;
  }
  if (flags.repeats !== undefined) {
    // Exactly R timed runs: no time floor, so the count is what was asked.
    const repeats = parseInteger('--repeats', flags.repeats, { min: 1 });
    Object.assign(settings, { minSamples: repeats, maxSamples: repeats, minTimeMs: 0 });
  }
  const isolation = parseChoice('--isolate', flags.isolate ?? DEFAULT_ISOLATION, ISOLATIONS);
  const memory = benchMemory(flags.memory, variant, isolation);
  checkFootprint(variant, n, options);

  const progress =
    flags.quiet === true
      ? undefined
      : (index: number, ms: number) =>
          process.stderr.write(`bench ${variant.name} N=${formatN(n)}: sample ${index + 1} ${formatMs(ms)}\n`);
  const busySampleMs = PROFILE_SETTINGS[profile].busySampleMs;
  const startMs = Date.now();
  const system: RunSystem = {
    before: await takeSystemSnapshot({ sampleMs: busySampleMs }),
    after: null,
    frequency: readCpuFrequencyState(),
    glibc: glibcVersion(),
  };
  const harnessOverheadMs = await measureHarnessOverhead();
  const announce =
    flags.quiet === true
      ? undefined
      : (pid: number) =>
          process.stderr.write(
            `bench ${variant.name} N=${formatN(n)}: measuring in child process ${pid}${memory === undefined ? '' : ` (${memory} memory)`}\n`,
          );
  const measured = await measureIsolated(variant, n, options, settings, {
    onSample: progress,
    onChild: announce,
    signal,
    isolate: isolation,
    memory,
  });
  const exact = exactPartialSum(n);
  const { stats, samplesMs, sum } = measured;
  system.after = await takeSystemSnapshot({ sampleMs: busySampleMs });
  const threads = variant.options.includes('workers') ? options.workers : 1;
  const warnings = [
    ...runWarnings({
      before: system.before,
      after: system.after,
      ownLoadBefore: 0,
      ownLoadAfter: ownLoadEstimate([{ startMs, endMs: Date.now(), threads }], Date.now()),
      clockResolutionNs: measureClockResolutionNs(),
      gcBetweenSamples: isolation !== 'none' || canCollectGarbage(),
      frequency: system.frequency,
      memoryControl: memoryControlFor(hasMemoryState(variant), isolation, system.glibc),
    }),
    ...sampleWarnings(pointKey(pointParams(variant, n, options, memory)), samplesMs),
  ];
  const report: BenchReport = {
    variant: variant.name,
    n,
    chunk: options.chunk,
    workers: options.workers,
    inner: options.inner,
    profile,
    settings,
    samplesMs,
    medianMs: stats.medianMs,
    minMs: stats.minMs,
    maxMs: stats.maxMs,
    sum,
    exact,
    absError: Math.abs(sum - exact),
    relError: Math.abs(sum - exact) / exact,
    stats,
    harnessOverheadMs,
    batch: measured.batch,
    targetSampleMs: measured.targetSampleMs,
    isolation,
    pageFaultsPerCall: measured.pageFaultsPerCall,
    system,
    warnings,
  };
  if (memory !== undefined) report.memory = memory;
  if (measured.steps !== undefined) report.steps = measured.steps;
  return report;
}

/**
 * The memory state to declare: `--memory` (default fresh) for variants that have one, measured in a
 * child; undefined for the others. `--memory` for a variant without one, or with `--isolate none`
 * (where the process's history decides), is refused.
 */
function benchMemory(text: string | undefined, variant: Variant, isolation: Isolation): MemoryState | undefined {
  if (text === undefined) return isolation !== 'none' && hasMemoryState(variant) ? DEFAULT_MEMORY_STATE : undefined;
  const memory = parseChoice('--memory', text, MEMORY_STATES);
  if (!hasMemoryState(variant))
    throw new ArgumentError(
      `--memory applies only to variants that allocate full-length arrays (not "${variant.name}")`,
    );
  if (isolation === 'none')
    throw new ArgumentError('--memory needs a child process: use --isolate series or point, not none');
  return memory;
}

/** The human table: the run's settings, each timed run, the summary, the accuracy and the steps. */
export function formatBenchTable(report: BenchReport): string {
  const rows: [string, string][] = [
    ['variant', report.variant],
    ['N', String(report.n)],
  ];
  const variant = getVariant(report.variant);
  if (variant.options.includes('chunk')) rows.push(['chunk', String(report.chunk)]);
  if (variant.options.includes('workers')) rows.push(['workers', String(report.workers)]);
  if (variant.options.includes('inner')) rows.push(['inner', report.inner]);
  rows.push(['measured in', report.isolation === 'none' ? 'this process' : 'a fresh child process']);
  if (report.memory !== undefined) rows.push(['memory', `${report.memory} (${MEMORY_WORDS[report.memory]})`]);
  rows.push(['calls per sample', `${report.batch} (each sample ≥ ${formatMs(report.targetSampleMs)})`]);
  const perCall = report.batch > 1 ? ' per call' : '';
  report.samplesMs.forEach((ms, index) => rows.push([`run ${index + 1}`, `${formatMs(ms)}${perCall}`]));
  rows.push(
    ['median', `${formatMs(report.medianMs)}${perCall}`],
    [
      'outliers',
      `${report.stats.mildOutliers ?? 0} mild, ${report.stats.severeOutliers ?? 0} severe (Tukey's fences: 1.5 and 3 IQR)`,
    ],
    ['min … max', `${formatNumber(report.minMs)} … ${formatMs(report.maxMs)}${perCall}`],
    ['sum', String(report.sum)],
    ['exact S(N)', String(report.exact)],
    ['abs error', report.absError.toExponential(2)],
    ['rel error', report.relError.toExponential(2)],
    ['harness overhead', `${formatNumber(report.harnessOverheadMs * 1e6)} ns per sample`],
    ['page faults', `${formatNumber(report.pageFaultsPerCall)} per call`],
  );
  for (const [step, ms] of Object.entries(report.steps ?? {}))
    rows.push([`step ${step}`, `${ms.toFixed(3)} ms (median)`]);
  for (const warning of report.warnings) rows.push(['warning', describeWarning(warning)]);
  return formatRows(rows);
}

/** `--list`: one row per registered variant with what it does and what it mirrors. */
export function formatVariantList(): string {
  return formatRows(
    VARIANTS.map((variant) => {
      const extras = [
        variant.mirrors === null ? '' : `mirrors ${variant.mirrors}`,
        variant.options.length > 0 ? `options: ${variant.options.join(', ')}` : '',
      ].filter((text) => text.length > 0);
      return [variant.name, extras.length > 0 ? `${variant.description} (${extras.join('; ')})` : variant.description];
    }),
  );
}

const MEMORY_WORDS: Record<MemoryState, string> = {
  fresh: 'new pages from the OS every call: first touch',
  reused: 'pages the process already holds',
};

function formatRows(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join('');
}
