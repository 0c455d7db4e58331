// The table of sweep kinds: which variants each sweeps by default and the grid of points it plans.
import os from 'node:os';
import { defaultKernelOptions, variantsInSweep } from '../kernels/registry.js';
import type { KernelOptions, Variant } from '../kernels/types.js';
import type { MemoryState, PointParams, SweepKind } from '../results/schema.js';
import { hasMemoryState } from './memory-state.js';
import type { ProfileSettings } from './profiles.js';

export interface SweepKindSpec {
  kind: SweepKind;
  /** One line: what the sweep measures. */
  description: string;
  /**
   * Whether kernels time their steps (KernelOptions.timeSteps). Only the `steps` sweep does: the clock
   * reads per chunk would otherwise be part of what the other sweeps measure.
   */
  timeSteps: boolean;
  /** The memory states measured for variants that have one, when none are asked for (fresh first). */
  memoryStates: readonly MemoryState[];
  /** The variants swept when none are chosen, in registry order: those whose roles list this sweep. */
  defaultVariants(): Variant[];
  /** Why `variant` cannot be swept by this kind, or null if it can. */
  refuse(variant: Variant): string | null;
  /**
   * The points to measure, in order, and the grid to record as the file's parameters. Each variant
   * that has a memory state is planned once per state in `memory` (series by series), or without
   * one when `memory` is empty (measured in the sweep's own process, where it is not controlled).
   */
  plan(
    variants: readonly Variant[],
    settings: ProfileSettings,
    memory: readonly MemoryState[],
  ): { points: PointParams[]; parameters: Record<string, unknown> };
}

/** A point's params: the variant, N and only the options it reads (defaults unless overridden), and its memory state. */
export function pointParams(
  variant: Variant,
  n: number,
  overrides: Partial<KernelOptions> = {},
  memory?: MemoryState,
): PointParams {
  const options = defaultKernelOptions(overrides);
  const params: PointParams = { variant: variant.name, n };
  if (variant.options.includes('chunk')) params.chunk = options.chunk;
  if (variant.options.includes('workers')) params.workers = options.workers;
  if (variant.options.includes('inner')) params.inner = options.inner;
  if (memory !== undefined && hasMemoryState(variant)) params.memory = memory;
  return params;
}

/** The memory states to plan `variant` in: each of `memory` if it has a memory state, else one undeclared. */
function statesOf(variant: Variant, memory: readonly MemoryState[]): (MemoryState | undefined)[] {
  return hasMemoryState(variant) && memory.length > 0 ? [...memory] : [undefined];
}

/** Worker counts of the `workers` sweep: 1 .. the logical cores. */
export function workerCounts(): number[] {
  return Array.from({ length: os.availableParallelism() }, (_, i) => i + 1);
}

/** Each variant at each N of the grid, with its default options: the plan of the `n` and `steps` sweeps. */
function planOverN(
  variants: readonly Variant[],
  settings: ProfileSettings,
  memory: readonly MemoryState[],
): ReturnType<SweepKindSpec['plan']> {
  return {
    points: variants.flatMap((variant) =>
      statesOf(variant, memory).flatMap((state) => settings.nGrid.map((n) => pointParams(variant, n, {}, state))),
    ),
    parameters: { variants: variants.map((v) => v.name), nGrid: settings.nGrid, defaults: defaultKernelOptions() },
  };
}

export const SWEEP_KIND_SPECS: readonly SweepKindSpec[] = [
  {
    kind: 'n',
    timeSteps: false,
    memoryStates: ['fresh'],
    description: 'each variant over a log-spaced N grid (the article\u2019s perf plot)',
    defaultVariants: () => variantsInSweep('n'),
    refuse: () => null,
    plan: planOverN,
  },
  {
    kind: 'steps',
    timeSteps: true,
    // Both, side by side: first touch is a step's cost of its own (the study's "creating ones takes as long as dividing").
    memoryStates: ['fresh', 'reused'],
    description: 'per-step times of arrays, broadcast and chunked over the N grid (the stacked per-step plot)',
    defaultVariants: () => variantsInSweep('steps'),
    refuse: (variant) => ((variant.steps?.length ?? 0) > 0 ? null : 'it does not time its steps'),
    plan: planOverN,
  },
  {
    kind: 'chunk',
    timeSteps: false,
    memoryStates: ['fresh'],
    description: 'chunked sums at a fixed N over log-spaced chunk sizes (vary_chunk_size)',
    defaultVariants: () => variantsInSweep('chunk'),
    refuse: (variant) => (variant.options.includes('chunk') ? null : 'it takes no chunk size'),
    plan: (variants, settings) => ({
      points: variants.flatMap((variant) =>
        settings.chunkSizes.map((chunk) => pointParams(variant, settings.chunkN, { chunk })),
      ),
      parameters: {
        variants: variants.map((v) => v.name),
        n: settings.chunkN,
        chunkSizes: settings.chunkSizes,
        defaults: defaultKernelOptions(),
      },
    }),
  },
  {
    kind: 'workers',
    timeSteps: false,
    memoryStates: ['fresh'],
    description: 'chunked against worker threads over N, for 1..cores workers (multicore_v_chunks)',
    defaultVariants: () => variantsInSweep('workers'),
    refuse: () => null,
    plan: (variants, settings, memory) => {
      const counts = workerCounts();
      const points = variants.flatMap((variant) =>
        variant.options.includes('workers')
          ? counts.flatMap((workers) => settings.nGrid.map((n) => pointParams(variant, n, { workers })))
          : statesOf(variant, memory).flatMap((state) => settings.nGrid.map((n) => pointParams(variant, n, {}, state))),
      );
      return {
        points,
        parameters: {
          variants: variants.map((v) => v.name),
          nGrid: settings.nGrid,
          workers: counts,
          defaults: defaultKernelOptions(),
        },
      };
    },
  },
];

/** The spec of `kind`. */
export function getSweepKindSpec(kind: SweepKind): SweepKindSpec {
  const spec = SWEEP_KIND_SPECS.find((candidate) => candidate.kind === kind);
  if (spec === undefined) throw new RangeError(`no sweep kind "${kind}"`);
  return spec;
}
