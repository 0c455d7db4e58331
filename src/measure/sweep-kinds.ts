// The table of sweep kinds: which variants each sweeps by default and the grid of points it plans.
import os from 'node:os';
import { defaultKernelOptions, variantsInSweep } from '../kernels/registry.js';
import type { KernelOptions, Variant } from '../kernels/types.js';
import type { PointParams, SweepKind } from '../results/schema.js';
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
  /** The variants swept when none are chosen, in registry order: those whose roles list this sweep. */
  defaultVariants(): Variant[];
  /** Why `variant` cannot be swept by this kind, or null if it can. */
  refuse(variant: Variant): string | null;
  /** The points to measure, in order, and the grid to record as the file's parameters. */
  plan(
    variants: readonly Variant[],
    settings: ProfileSettings,
  ): { points: PointParams[]; parameters: Record<string, unknown> };
}

/** A point's params: the variant, N and only the options it reads (defaults unless overridden). */
export function pointParams(variant: Variant, n: number, overrides: Partial<KernelOptions> = {}): PointParams {
  const options = defaultKernelOptions(overrides);
  const params: PointParams = { variant: variant.name, n };
  if (variant.options.includes('chunk')) params.chunk = options.chunk;
  if (variant.options.includes('workers')) params.workers = options.workers;
  if (variant.options.includes('inner')) params.inner = options.inner;
  return params;
}

/** Worker counts of the `workers` sweep: 1 .. the logical cores. */
export function workerCounts(): number[] {
  return Array.from({ length: os.availableParallelism() }, (_, i) => i + 1);
}

/** Each variant at each N of the grid, with its default options: the plan of the `n` and `steps` sweeps. */
function planOverN(variants: readonly Variant[], settings: ProfileSettings): ReturnType<SweepKindSpec['plan']> {
  return {
    points: variants.flatMap((variant) => settings.nGrid.map((n) => pointParams(variant, n))),
    parameters: { variants: variants.map((v) => v.name), nGrid: settings.nGrid, defaults: defaultKernelOptions() },
  };
}

export const SWEEP_KIND_SPECS: readonly SweepKindSpec[] = [
  {
    kind: 'n',
    timeSteps: false,
    description: 'each variant over a log-spaced N grid (the article\u2019s perf plot)',
    defaultVariants: () => variantsInSweep('n'),
    refuse: () => null,
    plan: planOverN,
  },
  {
    kind: 'steps',
    timeSteps: true,
    description: 'per-step times of arrays, broadcast and chunked over the N grid (the stacked per-step plot)',
    defaultVariants: () => variantsInSweep('steps'),
    refuse: (variant) => ((variant.steps?.length ?? 0) > 0 ? null : 'it does not time its steps'),
    plan: planOverN,
  },
  {
    kind: 'chunk',
    timeSteps: false,
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
    description: 'chunked against worker threads over N, for 1..cores workers (multicore_v_chunks)',
    defaultVariants: () => variantsInSweep('workers'),
    refuse: () => null,
    plan: (variants, settings) => {
      const counts = workerCounts();
      const points = variants.flatMap((variant) =>
        variant.options.includes('workers')
          ? counts.flatMap((workers) => settings.nGrid.map((n) => pointParams(variant, n, { workers })))
          : settings.nGrid.map((n) => pointParams(variant, n)),
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
