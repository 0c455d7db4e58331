// Where a point is measured: in a child process per series (the default) or per point, or in this
// process — one interface, so sweeps, bench and notebooks choose isolation by name.
import type { KernelOptions, Variant } from '../kernels/types.js';
import { isUserVariant } from '../kernels/user-variant.js';
import { ArgumentError } from '../util/errors.js';
import { MeasureChild, type ChildOptions } from './child.js';
import { DEFAULT_ISOLATION, type Isolation } from './child-protocol.js';
import { measureVariant, type MeasureHooks, type Measurement, type MeasureSettings } from './measure.js';
import { mallocEnv, type MemoryState } from './memory-state.js';

/** What a point is measured with, beyond the kernel's options. */
export interface PointSetup {
  /** The memory state the variant sees (only for variants with one; children only). */
  memory?: MemoryState;
  /** Points with the same series key share a child under `series` isolation (variant and options but N). */
  seriesKey?: string;
}

/** measureVariant's hooks, and one that hears the pid of the child a point is measured in. */
export interface IsolatedHooks extends MeasureHooks {
  onChild?: (pid: number) => void;
}

export interface PointMeasurer {
  readonly isolation: Isolation;
  /** Fresh processes each point is spread over (createProcessMeasurer); absent: one. */
  readonly processes?: number;
  /** Measure `variant` at `n`; rejects like measureVariant, or with ChildDiedError / MeasurementInterrupted from a child. */
  measure(
    variant: Variant,
    n: number,
    options: KernelOptions,
    settings: MeasureSettings,
    hooks?: IsolatedHooks,
    setup?: PointSetup,
  ): Promise<Measurement>;
  /** End any child still running. */
  close(): Promise<void>;
}

/**
 * A measurer for `isolation`. `series`: one fresh child per series (a new one whenever the series key
 * or the memory state changes, or the last child died); `point`: a fresh child per point; `none`:
 * measureVariant in this process, which cannot stop a sample midway and whose memory state is
 * whatever this process's history left (no `memory` is applied).
 */
export function createMeasurer(
  isolation: Isolation = DEFAULT_ISOLATION,
  childOptions: ChildOptions = {},
): PointMeasurer {
  if (isolation === 'none')
    return {
      isolation,
      measure: (variant, n, options, settings, hooks) => measureVariant(variant, n, options, settings, hooks),
      close: async () => undefined,
    };
  let current: { child: MeasureChild; key: string } | undefined;
  const childFor = async (setup: PointSetup): Promise<MeasureChild> => {
    const key = `${setup.seriesKey ?? ''}#${setup.memory ?? ''}`;
    if (current !== undefined && (isolation === 'point' || current.key !== key || current.child.dead)) {
      await current.child.close();
      current = undefined;
    }
    if (current === undefined) {
      const env = { ...childOptions.env, ...(setup.memory === undefined ? {} : mallocEnv(setup.memory)) };
      current = { child: new MeasureChild({ ...childOptions, env }), key };
    }
    return current.child;
  };
  return {
    isolation,
    async measure(variant, n, options, settings, hooks = {}, setup = {}) {
      hooks.signal?.throwIfAborted();
      checkImportable(variant);
      const child = await childFor(setup);
      if (child.process.pid !== undefined) hooks.onChild?.(child.process.pid);
      try {
        return await child.measure(variant.name, n, options, settings, hooks, variant.module);
      } finally {
        if (isolation === 'point' || child.dead) await child.close();
      }
    },
    async close() {
      await current?.child.close();
      current = undefined;
    },
  };
}

/**
 * A child process can measure a built-in, or a user's variant loaded from a module file (it imports the
 * module); a variant defined in this process (a notebook cell) exists only here: ArgumentError.
 */
function checkImportable(variant: Variant): void {
  if (isUserVariant(variant) && variant.module === undefined)
    throw new ArgumentError(
      `variant "${variant.name}" was defined in this process, so a child process cannot measure it: measure it here (isolate "none") or export it from a module file`,
    );
}

/**
 * Measure one point with the chosen isolation (default: a fresh child process), then end the child:
 * what `bench` and notebooks call. With a child, aborting `signal` kills it at once, mid-sample.
 */
export async function measureIsolated(
  variant: Variant,
  n: number,
  options: KernelOptions,
  settings: MeasureSettings,
  hooks: IsolatedHooks & { isolate?: Isolation; memory?: MemoryState } = {},
): Promise<Measurement> {
  const measurer = createMeasurer(hooks.isolate);
  try {
    return await measurer.measure(variant, n, options, settings, hooks, { memory: hooks.memory });
  } finally {
    await measurer.close();
  }
}
