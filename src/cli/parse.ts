// Parsing of numeric command-line values: integers written as 1000000, 1e6 or 1_000_000.
import { ArgumentError } from '../util/errors.js';

const INTEGER_TEXT = /^[+]?(\d+(_\d+)*)(\.\d+)?([eE][+]?\d+)?$/;

export interface IntegerRange {
  min: number;
  max?: number;
}

/** Describe an allowed integer range for an error message, e.g. "an integer in [1, 256]". */
export function describeRange({ min, max }: IntegerRange): string {
  return max === undefined ? `an integer ≥ ${min}` : `an integer in [${min}, ${formatBound(max)}]`;
}

function formatBound(value: number): string {
  return value === Number.MAX_SAFE_INTEGER ? '2^53−1' : String(value);
}

/**
 * Parse `text` as an integer within `range`. Accepts plain digits, `_` separators and exponent
 * notation (`1e6`, `2.5e3`) as long as the value is a whole number. Throws ArgumentError naming the
 * option, the allowed range and the text it got.
 */
export function parseInteger(option: string, text: string, range: IntegerRange): number {
  const trimmed = text.trim();
  const fail = (): never => {
    throw new ArgumentError(`${option} must be ${describeRange(range)} (got "${text}")`);
  };
  if (!INTEGER_TEXT.test(trimmed)) fail();
  const value = Number(trimmed.replaceAll('_', ''));
  if (!Number.isFinite(value) || !Number.isInteger(value)) fail();
  if (value < range.min || (range.max !== undefined && value > range.max)) fail();
  if (!Number.isSafeInteger(value)) fail();
  return value;
}

/** Parse a comma-separated list of names, each of which must be one of `allowed`. */
export function parseNameList(option: string, text: string, allowed: readonly string[]): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0)
    throw new ArgumentError(`${option} must list at least one of: ${allowed.join(', ')} (got "${text}")`);
  for (const name of names) {
    if (!allowed.includes(name))
      throw new ArgumentError(`${option}: unknown name "${name}"; allowed: ${allowed.join(', ')}`);
  }
  return names;
}

/** Check that `text` is one of `allowed`, returning it typed. */
export function parseChoice<T extends string>(option: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ArgumentError(`${option} must be one of ${allowed.join(', ')} (got "${text}")`);
  }
  return text as T;
}
