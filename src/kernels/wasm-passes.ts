// The array passes of src/kernels/wasm/array-passes.wat over three float64 arrays in one linear memory.
import { WASM_CALL_TERMS, WASM_PAGE_BYTES, instantiateWasm, newWasmMemory, type WasmMemory } from './wasm-module.js';

/** The exports of array-passes.wasm. Addresses are byte offsets into the memory, lengths in elements. */
export interface ArrayPasses {
  range(out: number, first: number, length: number): void;
  divide(out: number, input: number, length: number): void;
  square(out: number, input: number, length: number): void;
  /** numpy's pairwise sum of input[0..length−1]. */
  sum(input: number, length: number): number;
  /** `total` plus each chunk's sum over first..last in chunks of `chunk` terms, using r, d, s as scratch. */
  sumChunks(total: number, first: number, last: number, chunk: number, r: number, d: number, s: number): number;
}

/** Three arrays of one length in one memory: range (r), divide (d), square (s), at 16-byte-aligned addresses. */
export interface PassArrays {
  passes: ArrayPasses;
  memory: WasmMemory;
  r: number;
  d: number;
  s: number;
}

/** Float64 arrays the passes hold at once: range, divide, square. */
export const PASS_ARRAY_COUNT = 3;

/** Bytes of one array of `length` float64, rounded up to 16 so the next one starts 16-byte aligned. */
function slotBytes(length: number): number {
  return Math.ceil(length / 2) * 16;
}

/** Pages of linear memory for the three arrays of `length` elements. */
function pagesFor(length: number): number {
  return Math.max(1, Math.ceil((PASS_ARRAY_COUNT * slotBytes(length)) / WASM_PAGE_BYTES));
}

/** The passes over `memory`, with the three arrays of `length` elements laid out from address 0. */
function arraysIn(memory: WasmMemory, passes: ArrayPasses, length: number): PassArrays {
  return { passes, memory, r: 0, d: slotBytes(length), s: 2 * slotBytes(length) };
}

function instantiatePasses(memory: WasmMemory): ArrayPasses {
  return instantiateWasm('array-passes', { env: { memory } }) as unknown as ArrayPasses;
}

/**
 * Three arrays of `length` elements in a fresh memory, as numpy (and `broadcast`) allocate fresh
 * arrays on every call: the OS maps the pages on first touch, inside the passes. Released when the
 * caller drops it. The caller has checked the memory guard (at most 4 GiB in all).
 */
export function freshPassArrays(length: number): PassArrays {
  const memory = newWasmMemory(pagesFor(length));
  return arraysIn(memory, instantiatePasses(memory), length);
}

let scratch: { memory: WasmMemory; passes: ArrayPasses } | undefined;

/**
 * Three scratch arrays of `length` elements in this thread's one scratch memory, grown when a call
 * needs more and kept for the next (a wasm memory cannot shrink): `chunked-simd` allocates once and
 * then reuses hot pages, as numpy's allocator reuses a freed chunk-sized block. Holds 24 B × the
 * largest chunk used so far until the thread exits.
 */
export function scratchPassArrays(length: number): PassArrays {
  const pages = pagesFor(length);
  if (scratch === undefined) {
    const memory = newWasmMemory(pages);
    scratch = { memory, passes: instantiatePasses(memory) };
  }
  const { memory, passes } = scratch;
  const held = memory.buffer.byteLength / WASM_PAGE_BYTES;
  if (held < pages) memory.grow(pages - held);
  return arraysIn(memory, passes, length);
}

/** Run `pass(offset, count)` over 0..length−1 in calls of at most WASM_CALL_TERMS elements (so V8's optimised code is picked up). */
export function inCalls(length: number, pass: (offset: number, count: number) => void): void {
  for (let offset = 0; offset < length; offset += WASM_CALL_TERMS)
    pass(offset, Math.min(WASM_CALL_TERMS, length - offset));
}

/**
 * numpy's pairwise sum of `length` float64 at `address`: the top of the recursion here, down to
 * pieces of at most WASM_CALL_TERMS elements, each summed by one call — the same splits, so the same
 * result as one call of `passes.sum`, bit for bit.
 */
export function sumPairwiseInCalls(passes: ArrayPasses, address: number, length: number): number {
  if (length <= WASM_CALL_TERMS) return passes.sum(address, length);
  let half = Math.floor(length / 2);
  half -= half % 8;
  return sumPairwiseInCalls(passes, address, half) + sumPairwiseInCalls(passes, address + 8 * half, length - half);
}
