// The messages between the harness and a measuring child process (child.ts forks child-entry.ts).
import type { KernelOptions } from '../kernels/types.js';
import type { Isolation } from '../results/schema.js';
import type { Measurement, MeasureSettings } from './measure.js';

export { ISOLATIONS, type Isolation } from '../results/schema.js';

/** Isolation when none is asked for: a fresh process per series, as pyperf and hyperfine do. */
export const DEFAULT_ISOLATION: Isolation = 'series';

/** Parent → child: measure one point (the child answers with `measured` or `error` of the same id). */
export interface MeasureRequest {
  type: 'measure';
  id: number;
  variant: string;
  /** For a user's variant loaded from a file: the module's URL, imported before the variant is looked up. */
  module?: string;
  n: number;
  options: KernelOptions;
  settings: MeasureSettings;
}

/** Child → parent. `ready` once it has loaded the kernels; `sample` as each sample is taken. */
export type ChildMessage =
  | { type: 'ready'; pid: number }
  | { type: 'sample'; id: number; index: number; ms: number }
  | { type: 'measured'; id: number; measurement: Measurement }
  | { type: 'error'; id: number; error: ChildError };

/** An error thrown by measureVariant in the child, as data (budget errors keep their numbers). */
export interface ChildError {
  name: string;
  message: string;
  runMs?: number;
  budgetMs?: number;
  /** Set for a UserError (an expected problem): the exit code it carries. */
  exitCode?: number;
}

/** True when `value` looks like a ChildMessage (the channel carries only what child-entry sends, but check). */
export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'sample' || type === 'measured' || type === 'error';
}
