// Compute ceilings: divides, multiplies and adds per ns in WebAssembly (scalar and f64x2) and JavaScript, and the add latency.
import { median, spinFor, WARMUP_MS } from './latency.js';
import type { ComputeCeiling } from './record.js';
import { ProbeMemory, type ProbeExports } from './wasm-probes.js';

/** Independent chains per iteration in every throughput kernel (8 hide a 3-cycle add or multiply on two pipes, and a divide). */
export const COMPUTE_CHAINS = 8;

/*
 * The JavaScript kernels: the same loops as probes.wat, so V8's JIT is measured on what `loop` compiles
 * to. One function per operation on purpose: a shared loop taking the operation as a callback turns
 * megamorphic once it has seen two and runs 4× slower (measured on this VM), which would measure the call.
 */

/** 8 independent divides per iteration. */
export function jsDiv(iterations: number, c: number): number {
  let a0 = 1.0625,
    a1 = 1.125,
    a2 = 1.1875,
    a3 = 1.25,
    a4 = 1.3125,
    a5 = 1.375,
    a6 = 1.4375,
    a7 = 1.5;
  for (let i = 0; i < iterations; i++) {
    a0 /= c;
    a1 /= c;
    a2 /= c;
    a3 /= c;
    a4 /= c;
    a5 /= c;
    a6 /= c;
    a7 /= c;
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

/** 8 independent multiplies per iteration. */
export function jsMul(iterations: number, c: number): number {
  let a0 = 1.0625,
    a1 = 1.125,
    a2 = 1.1875,
    a3 = 1.25,
    a4 = 1.3125,
    a5 = 1.375,
    a6 = 1.4375,
    a7 = 1.5;
  for (let i = 0; i < iterations; i++) {
    a0 *= c;
    a1 *= c;
    a2 *= c;
    a3 *= c;
    a4 *= c;
    a5 *= c;
    a6 *= c;
    a7 *= c;
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

/** 8 independent adds per iteration. */
export function jsAdd(iterations: number, c: number): number {
  let a0 = 1.0625,
    a1 = 1.125,
    a2 = 1.1875,
    a3 = 1.25,
    a4 = 1.3125,
    a5 = 1.375,
    a6 = 1.4375,
    a7 = 1.5;
  for (let i = 0; i < iterations; i++) {
    a0 += c;
    a1 += c;
    a2 += c;
    a3 += c;
    a4 += c;
    a5 += c;
    a6 += c;
    a7 += c;
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

/** 8 dependent adds per iteration: the latency of `sum += …`. */
export function jsAddChain(iterations: number, c: number): number {
  let a = 1.0625;
  for (let i = 0; i < iterations; i++) {
    a += c;
    a += c;
    a += c;
    a += c;
    a += c;
    a += c;
    a += c;
    a += c;
  }
  return a;
}

/** Elements of each array of the element loop: two 8 KiB arrays, so both stay in L1. */
const ELEMENT_LOOP_LENGTH = 1024;
const elementIn = new Float64Array(ELEMENT_LOOP_LENGTH).fill(1.0000001);
const elementOut = new Float64Array(ELEMENT_LOOP_LENGTH);

/**
 * 8 × iterations elements of out[i] = a[i] * a[i] (the shape of the array variants' square step),
 * in passes over two L1-resident Float64Arrays: what one element of a JIT-compiled typed-array loop
 * costs when neither memory nor arithmetic limits it.
 */
export function jsElementLoop(iterations: number): number {
  let left = iterations * COMPUTE_CHAINS;
  while (left > 0) {
    const length = Math.min(left, ELEMENT_LOOP_LENGTH);
    for (let i = 0; i < length; i++) {
      const value = elementIn[i] as number;
      elementOut[i] = value * value;
    }
    left -= length;
  }
  return elementOut[iterations % ELEMENT_LOOP_LENGTH] ?? 0;
}

type Kernel = (iterations: number, c: number) => number;

interface ComputeKernel extends Pick<ComputeCeiling, 'operation' | 'lanes' | 'engine' | 'dependent'> {
  kernel: (wasm: ProbeExports) => Kernel;
  /** The operand: close to 1 for divides and multiplies, tiny for adds, so values stay normal. */
  c: number;
}

/** Every ceiling the probe measures, in the order it reports them. */
export const COMPUTE_KERNELS: readonly ComputeKernel[] = [
  { operation: 'div', lanes: 1, engine: 'js', dependent: false, kernel: () => jsDiv, c: 1.0000001 },
  { operation: 'div', lanes: 1, engine: 'wasm', dependent: false, kernel: (w) => w.divF64, c: 1.0000001 },
  { operation: 'div', lanes: 2, engine: 'wasm', dependent: false, kernel: (w) => w.divF64x2, c: 1.0000001 },
  { operation: 'mul', lanes: 1, engine: 'js', dependent: false, kernel: () => jsMul, c: 0.9999999 },
  { operation: 'mul', lanes: 1, engine: 'wasm', dependent: false, kernel: (w) => w.mulF64, c: 0.9999999 },
  { operation: 'mul', lanes: 2, engine: 'wasm', dependent: false, kernel: (w) => w.mulF64x2, c: 0.9999999 },
  { operation: 'add', lanes: 1, engine: 'js', dependent: false, kernel: () => jsAdd, c: 1e-9 },
  { operation: 'add', lanes: 1, engine: 'wasm', dependent: false, kernel: (w) => w.addF64, c: 1e-9 },
  { operation: 'add', lanes: 2, engine: 'wasm', dependent: false, kernel: (w) => w.addF64x2, c: 1e-9 },
  { operation: 'add', lanes: 1, engine: 'js', dependent: true, kernel: () => jsAddChain, c: 1e-9 },
  { operation: 'add', lanes: 1, engine: 'wasm', dependent: true, kernel: (w) => w.addChainF64, c: 1e-9 },
  { operation: 'element', lanes: 1, engine: 'js', dependent: false, kernel: () => jsElementLoop, c: 0 },
];

export interface ComputeOptions {
  iterations: number;
  repeats: number;
  onCeiling?: (ceiling: ComputeCeiling, index: number) => void;
}

/**
 * Each kernel of COMPUTE_KERNELS: warmed up until V8 has optimised it, then `repeats` timed runs of
 * `iterations` iterations (8 operations per iteration and lane); keeps the fastest (the ceiling),
 * median and slowest in operations per ns. Takes ≈ repeats × iterations × 8 / rate per kernel.
 */
export function measureCompute(options: ComputeOptions): ComputeCeiling[] {
  const wasm = new ProbeMemory(0).exports;
  let checksum = 0;
  const ceilings = COMPUTE_KERNELS.map((spec, index) => {
    const run = spec.kernel(wasm);
    spinFor(WARMUP_MS, () => (checksum += run(1000, spec.c)));
    const ops = options.iterations * COMPUTE_CHAINS * spec.lanes;
    const rates: number[] = [];
    for (let r = 0; r < options.repeats; r++) {
      const t0 = process.hrtime.bigint();
      checksum += run(options.iterations, spec.c);
      rates.push(ops / Number(process.hrtime.bigint() - t0));
    }
    const { operation, lanes, engine, dependent } = spec;
    const ceiling: ComputeCeiling = {
      operation,
      lanes,
      engine,
      dependent,
      opsPerNs: Math.max(...rates),
      medianOpsPerNs: median(rates),
      minOpsPerNs: Math.min(...rates),
    };
    options.onCeiling?.(ceiling, index);
    return ceiling;
  });
  if (Number.isNaN(checksum)) throw new Error('unreachable: keeps the results observable');
  return ceilings;
}
