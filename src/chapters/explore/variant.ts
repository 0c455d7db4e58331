// lab.variant and lab.loadVariant: a variant of your own from a plain function, usable wherever a
// built-in name is (bench, compare, sweeps, charts, tables).
import { VARIANT_NAMES, getVariant } from '../../kernels/registry.js';
import type { Variant } from '../../kernels/types.js';
import {
  defineUserVariant,
  isUserVariant,
  isVariantPath,
  loadVariantModule,
  type UserVariant,
  type UserVariantSpec,
} from '../../kernels/user-variant.js';
import { ArgumentError } from '../../util/errors.js';
import type { VARIANT_ORIGINS } from '../../results/explore.js';

export type { UserVariant, UserVariantSpec } from '../../kernels/user-variant.js';

/**
 * Define a variant: `sumRange(first, last)` sums 1/x² for x = first..last inclusive and returns the
 * sum, or `{ sum, steps }` with milliseconds per step. Checked now (name, a function, one call over
 * 1..1000 that must not throw or return NaN) and on every call. Defined in a notebook it is measured in
 * the notebook's process; exported as the default of a module file it can also be measured in a child
 * process (`basel-lab bench --variant ./mine.mjs`, `lab.loadVariant("./mine.mjs")`).
 */
export function variant(spec: UserVariantSpec): UserVariant {
  return defineUserVariant(spec, VARIANT_NAMES);
}

/** Import a module file whose default export is a lab.variant (relative to the current folder). */
export function loadVariant(path: string): Promise<UserVariant> {
  return loadVariantModule(path);
}

/** A variant given by value or by name (a built-in, or one defined earlier in this process). */
export function resolveVariant(value: Variant | string): Variant {
  if (typeof value === 'string') {
    if (isVariantPath(value))
      throw new ArgumentError(`"${value}" is a file: load it first with await lab.loadVariant("${value}")`);
    return getVariant(value);
  }
  if (typeof value !== 'object' || value === null || typeof value.run !== 'function' || typeof value.name !== 'string')
    throw new ArgumentError(`expected a variant or a variant's name (got ${typeof value})`);
  return value;
}

/** Where a variant came from, as stored with an exploration. */
export function originOf(value: Variant): (typeof VARIANT_ORIGINS)[number] {
  if (!isUserVariant(value)) return 'built-in';
  return value.module === undefined ? 'notebook' : 'module';
}

/** True when only this process can measure the variant (defined in a notebook cell, not in a module file). */
export function inProcessOnly(value: Variant): boolean {
  return originOf(value) === 'notebook';
}
