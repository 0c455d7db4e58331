// A new, empty results file: what ran where — machine summary, Node/V8, git commit, profile, harness.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { machineFileRelative, PACKAGE_ROOT } from '../util/paths.js';
import { RESULTS_VERSION, type Profile, type ResultsFile, type SweepKind } from './schema.js';

/** The commit of the basel-lab checkout, or null when it is not a git checkout (or git is absent). */
export function gitCommit(cwd = PACKAGE_ROOT): string | null {
  try {
    const output = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const commit = output.trim();
    return /^[0-9a-f]{40}$/.test(commit) ? commit : null;
  } catch {
    return null;
  }
}

/** A results file with no points yet, stamped now. */
export function newResultsFile(
  kind: SweepKind,
  profile: Profile,
  machineId: string,
  parameters: ResultsFile['parameters'],
  harness: ResultsFile['harness'],
): ResultsFile {
  const now = new Date().toISOString();
  return {
    version: RESULTS_VERSION,
    kind,
    profile,
    machineId,
    machineFile: machineFileRelative(machineId),
    machine: {
      hostname: os.hostname(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      logicalCores: os.availableParallelism(),
      totalMemoryBytes: os.totalmem(),
    },
    node: process.versions.node,
    v8: process.versions.v8,
    gitCommit: gitCommit(),
    startedAt: now,
    updatedAt: now,
    parameters,
    harness,
    points: [],
  };
}
