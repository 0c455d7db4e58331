// Where the kernel's code lives: this package's own tslab, and our wrapper that runs it (kernel-main).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The connection folders this package creates for its own kernels (KernelProcess), safe to remove. */
export const KERNEL_FOLDER_PREFIX = 'basel-lab-kernel-';

/** The JavaScript entry of this package's own tslab (its `bin/tslab`), by absolute path. */
export function tslabEntry(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('tslab/package.json')), 'bin', 'tslab');
}

/**
 * The script a kernel process runs: kernel-main, beside this file, which starts tslab with the same
 * arguments in a process that dies with its parent.
 */
export function kernelEntry(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'kernel-main.js');
}
