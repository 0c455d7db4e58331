// Shared test helpers: the repository root, fixtures, temporary folders and running the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runSweep, type SweepOptions } from '../src/measure/sweep.js';
import type { ResultsFile } from '../src/results/schema.js';
import { parseResultsFile } from '../src/results/store.js';
import { PACKAGE_ROOT } from '../src/util/paths.js';

export const REPO_ROOT = PACKAGE_ROOT;
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
export const CLI = join(REPO_ROOT, 'dist', 'scripts', 'basel-lab.js');

/** A fresh temporary folder, removed when the test file finishes. */
export function tempDir(prefix = 'basel-lab-test-'): string {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built `basel-lab` command with `args`, as a user would. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const result = spawnSync(process.execPath, ['--expose-gc', CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A results fixture, checked against the schema (the version-1 fixtures are upgraded as any old file would be). */
export function loadResultsFixture(name: string): ResultsFile {
  const path = join(FIXTURES, 'results', `${name}.json`);
  return parseResultsFile(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** A smoke n sweep of `loop` alone into a fresh folder, with these profile settings and options over it. */
export function loopSweep(
  settings: NonNullable<SweepOptions['settings']>,
  options: Omit<SweepOptions, 'settings'> = {},
): Promise<ResultsFile> {
  return runSweep('n', {
    profile: 'smoke',
    variants: ['loop'],
    outDir: tempDir(),
    machineId: 'test-machine-00000000',
    settings,
    ...options,
  });
}
