// What a point's params mean to the harness: the kernel options they set, and the series they belong to.
import { defaultKernelOptions } from '../kernels/registry.js';
import type { KernelOptions } from '../kernels/types.js';
import type { PointParams } from '../results/schema.js';
import { pointKey } from '../results/store.js';

/** The kernel options of a point: its params' options over the defaults (absent params keep the default). */
export function kernelOptionsFor(params: PointParams, timeSteps: boolean): KernelOptions {
  const options = defaultKernelOptions({ timeSteps });
  if (params.chunk !== undefined) options.chunk = params.chunk;
  if (params.workers !== undefined) options.workers = params.workers;
  if (params.inner !== undefined) options.inner = params.inner;
  return options;
}

/** True when two points differ at most in N and chunk size: the same variant, workers, inner and memory state. */
export function sameSeries(a: PointParams, b: PointParams): boolean {
  return a.variant === b.variant && a.workers === b.workers && a.inner === b.inner && a.memory === b.memory;
}

/**
 * A series — one variant with one set of options across its grid of N or of chunk sizes — is the points'
 * key without N and chunk (as sameSeries). A chunk sweep's variant thus shares one child across its chunk
 * sizes, as an N sweep's across N, instead of starting one per point (~240 ms each, 52 per quick sweep).
 */
export function seriesKey(params: PointParams): string {
  const { chunk: _chunk, ...rest } = params;
  return pointKey({ ...rest, n: 1 });
}
