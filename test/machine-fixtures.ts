// Cache levels for the machine tests: one line per level instead of a makeCacheLevel block each.
import { makeCacheLevel, type CacheLevel, type CacheType } from '../src/machine/record.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** One cache level of a two-core machine: private levels have 2 instances, a level shared by both has 1. */
export function cache(level: number, type: CacheType, sizeBytes: number, sharedByCores: number): CacheLevel {
  return makeCacheLevel({
    level,
    type,
    coreType: null,
    sizeBytes,
    sharedByCores,
    sharedByCpus: sharedByCores,
    instances: 2 / sharedByCores,
    lineBytes: 64,
  });
}

/** This VM (AMD EPYC, 2 cores) as /sys reports it: 32 KiB L1d and L1i, 1 MiB L2 per core, 32 MiB L3 shared. */
export const VM_CACHES: readonly CacheLevel[] = [
  cache(1, 'data', 32 * KiB, 1),
  cache(1, 'instruction', 32 * KiB, 1),
  cache(2, 'unified', MiB, 1),
  cache(3, 'unified', 32 * MiB, 2),
];
