// lab.bench: one variant at one N with the profile's harness — the same facts as `basel-lab bench --json`.
import { MAX_N } from '../../kernels/exact.js';
import { checkFootprint } from '../../kernels/memory.js';
import type { Variant } from '../../kernels/types.js';
import { benchSettings, benchVariant, type BenchReport } from '../../measure/bench.js';
import { DEFAULT_MEMORY_STATE, hasMemoryState } from '../../measure/memory-state.js';
import { benchTable } from '../../report/tables/explore.js';
import { withCellInterrupt } from '../../util/cell-interrupt.js';
import { formatMs, formatN } from '../../util/format.js';
import { MeasurementInterrupted } from '../../measure/child.js';
import { progressDisplay, showTable } from '../display.js';
import { checkInteger, isolationFor, kernelOptions, profileOf, type MeasureOptions } from './options.js';
import { resolveVariant } from './variant.js';

export type { BenchReport } from '../../measure/bench.js';

export interface BenchOptions extends MeasureOptions {
  /** Terms to sum, x = 1..n inclusive: an integer in [1, 2^53−1]. */
  n: number;
  /** Show a one-row table (and a progress line while measuring) in a notebook; default true. */
  show?: boolean;
  /**
   * Time each step of a variant that has steps (default false): the report then has `steps`, and every
   * sample includes the step clock's cost, as in a `steps` sweep (`basel-lab bench --steps`).
   */
  steps?: boolean;
}

/**
 * Measure `variant` (a lab.variant or a name) at `options.n` with the profile's sampling: warm-up,
 * then samples until there are enough of them and enough time (short calls batched). Returns the
 * report `basel-lab bench --json` prints: variant, n, medianMs, samplesMs, stats, sum, exact, absError,
 * batch, isolation, system, warnings, … In a notebook it also shows the result as a one-row table.
 */
export function bench(variant: Variant | string, options: BenchOptions): Promise<BenchReport> {
  return withCellInterrupt(options?.signal, (signal) => benchUnder(variant, { ...options, signal }));
}

async function benchUnder(variant: Variant | string, options: BenchOptions): Promise<BenchReport> {
  const resolved = resolveVariant(variant);
  const n = checkInteger('n', options?.n, 1, MAX_N);
  const kernel = kernelOptions(options);
  const profile = profileOf(options);
  const isolation = isolationFor([resolved], options.isolate);
  checkFootprint(resolved, n, kernel);
  const memory = isolation !== 'none' && hasMemoryState(resolved) ? DEFAULT_MEMORY_STATE : undefined;
  const show = options.show !== false;
  const label = `${resolved.name}, N = ${formatN(n)}`;
  const progress = show ? progressDisplay(`bench ${label}`) : undefined;
  const settings = benchSettings(profile);
  let samples = 0;
  let report: BenchReport;
  try {
    report = await benchVariant(
      {
        variant: resolved,
        n,
        options: kernel,
        profile,
        settings,
        isolation,
        memory,
        timeSteps: options.steps === true,
      },
      {
        signal: options.signal,
        onSample: (index, ms) => {
          samples = index + 1;
          progress?.update(samples, settings.minSamples, `last ${formatMs(ms)}`);
        },
      },
    );
  } catch (error) {
    if (!(error instanceof MeasurementInterrupted) && options.signal?.aborted !== true) throw error;
    // One line, no stack: the interrupt was asked for, and nothing is wrong with the code.
    const message = `interrupted: bench ${label} stopped after ${samples} sample${samples === 1 ? '' : 's'}; nothing kept`;
    progress?.done(message);
    const stopped = new MeasurementInterrupted(error instanceof MeasurementInterrupted ? error.by : 'SIGINT');
    stopped.message = message;
    Object.defineProperty(stopped, 'by', { enumerable: false });
    stopped.stack = `${stopped.name}: ${message}`;
    throw stopped;
  }
  if (show) {
    progress?.done(`bench ${label}: median ${formatMs(report.medianMs)} over ${report.samplesMs.length} samples`);
    showTable(benchTable(report));
  }
  return report;
}
