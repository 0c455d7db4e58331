// `basel-lab bench`: time one variant of the sum at one N and print a small table or one JSON object.
import os from 'node:os';
import type { Command } from 'commander';
import { ArgumentError } from '../util/errors.js';
import { MAX_N } from '../kernels/exact.js';
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
import { isVariantPath, loadVariantModule } from '../kernels/user-variant.js';
import { MAX_WORKERS, shutdownWorkers } from '../kernels/workers.js';
import { benchSettings, benchVariant, type BenchReport } from '../measure/bench.js';
import { estimateWork } from '../measure/estimate.js';
import { MeasurementInterrupted } from '../measure/child.js';
import { DEFAULT_ISOLATION } from '../measure/child-protocol.js';
import { DEFAULT_MEMORY_STATE, hasMemoryState } from '../measure/memory-state.js';
import { DEFAULT_PROFILE } from '../measure/profiles.js';
import { describeWarning } from '../results/warnings.js';
import { ISOLATIONS, MEMORY_STATES, PROFILES, type Isolation, type MemoryState } from '../results/schema.js';
import { exitCodeFor, onInterrupt } from '../util/interrupt.js';
import { formatLongDuration, formatMs, formatN, formatNumber } from '../util/format.js';
import { parseChoice, parseInteger } from './parse.js';

export type { BenchReport } from '../measure/bench.js';

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
  yes?: boolean;
  steps?: boolean;
}

/** Above this much estimated work, bench asks for --yes (a typo such as 1e15 would run for weeks). */
export const CONFIRM_ABOVE_MS = 3_600_000;
/** Above this, the estimate is printed before starting. */
const SAY_ESTIMATE_ABOVE_MS = 10_000;

export function register(command: Command): void {
  command
    .option(
      '--variant <name>',
      `the variant to time: ${VARIANT_NAMES.join(', ')}, or a module file whose default export is a lab.variant (./mine.mjs)`,
    )
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
    .option(
      '--steps',
      "time each step too (variants with steps): every sample then includes the step clock's cost, as in a steps sweep",
    )
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--list', 'list the variants with their descriptions')
    .option('--quiet', 'no progress lines on stderr')
    .option('--yes', 'run even when the estimated work is over an hour')
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
    throw new ArgumentError(
      `--variant is required; allowed: ${VARIANT_NAMES.join(', ')}, or a module file (./mine.mjs)`,
    );
  if (flags.n === undefined) throw new ArgumentError('--n is required: an integer in [1, 2^53−1]');
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
  // --warmup: exactly K untimed batches, no warm-up time floor; --repeats: exactly R timed runs, no time floor.
  const settings = benchSettings(profile, {
    warmup: flags.warmup === undefined ? undefined : parseInteger('--warmup', flags.warmup, { min: 0 }),
    repeats: flags.repeats === undefined ? undefined : parseInteger('--repeats', flags.repeats, { min: 1 }),
  });
  const isolation = parseChoice('--isolate', flags.isolate ?? DEFAULT_ISOLATION, ISOLATIONS);
  const variant = isVariantPath(flags.variant) ? await loadVariantModule(flags.variant) : getVariant(flags.variant);
  const memory = benchMemory(flags.memory, variant, isolation);
  checkFootprint(variant, n, options);

  const quiet = flags.quiet === true;
  const say = (text: string) => process.stderr.write(`bench ${variant.name} N=${formatN(n)}: ${text}\n`);
  const estimate = await estimateWork(variant, n, options, settings);
  const work = `estimated ${formatLongDuration(estimate.totalMs)} of work (${estimate.calls} runs of ~${formatLongDuration(estimate.callMs)}; an estimate from timing N=${formatN(estimate.fromN)})`;
  if (estimate.totalMs > CONFIRM_ABOVE_MS && flags.yes !== true)
    throw new ArgumentError(
      `bench ${variant.name} at --n ${formatN(n)}: ${work}; pass --yes to run it anyway, or choose a smaller --n or --repeats`,
    );
  if (!quiet && estimate.totalMs > SAY_ESTIMATE_ABOVE_MS) say(work);
  return benchVariant(
    { variant, n, options, profile, settings, isolation, memory, timeSteps: flags.steps === true },
    {
      signal,
      onSample: quiet ? undefined : (index, ms) => say(`sample ${index + 1} ${formatMs(ms)}`),
      onChild: quiet
        ? undefined
        : (pid) => say(`measuring in child process ${pid}${memory === undefined ? '' : ` (${memory} memory)`}`),
    },
  );
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
  const variant = getVariant(report.variant); // a user's variant is registered by the run that measured it
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
  if (report.stepsTimed && (variant.steps?.length ?? 0) > 0)
    rows.push(['steps timed', "yes: each sample includes the step clock's cost (--steps)"]);
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
