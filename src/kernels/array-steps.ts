// The numpy-style element-wise steps shared by arrays, broadcast and chunked: plain typed-array loops, numpy's sum.

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

/** Block size below which numpy's pairwise sum stops splitting (PW_BLOCKSIZE in numpy's loops_utils.h). */
export const PAIRWISE_BLOCK = 128;

/**
 * sum: np.sum's algorithm, so the variants reproduce numpy's results bit for bit. numpy's pairwise_sum:
 * fewer than 8 values are added left to right; up to PAIRWISE_BLOCK values go into 8 interleaved
 * accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), plus the tail; longer runs split in
 * two halves at a multiple of 8 and recurse. Error O(ε log n) instead of O(ε n); the 8 independent
 * accumulators also keep the adds from waiting on each other. O(n) time, O(log n) stack.
 */
export function sumPairwise(a: Float64Array, offset: number, length: number): number {
  if (length < 8) {
    let sum = 0;
    for (let i = offset; i < offset + length; i++) sum += a[i] as number;
    return sum;
  }
  if (length <= PAIRWISE_BLOCK) return sumBlock(a, offset, length);
  let half = Math.floor(length / 2);
  half -= half % 8;
  return sumPairwise(a, offset, half) + sumPairwise(a, offset + half, length - half);
}

/** numpy's unrolled block: 8 ≤ length ≤ PAIRWISE_BLOCK values into 8 accumulators, then the tail. */
function sumBlock(a: Float64Array, offset: number, length: number): number {
  let r0 = a[offset] as number;
  let r1 = a[offset + 1] as number;
  let r2 = a[offset + 2] as number;
  let r3 = a[offset + 3] as number;
  let r4 = a[offset + 4] as number;
  let r5 = a[offset + 5] as number;
  let r6 = a[offset + 6] as number;
  let r7 = a[offset + 7] as number;
  const end = offset + length;
  const unrolledEnd = end - (length % 8);
  let i = offset + 8;
  for (; i < unrolledEnd; i += 8) {
    r0 += a[i] as number;
    r1 += a[i + 1] as number;
    r2 += a[i + 2] as number;
    r3 += a[i + 3] as number;
    r4 += a[i + 4] as number;
    r5 += a[i + 5] as number;
    r6 += a[i + 6] as number;
    r7 += a[i + 7] as number;
  }
  let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < end; i++) sum += a[i] as number;
  return sum;
}

/** sum: a[0] + … + a[length−1] the way np.sum adds them (sumPairwise from the start). */
export function sumArray(a: Float64Array, length: number): number {
  return sumPairwise(a, 0, length);
}
