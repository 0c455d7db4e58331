import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readResultsFile, resultsLockPath, resultsPath } from '../src/results/store.js';
import { acquireLockOrRefuse, readLockHolder, withFileLock } from '../src/util/file-lock.js';
import { REPO_ROOT, tempDir } from './helpers.js';

const MACHINE = 'test-machine-00000000';
const DRIVER = join(REPO_ROOT, 'dist', 'test', 'sweep-driver.js');

function runDriver(
  outDir: string,
  variants: string,
  grid: readonly number[],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIVER, outDir, MACHINE, variants, grid.join(',')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('two runs writing one results file', () => {
  it('two concurrent sweeps of one kind and profile keep every point of both', async () => {
    const outDir = tempDir();
    const grid = Array.from({ length: 30 }, (_, i) => 1000 + 100 * i);
    const [a, b] = await Promise.all([runDriver(outDir, 'loop', grid), runDriver(outDir, 'unrolled', grid)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const path = resultsPath(outDir, MACHINE, 'n', 'smoke');
    const file = readResultsFile(path);
    assert.ok(file !== undefined);
    const keys = new Set(file.points.map((point) => point.key));
    assert.equal(keys.size, 60, `every point of both runs is in the file (${keys.size} of 60)`);
    for (const variant of ['loop', 'unrolled']) {
      for (const n of grid) assert.ok(keys.has(`${variant}|n=${n}`), `${variant} at ${n} kept`);
    }
    assert.ok(file.points.every((point) => point.status === 'ok'));
    assert.equal(existsSync(resultsLockPath(path)), false, 'the lock is released');
  });
});

describe('lock files', () => {
  it('a second holder is refused with one line naming the first', () => {
    const lock = join(tempDir(), 'out.lock');
    const release = acquireLockOrRefuse(lock, 'report quick', 'the output folder X');
    try {
      const holder = readLockHolder(lock);
      assert.equal(holder?.pid, process.pid);
      assert.equal(holder?.purpose, 'report quick');
      // A live holder (this very process, seen from "another" acquirer) is never taken over.
      assert.throws(
        () => acquireLockOrRefuse(lock, 'report smoke', 'the output folder X'),
        (error: Error) =>
          !error.message.includes('\n') &&
          error.message.includes(`the output folder X is in use by pid ${process.pid} on ${hostname()}`) &&
          error.message.includes('(report quick)'),
      );
    } finally {
      release();
    }
    assert.equal(existsSync(lock), false);
  });

  it('a stale lock (its process is gone) is taken over', () => {
    const dir = tempDir();
    const lock = join(dir, 'results.json.lock');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      lock,
      JSON.stringify({ pid: 4194305, host: hostname(), since: '2026-01-01T00:00:00Z', purpose: 'sweep' }),
    );
    assert.equal(
      withFileLock(lock, 'saving', () => readLockHolder(lock)?.pid),
      process.pid,
    );
    assert.equal(existsSync(lock), false);
  });

  it("another host's lock is not stale; waiting for it gives up with the holder's name", () => {
    const lock = join(tempDir(), 'results.json.lock');
    writeFileSync(
      lock,
      JSON.stringify({ pid: 1, host: 'elsewhere', since: '2026-01-01T00:00:00Z', purpose: 'sweep n quick' }),
    );
    assert.throws(
      () => withFileLock(lock, 'saving', () => 1, 200),
      /held for over 0 s by pid 1 on elsewhere since 2026-01-01T00:00:00Z \(sweep n quick\)/,
    );
    assert.equal(readLockHolder(lock)?.host, 'elsewhere', 'left in place');
  });
});
