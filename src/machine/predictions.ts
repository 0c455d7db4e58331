// Each variant's predicted time per term on a machine, beside a measured one when given: napkin math 2.0's table. Pure.
import type { KernelOptions, Variant, VariantWork } from '../kernels/types.js';
import { effectiveLevels, levelSizes } from './levels.js';
import type { MachineRecord } from './record.js';
import {
  ceilingsOf,
  predictionRatio,
  predictTerm,
  trafficByLevel,
  type LevelTraffic,
  type TermPrediction,
} from './roofline.js';

/** The variant fields a prediction needs; the registry's variants satisfy it. */
export type PredictableVariant = Pick<Variant, 'name' | 'footprintBytes' | 'work'>;

export interface VariantPrediction {
  variant: string;
  n: number;
  work: VariantWork;
  /** Bytes of arrays live at once, all threads together. */
  footprintBytes: number;
  /** Bytes per term at each level, with the measured level sizes (reported where none was measured). */
  traffic: LevelTraffic[];
  prediction: TermPrediction;
  measuredNsPerTerm: number | null;
  /** measured ÷ predicted; null when not measured. */
  ratio: number | null;
}

/** Why a variant has no prediction: it declares no work, or the machine's probe lacks the ceilings. */
export interface PredictionSkip {
  variant: string;
  reason: string;
}

/**
 * Predict every variant that declares its work, at `n` terms with `options`, from `machine`'s probe;
 * `measured` (variant name → ns per term) adds the ratio. Returns the predictions and, for the
 * variants left out, why. Pure.
 */
export function predictVariants(
  machine: Pick<MachineRecord, 'caches' | 'cores' | 'probe'>,
  variants: readonly PredictableVariant[],
  n: number,
  options: KernelOptions,
  measured: Readonly<Record<string, number>> = {},
): { predictions: VariantPrediction[]; skipped: PredictionSkip[] } {
  const ceilings = ceilingsOf(machine.probe);
  const levels = levelSizes(machine);
  const predictions: VariantPrediction[] = [];
  const skipped: PredictionSkip[] = [];
  for (const variant of variants) {
    const work = variant.work?.(options) ?? null;
    if (work === null) {
      skipped.push({
        variant: variant.name,
        reason: 'declares no work per term (not a per-term cost, or not modelled)',
      });
      continue;
    }
    if (ceilings === null) {
      skipped.push({
        variant: variant.name,
        reason: 'no bandwidth or compute probe recorded (basel-lab specs --probe)',
      });
      continue;
    }
    const footprintBytes = variant.footprintBytes(n, options);
    const prediction = predictTerm({ work, footprintBytes, n }, ceilings);
    const measuredNsPerTerm = measured[variant.name] ?? null;
    predictions.push({
      variant: variant.name,
      n,
      work,
      footprintBytes,
      traffic: trafficByLevel(work, footprintBytes, effectiveLevels(levels, work.threads)),
      prediction,
      measuredNsPerTerm,
      ratio: measuredNsPerTerm === null ? null : predictionRatio(prediction, measuredNsPerTerm),
    });
  }
  return { predictions, skipped };
}
