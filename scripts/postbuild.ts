// After tsc: copy the non-TypeScript assets of src/ into dist/src/ and make the bin executable.
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/paths.js';

const ASSET_EXTENSIONS = new Set(['.wasm', '.wat', '.json', '.css']);

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

const srcDir = join(PACKAGE_ROOT, 'src');
for (const file of walk(srcDir)) {
  if (!ASSET_EXTENSIONS.has(extname(file))) continue;
  const target = join(PACKAGE_ROOT, 'dist', 'src', relative(srcDir, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
chmodSync(join(PACKAGE_ROOT, 'dist', 'scripts', 'basel-lab.js'), 0o755);
