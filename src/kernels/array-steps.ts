// The numpy-style element-wise steps shared by arrays, broadcast and chunked, as plain typed-array loops.

/** range: out[i] = first + i for i < length (np.arange). */
export function fillRange(out: Float64Array, first: number, length: number): void {
  for (let i = 0; i < length; i++) out[i] = first + i;
}

/** divide by a scalar numerator: out[i] = 1 / r[i] (numpy broadcasting `1 / r`). */
export function divideOne(out: Float64Array, r: Float64Array, length: number): void {
  for (let i = 0; i < length; i++) out[i] = 1 / (r[i] as number);
}

/** divide element-wise: out[i] = a[i] / b[i] (`ones / r`). */
export function divideArrays(out: Float64Array, a: Float64Array, b: Float64Array, length: number): void {
  for (let i = 0; i < length; i++) out[i] = (a[i] as number) / (b[i] as number);
}

/** square: out[i] = a[i]² (np.square). */
export function squareArray(out: Float64Array, a: Float64Array, length: number): void {
  for (let i = 0; i < length; i++) {
    const value = a[i] as number;
    out[i] = value * value;
  }
}

/** sum: a[0] + … + a[length−1], left to right, one accumulator. */
export function sumArray(a: Float64Array, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += a[i] as number;
  return sum;
}
