// Test helpers: S(N) and range sums in 200-bit fixed point with BigInt, to check doubles against.
/** Fixed-point scale: values are held as integers × 2^-SCALE_BITS. */
const SCALE_BITS = 200n;
const ONE = 1n << SCALE_BITS;
/** ulp of a double in [1, 2) — every S(N) lies there — in fixed point. */
const ULP = 1n << (SCALE_BITS - 52n);

/** Σ 1/x² for x = first..last in fixed point; each term floors, so the error is < (last − first + 1) × 2^-200. */
export function fixedPointSum(first: number, last: number): bigint {
  let total = 0n;
  for (let x = BigInt(first); x <= BigInt(last); x++) total += ONE / (x * x);
  return total;
}

/** A double as an exact fixed-point integer (every double ≥ 2^-100 with ≤ 53 bits is exact at this scale). */
export function toFixedPoint(value: number): bigint {
  let scaled = value;
  let shift = 0n;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    shift++;
  }
  return BigInt(scaled) << (SCALE_BITS - shift);
}

/** A decimal string like "1.6449…" as fixed point (to within 2^-200 + 10^-digits). */
export function decimalToFixedPoint(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return (BigInt(whole + fraction) * ONE) / 10n ** BigInt(fraction.length);
}

/** |value − reference| in ulps of S(N), as a float for messages and comparisons. */
export function ulpsFrom(value: number, reference: bigint): number {
  const difference = toFixedPoint(value) - reference;
  return Number(difference < 0n ? -difference : difference) / Number(ULP);
}

/** |value − reference| / reference, for references of any size (a range sum may be far below 1). */
export function relativeError(value: number, reference: bigint): number {
  const difference = toFixedPoint(value) - reference;
  return Number(((difference < 0n ? -difference : difference) * 10n ** 18n) / reference) / 1e18;
}
