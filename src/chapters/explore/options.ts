// The options lab.bench and lab.compare share: N, the kernel options, the profile and where to measure.
import os from 'node:os';
import { MAX_N } from '../../kernels/exact.js';
import { DEFAULT_CHUNK, DEFAULT_INNER, SEQUENTIAL_VARIANT_NAMES } from '../../kernels/registry.js';
import type { KernelOptions, Variant } from '../../kernels/types.js';
import { MAX_WORKERS } from '../../kernels/workers.js';
import { DEFAULT_ISOLATION } from '../../measure/child-protocol.js';
import { ISOLATIONS, PROFILES, type Isolation, type Profile } from '../../results/schema.js';
import { ArgumentError } from '../../util/errors.js';
import { notebookProfile } from '../data.js';
import { inProcessOnly } from './variant.js';

export interface MeasureOptions {
  /** Terms per chunk, for variants that take one (default 20 000). */
  chunk?: number;
  /** Worker threads, for parallel variants (default: the number of cores). */
  workers?: number;
  /** The built-in sequential variant each worker runs (default: the baseline). */
  inner?: string;
  /** Sampling as in this profile (default: BASEL_PROFILE, else quick). */
  profile?: Profile;
  /**
   * Where to measure: `series` (a fresh child process per variant, the default for built-ins and
   * module files) or `none` (this process: the only choice for a variant defined in a notebook, and
   * then every variant of a comparison is measured here too, like for like).
   */
  isolate?: Isolation;
  /** Stops the measurement: a child is killed at once, this process stops before its next sample. */
  signal?: AbortSignal;
}

/** Check an integer option; ArgumentError naming it and the range. */
export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw new ArgumentError(
      `${name} must be an integer in [${min}, ${max === MAX_N ? '2^53−1' : max}] (got ${String(value)})`,
    );
  return value;
}

/** The kernel options from `options`, checked, over the defaults. */
export function kernelOptions(options: MeasureOptions): KernelOptions {
  const inner = options.inner ?? DEFAULT_INNER;
  if (!SEQUENTIAL_VARIANT_NAMES.includes(inner))
    throw new ArgumentError(`inner must be one of ${SEQUENTIAL_VARIANT_NAMES.join(', ')} (got "${inner}")`);
  return {
    chunk: checkInteger('chunk', options.chunk ?? DEFAULT_CHUNK, 1, MAX_N),
    workers: checkInteger(
      'workers',
      options.workers ?? Math.min(os.availableParallelism(), MAX_WORKERS),
      1,
      MAX_WORKERS,
    ),
    inner,
  };
}

/** The profile asked for, else the notebook's (BASEL_PROFILE). */
export function profileOf(options: MeasureOptions): Profile {
  if (options.profile === undefined) return notebookProfile();
  if (!PROFILES.includes(options.profile))
    throw new ArgumentError(`profile must be one of ${PROFILES.join(', ')} (got "${String(options.profile)}")`);
  return options.profile;
}

/**
 * Where to measure `variants`: `isolate` if given (refused for a variant only this process can run),
 * else this process when any of them was defined here, else a fresh child per variant.
 */
export function isolationFor(variants: readonly Variant[], isolate: Isolation | undefined): Isolation {
  const local = variants.filter(inProcessOnly);
  if (isolate === undefined) return local.length > 0 ? 'none' : DEFAULT_ISOLATION;
  if (!ISOLATIONS.includes(isolate))
    throw new ArgumentError(`isolate must be one of ${ISOLATIONS.join(', ')} (got "${String(isolate)}")`);
  if (isolate !== 'none' && local.length > 0)
    throw new ArgumentError(
      `isolate "${isolate}" needs a child process, which cannot run "${local[0]!.name}" (defined in this notebook): use isolate "none", or export it from a module file and lab.loadVariant it`,
    );
  return isolate;
}
