// Variants a user defines from a plain function (`lab.variant`, or a module whose default export is one):
// checked when defined, checked on every call, and findable by name wherever a built-in name works.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { ArgumentError } from '../util/errors.js';
import { defineSequentialVariant, type SequentialVariant } from './sequential.js';
import type { KernelResult } from './types.js';

/** A user variant's name: lower case, digits and dashes, starting with a letter, at most 40 characters. */
export const USER_VARIANT_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** Terms summed by the call made when a variant is defined, so a function that throws or returns NaN is refused at once. */
export const CHECK_TERMS = 1_000;

/** What `lab.variant` takes: sumRange sums 1/x² for x = first..last inclusive and returns the sum (or `{ sum, steps }`). */
export interface UserVariantSpec {
  name: string;
  description?: string;
  sumRange: (first: number, last: number) => number | { sum: number; steps?: Record<string, number> };
}

/** Marks a variant made by defineUserVariant; Symbol.for, so two copies of the package recognise each other's. */
const USER_VARIANT = Symbol.for('basel-lab.user-variant');

/** A variant defined by the user: sequential, no options, and (when loaded from a file) the module it came from. */
export type UserVariant = SequentialVariant & { readonly [USER_VARIANT]: true };

/** True for a variant made by defineUserVariant (in this copy of the package or another). */
export function isUserVariant(value: unknown): value is UserVariant {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[USER_VARIANT] === true;
}

/** The user variants defined in this process, by name (a name defined again replaces the earlier one). */
const defined = new Map<string, UserVariant>();

/** The user variant called `name` in this process, or undefined. */
export function findUserVariant(name: string): UserVariant | undefined {
  return defined.get(name);
}

/** The names of the user variants defined in this process, in the order defined. */
export function userVariantNames(): string[] {
  return [...defined.keys()];
}

/**
 * Check `spec` and make a variant of it: the name must match USER_VARIANT_NAME and not be a built-in's
 * (`builtInNames`), sumRange must be a function; then sumRange(1, CHECK_TERMS) is called once, and a
 * throw or a result that is not a finite number (or `{ sum: finite, steps?: { name: ms ≥ 0 } }`) is
 * an ArgumentError naming the variant. Every later call is checked the same way (a check costs a
 * few nanoseconds against the whole range it sums). The variant is registered under its name.
 */
export function defineUserVariant(
  spec: UserVariantSpec,
  builtInNames: readonly string[],
  module?: string,
): UserVariant {
  if (typeof spec !== 'object' || spec === null)
    throw new ArgumentError(`a variant needs { name, sumRange(first, last) } (got ${describeValue(spec)})`);
  const { name, description, sumRange } = spec;
  if (typeof name !== 'string' || !USER_VARIANT_NAME.test(name))
    throw new ArgumentError(
      `a variant's name must be lower-case letters, digits and dashes, starting with a letter, at most 40 characters (got ${describeValue(name)})`,
    );
  if (builtInNames.includes(name))
    throw new ArgumentError(
      `"${name}" is a built-in variant's name; give yours another (built-in: ${builtInNames.join(', ')})`,
    );
  if (typeof sumRange !== 'function')
    throw new ArgumentError(
      `variant "${name}": sumRange must be a function (first, last) => sum (got ${describeValue(sumRange)})`,
    );
  if (description !== undefined && typeof description !== 'string')
    throw new ArgumentError(`variant "${name}": description must be a string (got ${describeValue(description)})`);
  const checked = (first: number, last: number): KernelResult => checkedResult(name, first, last, sumRange);
  checked(1, CHECK_TERMS);
  const variant = Object.assign(
    defineSequentialVariant({
      name,
      description: description ?? 'your own variant',
      mirrors: null,
      options: [],
      roles: { sweeps: [] },
      sumRange: checked,
    }),
    module === undefined ? {} : { module },
    { [USER_VARIANT]: true as const },
  );
  defined.set(name, variant);
  return variant;
}

/** Call sumRange and check what it returns; ArgumentError naming the variant and the range otherwise. */
function checkedResult(name: string, first: number, last: number, sumRange: UserVariantSpec['sumRange']): KernelResult {
  let returned: unknown;
  try {
    returned = sumRange(first, last);
  } catch (error) {
    throw new ArgumentError(
      `variant "${name}": sumRange(${first}, ${last}) threw: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof returned === 'number' && Number.isFinite(returned)) return { sum: returned };
  if (typeof returned === 'object' && returned !== null) {
    const { sum, steps } = returned as { sum?: unknown; steps?: unknown };
    if (typeof sum === 'number' && Number.isFinite(sum) && (steps === undefined || isStepTimes(steps)))
      return steps === undefined ? { sum } : { sum, steps };
  }
  throw new ArgumentError(
    `variant "${name}": sumRange(${first}, ${last}) returned ${describeValue(returned)}; it must return a finite number or { sum, steps? }`,
  );
}

function isStepTimes(value: unknown): value is Record<string, number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((ms) => typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)
  );
}

/** A short description of a bad value for a message: its type, and the value when it is a primitive. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null)
    return String(value);
  if (typeof value === 'function') return 'a function';
  return Array.isArray(value) ? 'an array' : `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}

/** True when a `--variant` value names a file rather than a variant: it starts with ./, ../ or / or ends in .js/.mjs. */
export function isVariantPath(text: string): boolean {
  return /^(\.{1,2}\/|\/)/.test(text) || /\.m?js$/.test(text);
}

/**
 * Import the module at `path` (relative to `cwd`) and return its default export, which must be a
 * variant made with `lab.variant`; the variant records the module's URL so a child process (and a
 * worker) can import it too. A module that fails to load or throws while defining its variant, and
 * one whose default export is not a variant, are each an ArgumentError of one line.
 */
export async function loadVariantModule(path: string, cwd = process.cwd()): Promise<UserVariant> {
  const url = pathToFileURL(resolve(cwd, path)).href;
  let loaded: { default?: unknown };
  try {
    loaded = (await import(url)) as { default?: unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ArgumentError(`${path}: the module did not load: ${message}`);
  }
  const variant = loaded.default;
  if (!isUserVariant(variant))
    throw new ArgumentError(
      `${path}: its default export must be a variant made with lab.variant({ name, sumRange }) (got ${describeValue(variant)})`,
    );
  const withModule = { ...variant, module: url } as UserVariant;
  defined.set(variant.name, withModule);
  return withModule;
}
