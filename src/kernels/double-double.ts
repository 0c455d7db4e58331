// Error-free float transformations (TwoSum, TwoProduct) and π²/6 as an unevaluated double-double sum.

/** π²/6 = ζ(2) rounded to the nearest double (0x1.a51a6625307d3p+0). */
export const ZETA2_HI = 1.6449340668482264;
/** ζ(2) − ZETA2_HI, rounded to the nearest double (0x1.1873d8912200cp-55); together ≈ 106 bits of ζ(2). */
export const ZETA2_LO = 3.040672350398476e-17;

/** A double-double value hi + lo with |lo| ≤ ulp(hi)/2. */
export interface DoubleDouble {
  hi: number;
  lo: number;
}

/** Knuth's TwoSum: a + b = s + e exactly, where s = fl(a + b). No precondition on magnitudes. 6 flops. */
export function twoSumError(a: number, b: number, s: number): number {
  const bVirtual = s - a;
  const aVirtual = s - bVirtual;
  return a - aVirtual + (b - bVirtual);
}

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's constant for splitting a double into two 26-bit halves.

/** Dekker's TwoProduct: a × b = p + e exactly, where p = fl(a × b) (no FMA in JS). Needs |a|,|b| < 2^996. */
export function twoProductError(a: number, b: number, p: number): number {
  const ca = SPLITTER * a;
  const aHi = ca - (ca - a);
  const aLo = a - aHi;
  const cb = SPLITTER * b;
  const bHi = cb - (cb - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** (hi, lo) + b in double-double arithmetic; relative error ≈ 2^-104. */
export function addDouble(x: DoubleDouble, b: number): DoubleDouble {
  const s = x.hi + b;
  const e = twoSumError(x.hi, b, s) + x.lo;
  const hi = s + e;
  return { hi, lo: e - (hi - s) };
}

/** 1 / d as a double-double (hi = fl(1/d), lo its correction); d a finite non-zero double. */
export function reciprocalDouble(d: number): DoubleDouble {
  const q = 1 / d;
  // 1 − q·d is computed exactly from TwoProduct, so lo = (1 − q·d) / d to double precision.
  const p = q * d;
  const residual = 1 - p - twoProductError(q, d, p);
  return { hi: q, lo: residual / d };
}

/** x + y in double-double arithmetic (the "sloppy" add; accurate to ≈ 2^-104 when x and y share a sign). */
export function addDoubleDouble(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const s = x.hi + y.hi;
  const e = twoSumError(x.hi, y.hi, s) + x.lo + y.lo;
  const hi = s + e;
  return { hi, lo: e - (hi - s) };
}
