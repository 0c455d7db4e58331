// A read-only view of a file tree, so parsers of /sys can be tested on fixture folders.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TreeReader {
  /** Names in the folder `path` (relative to the root), or null if it is not a readable folder. */
  list(path: string): string[] | null;
  /** Text of the file `path` (relative to the root), or null if it cannot be read. */
  read(path: string): string | null;
  /** Where the tree is, for messages. */
  readonly root: string;
}

/** A TreeReader over a real folder, e.g. /sys/devices/system/cpu or a test fixture. */
export function fsTreeReader(root: string): TreeReader {
  return {
    root,
    list(path) {
      try {
        return readdirSync(join(root, path)).sort();
      } catch {
        return null;
      }
    },
    read(path) {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return null;
      }
    },
  };
}
