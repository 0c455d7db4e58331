// Accumulates milliseconds per named step for kernels that time their steps (arrays, broadcast, chunked).
import { performance } from 'node:perf_hooks';

/** Milliseconds since an arbitrary origin, sub-microsecond resolution (performance.now). */
export const nowMs = (): number => performance.now();

/** Turn per-step totals (in step order) into the KernelResult `steps` record. */
export function stepRecord(names: readonly string[], totalsMs: Float64Array): Record<string, number> {
  const steps: Record<string, number> = {};
  names.forEach((name, index) => {
    steps[name] = totalsMs[index] ?? 0;
  });
  return steps;
}
