// Build step: assemble every src/**/wasm/*.wat into the same place under dist/ with wabt (a devDependency).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import wabtInit from 'wabt';
import { PACKAGE_ROOT } from '../src/util/paths.js';
import { writeFileAtomic } from '../src/util/atomic.js';

const SRC_DIR = join(PACKAGE_ROOT, 'src');
const DIST_SRC_DIR = join(PACKAGE_ROOT, 'dist', 'src');

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

/** The .wat sources: every file ending in .wat inside a folder named wasm under src/, sorted. */
export function watSources(root = SRC_DIR): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.wat') && basename(dir) === 'wasm') found.push(path);
    }
  };
  walk(root);
  return found.sort();
}

/** Assemble every source of watSources into dist/src/…/wasm/<name>.wasm; returns the paths written. */
export async function buildWasm(): Promise<string[]> {
  const written: string[] = [];
  for (const source of watSources()) {
    const bytes = await assembleWat(source, readFileSync(source, 'utf8'));
    const target = join(DIST_SRC_DIR, relative(SRC_DIR, source)).replace(/\.wat$/, '.wasm');
    writeFileAtomic(target, bytes);
    written.push(target);
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildWasm();
}
