// Measuring a point in several fresh processes and pooling their samples (pyperf's worker processes):
// a process's JIT tier, code placement and thread placement are drawn once per process, so one
// process's samples can agree with each other and still be 10% off the next process's. Spreading a
// point's samples over k processes averages that draw and shows its size (the process-spread warning).
import { ArgumentError } from '../util/errors.js';
import { createMeasurer, type PointMeasurer } from './isolated.js';
import type { ChildOptions } from './child.js';
import type { Isolation } from './child-protocol.js';
import { shareOfSettings, type Measurement } from './measure.js';
import { median, summarize } from './stats.js';

/** Beside MeasureSettings in measure.ts (pure arithmetic the planner uses without this module's children). */
export { shareOfSettings } from './measure.js';

/** The most processes a point may be spread over. */
export const MAX_PROCESSES = 20;

/** Check a process count: an integer in [1, MAX_PROCESSES]; ArgumentError naming the value otherwise. */
export function checkProcesses(processes: number): number {
  if (!Number.isInteger(processes) || processes < 1 || processes > MAX_PROCESSES)
    throw new ArgumentError(`processes must be an integer in [1, ${MAX_PROCESSES}] (got ${processes})`);
  return processes;
}

/**
 * The measurements of one point from several processes as one: samples (and step samples) concatenated
 * in process order, statistics and step medians over all of them, the smallest batch, the mean page
 * faults per call, the last process's sum, the slowest canary reading. With one measurement it is returned
 * unchanged (no `processes`).
 */
export function poolMeasurements(measurements: readonly Measurement[]): Measurement {
  const [first] = measurements;
  if (first === undefined) throw new RangeError('poolMeasurements needs at least one measurement');
  if (measurements.length === 1) return first;
  const samplesMs = measurements.flatMap((m) => m.samplesMs);
  const pooled: Measurement = {
    samplesMs,
    stats: summarize(samplesMs),
    batch: Math.min(...measurements.map((m) => m.batch)),
    targetSampleMs: first.targetSampleMs,
    sum: (measurements.at(-1) as Measurement).sum,
    pageFaultsPerCall: measurements.reduce((total, m) => total + m.pageFaultsPerCall, 0) / measurements.length,
    processes: measurements.map((m) => ({ samples: m.samplesMs.length, medianMs: m.stats.medianMs, batch: m.batch })),
  };
  const readings = measurements.flatMap((m) => (m.canary === undefined ? [] : [m.canary]));
  if (readings.length > 0)
    pooled.canary = {
      computeMs: Math.max(...readings.map((r) => r.computeMs)),
      cacheMs: Math.max(...readings.map((r) => r.cacheMs)),
    };
  if (first.stepSamplesMs !== undefined) {
    const stepSamplesMs: Record<string, number[]> = {};
    for (const m of measurements)
      for (const [step, values] of Object.entries(m.stepSamplesMs ?? {})) (stepSamplesMs[step] ??= []).push(...values);
    pooled.stepSamplesMs = stepSamplesMs;
    pooled.steps = Object.fromEntries(Object.entries(stepSamplesMs).map(([step, values]) => [step, median(values)]));
  }
  return pooled;
}

/**
 * A measurer that measures each point in `processes` children one after another — each its own fresh
 * process under `series` or `point` isolation, kept per series like createMeasurer's — each taking
 * shareOfSettings of the sampling, and pools them (poolMeasurements). Children run one at a time, never
 * side by side, so they do not share the cores. With isolation `none` or one process it is createMeasurer.
 * Sample indices reported to `onSample` count on across the processes.
 */
export function createProcessMeasurer(
  isolation: Isolation,
  processes: number,
  childOptions: ChildOptions = {},
): PointMeasurer {
  checkProcesses(processes);
  if (isolation === 'none' || processes === 1) return createMeasurer(isolation, childOptions);
  const measurers = Array.from({ length: processes }, () => createMeasurer(isolation, childOptions));
  return {
    isolation,
    processes,
    async measure(variant, n, options, settings, hooks = {}, setup) {
      const share = shareOfSettings(settings, processes);
      const measurements: Measurement[] = [];
      for (const measurer of measurers) {
        const offset = measurements.reduce((total, m) => total + m.samplesMs.length, 0);
        const onSample = hooks.onSample && ((index: number, ms: number) => hooks.onSample?.(offset + index, ms));
        measurements.push(await measurer.measure(variant, n, options, share, { ...hooks, onSample }, setup));
      }
      return poolMeasurements(measurements);
    },
    async close() {
      await Promise.all(measurers.map((measurer) => measurer.close()));
    },
  };
}
