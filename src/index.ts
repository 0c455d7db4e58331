// basel-lab's public surface: what notebooks and scripts import (notebooks import dist/src/index.js).
export { UserError, ArgumentError } from './errors.js';
export { PACKAGE_ROOT, PACKAGE_VERSION, NOTEBOOKS_DIR, defaultOutDir } from './paths.js';
export type { Variant, KernelOptions, KernelResult, OptionName } from './kernels/types.js';
export { machineId } from './machine/id.js';
export * from './results/schema.js';
export { exactPartialSum, checkTermCount, MAX_N } from './kernels/exact.js';
export {
  VARIANTS, VARIANT_NAMES, SEQUENTIAL_VARIANTS, SEQUENTIAL_VARIANT_NAMES, DEFAULT_CHUNK, DEFAULT_INNER,
  defaultKernelOptions, getVariant, getSequentialVariant,
} from './kernels/registry.js';
export { defineSequentialVariant, isSequentialVariant, checkRange } from './kernels/sequential.js';
export type { SequentialVariant, SumRange } from './kernels/sequential.js';
export { checkFootprint, footprintRefusal, memoryBudget, MEMORY_SAFETY_FRACTION, MAX_TYPED_ARRAY_LENGTH } from './kernels/memory.js';
export type { MemoryBudget } from './kernels/memory.js';
export { shutdownWorkers, splitRange } from './kernels/workers.js';
export { sumRangeWasmSimd } from './kernels/wasm-simd.js';
export { summarize, median, mean, sampleStdDev, interquartileRange, medianAbsoluteDeviation, medianCi, countOutliers, quantileSorted } from './measure/stats.js';
export {
  measureVariant,
  measureHarnessOverhead,
  canCollectGarbage,
  RunOverBudgetError,
  WARMUP_RUNS,
  MIN_SAMPLES,
  MIN_TIME_MS,
  MAX_SAMPLES,
  type Measurement,
  type MeasureSettings,
} from './measure/measure.js';
export { PROFILE_SETTINGS, logSpaced, type ProfileSettings } from './measure/profiles.js';
export { SWEEP_KIND_SPECS, getSweepKindSpec, type SweepKindSpec } from './measure/sweep-kinds.js';
export { runSweep, sweepN, sweepSteps, sweepChunkSize, sweepWorkers, predictSampleMs, type SweepOptions, type SweepProgress } from './measure/sweep.js';
export { findCrossovers, CROSSOVER_BASELINE } from './measure/crossover.js';
export { describePointParams, formatProgressLine } from './measure/progress.js';
export { resultsPath, pointKey, readResultsFile, saveResults, listResults, loadResults, type ResultsEntry } from './results/store.js';
export { CSV_COLUMNS, resultsToRows, formatCsv, parseCsv } from './results/csv.js';
