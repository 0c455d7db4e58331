// A machine id that is stable across runs on the same machine and readable in file names.
import { createHash } from 'node:crypto';
import os from 'node:os';
import { slug } from '../util/paths.js';

/**
 * `<hostname>-<8 hex digits>`: the hostname for people, plus a hash of what identifies the hardware
 * (CPU model, logical cores, total memory, platform, arch) so two machines with the same hostname
 * do not collide. Safe as a file name: [a-z0-9-] only.
 */
export function machineId(): string {
  const cpus = os.cpus();
  const identity = [cpus[0]?.model ?? 'unknown-cpu', cpus.length, os.totalmem(), os.platform(), os.arch()].join('|');
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 8);
  return `${slug(os.hostname())}-${digest}`;
}
