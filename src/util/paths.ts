// Where things are: the package root, its notebooks, and the default output folder.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the folder holding package.json), found from this file in src/ or dist/src/. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** The notebooks shipped with the package, in chapter order by file name. */
export const NOTEBOOKS_DIR = join(PACKAGE_ROOT, 'notebooks');

/** Default `--out`: reports/ under the current directory. Commands resolve it at call time. */
export function defaultOutDir(): string {
  return resolve(process.env.BASEL_OUT ?? 'reports');
}

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'basel-lab') return dir;
    } catch {
      // not here; keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`basel-lab: cannot find the package root above ${start}`);
    dir = parent;
  }
}
