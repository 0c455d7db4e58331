// The kernel process: tslab, in a process that dies with whoever started it (no orphan kernels after a
// SIGKILL of the report or of a Jupyter server). Run as `node kernel-main.js kernel --config-path <file>`,
// tslab's own arguments.
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { dieWithParent } from '../util/parent-watch.js';
import { KERNEL_FOLDER_PREFIX, tslabEntry } from './tslab-entry.js';

const args = process.argv.slice(2);
const configAt = args.indexOf('--config-path');
const connectionFile = configAt >= 0 ? args[configAt + 1] : undefined;
const folder = connectionFile === undefined ? undefined : dirname(connectionFile);
// Only our own connection folders are removed (Jupyter's runtime folder holds other kernels' files).
dieWithParent({
  cleanup: folder !== undefined && basename(folder).startsWith(KERNEL_FOLDER_PREFIX) ? folder : undefined,
});
const entry = tslabEntry();
process.argv = [process.argv[0] as string, entry, ...args];
createRequire(import.meta.url)(entry);
