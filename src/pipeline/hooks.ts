// What a run reports as it goes: probe points, stage news, sweep and notebook progress, failures.
import type { RunHooks } from '../jupyter/runner.js';
import type { ProbeProgress } from '../machine/probe.js';
import type { SweepProgress } from '../measure/sweep.js';

export interface BuildHooks {
  /** Called after each unit of the machine probe's work (in estimated milliseconds of the whole). */
  onProbeProgress?: (progress: ProbeProgress) => void;
  onProbeEnd?: () => void;
  /** Plain one-line news: "specs: recorded …", "sweeps: done". */
  onStage?: (message: string) => void;
  onSweepProgress?: (event: SweepProgress) => void;
  notebooks?: RunHooks;
  /** Called at once for every failed sweep or notebook (the build carries on and renders what exists). */
  onFailure?: (message: string) => void;
  /** Called for every input file skipped as invalid, before the long stages run and again at render. */
  onWarning?: (message: string) => void;
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
