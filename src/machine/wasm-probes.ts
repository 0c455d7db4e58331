// The probe's WebAssembly loops (src/machine/wasm/probes.wat): one compiled module, an instance per memory.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';

/** The module assembled from probes.wat at build time (scripts/build-wasm.ts), beside this file in dist. */
const WASM_URL = new URL('./wasm/probes.wasm', import.meta.url);
/** WebAssembly's page: memories grow in these. */
export const WASM_PAGE_BYTES = 65536;

/** The loops probes.wat exports; byte offsets and counts are i32, the compute constant is f64. */
export interface ProbeExports {
  chase(start: number, loads: number): number;
  read(base: number, bytes: number, passes: number): bigint;
  write(base: number, bytes: number, passes: number, value: number): void;
  copy(dst: number, src: number, bytes: number, passes: number): void;
  divF64(iterations: number, c: number): number;
  divF64x2(iterations: number, c: number): number;
  mulF64(iterations: number, c: number): number;
  mulF64x2(iterations: number, c: number): number;
  addF64(iterations: number, c: number): number;
  addF64x2(iterations: number, c: number): number;
  addChainF64(iterations: number, c: number): number;
}

/** The slice of the WebAssembly global used here (lib "DOM" would declare it; this is Node-only code). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;

function probeModule(): object {
  if (compiled !== undefined) return compiled;
  const path = fileURLToPath(WASM_URL);
  if (!existsSync(path))
    throw new UserError(`machine probe: ${path} is missing; run \`npm run build\` to assemble it from probes.wat`);
  compiled = new wasm.Module(readFileSync(path));
  return compiled;
}

/** One instance of the probe loops over its own memory, which grows on demand and is never shared. */
export class ProbeMemory {
  readonly exports: ProbeExports;
  private readonly memory: WasmMemory;

  /** A memory of at least `bytes` (fresh pages: untouched until written). */
  constructor(bytes: number) {
    this.memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)), maximum: 65536 });
    this.exports = new wasm.Instance(probeModule(), { env: { memory: this.memory } })
      .exports as unknown as ProbeExports;
  }

  /** Bytes the memory has now. */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Grow to at least `bytes`; the new pages are fresh. */
  ensure(bytes: number): void {
    const missing = Math.ceil((bytes - this.bytes) / WASM_PAGE_BYTES);
    if (missing > 0) this.memory.grow(missing);
  }

  /** The memory as 32-bit words (a new view after each grow). */
  words(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }
}
