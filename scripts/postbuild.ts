// After tsc: copy the non-TypeScript assets of src/ into dist/src/ and make the bin executable.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
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

/**
 * `import * as lab from "basel-lab"` in any notebook (or script) of this checkout: tslab's TypeScript
 * resolves bare names the node10 way (a node_modules folder, no package self-reference), so the
 * checkout's node_modules gets a link basel-lab → the checkout itself. Not done when this package is
 * itself installed under a node_modules folder (there the name already resolves).
 */
function linkSelf(root: string): void {
  if (root.split(sep).includes('node_modules')) return;
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) return;
  const link = join(modules, 'basel-lab');
  let current: string | undefined;
  try {
    current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : 'not a link';
  } catch {
    current = undefined;
  }
  if (current === '..') return;
  if (current !== undefined) {
    process.stderr.write(`postbuild: ${link} exists and is not the self-link; left as it is\n`);
    return;
  }
  symlinkSync('..', link, 'dir');
}
linkSelf(PACKAGE_ROOT);
