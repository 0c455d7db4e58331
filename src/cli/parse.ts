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
  const fail = (): never => {
    throw new ArgumentError(`${option} must be ${describeRange(range)} (got "${text}")`);
  };
  const value = exactInteger(text.trim());
  if (value === undefined) return fail();
  if (value < BigInt(range.min) || value > BigInt(range.max ?? Number.MAX_SAFE_INTEGER)) fail();
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail();
  return Number(value);
}

/** The largest decimal exponent worth reading: anything above 10^30 is far outside every range. */
const MAX_EXPONENT = 30;

/**
 * The exact value of `text` (INTEGER_TEXT) when it is a whole number, in BigInt arithmetic, so that
 * `9007199254740990.9` and `2.0000000000000001` — which round to integers as doubles — are not taken
 * for integers. Undefined when it is not a whole number (or not one we read).
 */
function exactInteger(text: string): bigint | undefined {
  const match = INTEGER_TEXT.exec(text);
  if (match === null) return undefined;
  const whole = (match[1] as string).replaceAll('_', '');
  const fraction = (match[3] ?? '.').slice(1);
  const exponent = Number((match[4] ?? 'e0').slice(1).replace('+', ''));
  if (exponent > MAX_EXPONENT) return undefined;
  const digits = BigInt(whole + fraction);
  const scale = exponent - fraction.length;
  if (scale >= 0) return digits * 10n ** BigInt(scale);
  const divisor = 10n ** BigInt(-scale);
  return digits % divisor === 0n ? digits / divisor : undefined;
}

/** Parse a comma-separated list of names, each of which must be one of `allowed`; duplicates are dropped. */
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
  return [...new Set(names)]; // `loop,loop` is `loop`: each named once, in first-mention order
}

/** Check that `text` is one of `allowed`, returning it typed. */
export function parseChoice<T extends string>(option: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ArgumentError(`${option} must be one of ${allowed.join(', ')} (got "${text}")`);
  }
  return text as T;
}
