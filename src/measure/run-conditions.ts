// The conditions of a sweep's run: the machine before (and after) it, and the warnings they raise.
import os from 'node:os';
import { getVariant } from '../kernels/registry.js';
import { readCpuFrequencyState, takeSystemSnapshot } from '../machine/system-state.js';
import type { Isolation, PointParams } from '../results/schema.js';
import type { RunSystem, Warning } from '../results/warnings.js';
import { glibcVersion, hasMemoryState } from './memory-state.js';
import type { ProfileSettings } from './profiles.js';
import { busySpans, memoryControlFor, ownLoadEstimate, runWarnings, type BusySpan } from './validity.js';

/**
 * The machine before a sweep (load, busy processes, CPU clocking) and what its warnings are: the
 * run's own share of the load is estimated from the spans this process was busy (ownLoadEstimate).
 */
export async function startConditions(
  isolation: Isolation,
  planned: readonly PointParams[],
  settings: ProfileSettings,
  gcBetweenSamples: boolean,
  clockResolutionNs: number,
): Promise<{ system: RunSystem; warnings(): Warning[]; span(): BusySpan }> {
  const startMs = Date.now();
  // Cores this run keeps busy at most: a parallel variant's workers (an n sweep has some too).
  const threads = Math.max(1, ...planned.map((params) => Math.min(params.workers ?? 1, os.availableParallelism())));
  const ownLoadBefore = ownLoadEstimate(busySpans(), startMs);
  const system: RunSystem = {
    before: await takeSystemSnapshot({ sampleMs: settings.busySampleMs }),
    after: null,
    frequency: readCpuFrequencyState(),
    glibc: glibcVersion(),
  };
  const arrays = planned.some((params) => hasMemoryState(getVariant(params.variant)));
  const memoryControl = memoryControlFor(arrays, isolation, system.glibc);
  const span = () => ({ startMs, endMs: Date.now(), threads });
  return {
    system,
    span,
    warnings: () =>
      runWarnings({
        before: system.before,
        after: system.after,
        ownLoadBefore,
        ownLoadAfter: system.after === null ? 0 : ownLoadEstimate(busySpans(span()), Date.parse(system.after.at)),
        clockResolutionNs,
        gcBetweenSamples,
        frequency: system.frequency,
        memoryControl,
      }),
  };
}
