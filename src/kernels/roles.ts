// What a variant does in the study: which sweeps measure it by default, and which variant is the baseline.

/** The study's experiments, each a sweep over one axis: N, per-step times over N, chunk size, workers. */
export const SWEEP_KINDS = ['n', 'steps', 'chunk', 'workers'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

/** A variant's part in the study, declared in its registry entry rather than in lists elsewhere. */
export interface VariantRoles {
  /** The sweeps that include it when no variants are chosen (a sweep may still refuse it: see sweep-kinds). */
  sweeps: readonly SweepKind[];
  /**
   * The sequential variant that speed-ups and crossovers are measured against, and what parallel
   * variants run on each worker by default. Exactly one registered variant has it.
   */
  baseline?: true;
}
