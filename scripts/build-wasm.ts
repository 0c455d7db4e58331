// Build step: assemble src/kernels/wasm/*.wat into dist/src/kernels/wasm/*.wasm with wabt (a devDependency).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { PACKAGE_ROOT } from '../src/paths.js';
import { writeFileAtomic } from '../src/util/atomic.js';

const WAT_DIR = join(PACKAGE_ROOT, 'src', 'kernels', 'wasm');
const WASM_DIR = join(PACKAGE_ROOT, 'dist', 'src', 'kernels', 'wasm');

/** Assemble WebAssembly text into a validated binary module (SIMD enabled). Deterministic: same text, same bytes. */
export async function assembleWat(fileName: string, text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(fileName, text, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

/** Assemble every .wat under src/kernels/wasm/ into dist; returns the paths written. */
export async function buildWasm(): Promise<string[]> {
  const written: string[] = [];
  for (const name of readdirSync(WAT_DIR)
    .filter((file) => file.endsWith('.wat'))
    .sort()) {
    const bytes = await assembleWat(name, readFileSync(join(WAT_DIR, name), 'utf8'));
    const target = join(WASM_DIR, name.replace(/\.wat$/, '.wasm'));
    writeFileAtomic(target, bytes);
    written.push(target);
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildWasm();
}
