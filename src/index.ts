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
