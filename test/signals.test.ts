// Stop signals end everything a command started: kernels (also after SIGKILL of their parent), servers.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, FIXTURES, runCli, tempDir } from './helpers.js';
import { kernelsUnder, processesMentioning } from './processes.js';

const NOTEBOOK_FIXTURES = join(FIXTURES, 'notebooks');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Started {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: readonly string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['--expose-gc', CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exited };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** True once no kernel of `tmp` runs, polled for up to `ms` (the watchdog polls every 200 ms). */
async function noKernelsWithin(tmp: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (kernelsUnder(tmp).length > 0 && Date.now() < deadline) await sleep(100);
  return kernelsUnder(tmp).length === 0;
}

test(
  'SIGTERM and SIGKILL of a report during the notebooks leave no kernel; a good executed copy is kept',
  { timeout: 240_000 },
  async () => {
    const out = tempDir();
    const tmp = tempDir(); // the kernels' connection folders go here (TMPDIR), so we can find them
    const notebooks = join(tempDir(), 'nb');
    mkdirSync(notebooks);
    // A first report, whose 01-busy is a passing notebook: it leaves a good executed copy, and the
    // stored sweeps, machine record and peers that let the next runs reach the notebooks in seconds.
    copyFileSync(join(NOTEBOOK_FIXTURES, 'passing.ipynb'), join(notebooks, '01-busy.ipynb'));
    const seed = runCli(['report', '--profile', 'smoke', '--out', out, '--notebooks', notebooks, '--quiet'], {
      timeoutMs: 180_000,
    });
    assert.equal(seed.status, 0, seed.stderr);
    const good = readFileSync(join(out, 'notebooks', '01-busy.ipynb'), 'utf8');
    // Now 01-busy spins forever on the kernel's main thread, and 02-after would run next.
    copyFileSync(join(NOTEBOOK_FIXTURES, 'busy-loop.ipynb'), join(notebooks, '01-busy.ipynb'));
    copyFileSync(join(NOTEBOOK_FIXTURES, 'passing.ipynb'), join(notebooks, '02-after.ipynb'));
    const args = ['report', '--profile', 'smoke', '--out', out, '--notebooks', notebooks];

    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const run = start(args, { TMPDIR: tmp });
      await waitFor(`a kernel (${run.stderr()})`, () => kernelsUnder(tmp).length > 0, 60_000);
      await waitFor('the notebook to run', () => run.stderr().includes('01-busy.ipynb: running'), 30_000);
      await sleep(4000); // past the kernel's start-up, into the busy cell
      const sent = Date.now();
      run.child.kill(signal);
      const end = await run.exited;
      if (signal === 'SIGTERM') {
        assert.equal(end.code, 143, run.stderr());
        assert.ok(Date.now() - sent < 5000, `stopped in ${Date.now() - sent} ms`);
        assert.match(
          run.stderr(),
          /01-busy\.ipynb, cell 1: stopped by SIGTERM before it finished; the kernel was killed; the executed copy from before was kept/,
        );
        assert.equal(existsSync(join(out, 'notebooks', '02-after.ipynb')), false, 'no notebook started after the stop');
        assert.ok(existsSync(join(out, 'index.html')), 'what was saved is rendered');
      } else {
        assert.equal(end.signal, 'SIGKILL');
      }
      assert.ok(await noKernelsWithin(tmp, 5000), `no kernel left 5 s after ${signal}: ${kernelsUnder(tmp).join(' ')}`);
      assert.deepEqual(
        readdirSync(tmp).filter((name) => name.startsWith('basel-lab-kernel-')),
        [],
        'connection folders removed',
      );
      assert.equal(readFileSync(join(out, 'notebooks', '01-busy.ipynb'), 'utf8'), good, 'the good copy is kept');
    }
    // The SIGKILLed run's output-folder lock is stale: the next report takes it over.
    const after = runCli([...args.slice(0, -2), '--no-run'], {});
    assert.equal(after.status, 0, after.stderr);
  },
);

test('a second report on one output folder is refused, naming the first', { timeout: 120_000 }, async () => {
  const out = tempDir();
  const tmp = tempDir();
  const notebooks = join(tempDir(), 'nb');
  mkdirSync(notebooks);
  copyFileSync(join(NOTEBOOK_FIXTURES, 'never-ends.ipynb'), join(notebooks, 'never-ends.ipynb'));
  const first = start(['notebooks', '--dir', notebooks, '--out', out, '--timeout', '600'], { TMPDIR: tmp });
  try {
    await waitFor('a kernel', () => kernelsUnder(tmp).length > 0, 60_000);
    const second = runCli(['report', '--no-run', '--out', out]);
    assert.equal(second.status, 1, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(
        `^basel-lab: the output folder ${out} is in use by pid ${first.child.pid} on .* \\(notebooks --profile quick\\); wait for it`,
      ),
    );
    assert.equal(second.stderr.trim().split('\n').length, 1);
  } finally {
    first.child.kill('SIGINT');
    await first.exited;
  }
});

test('SIGTERM of `jupyter start` stops the Jupyter server it started', { timeout: 120_000 }, async (t) => {
  const jupyter = runCli(['jupyter', 'install'], { timeoutMs: 60_000 });
  if (jupyter.status !== 0) {
    t.skip(`jupyter is not usable here: ${jupyter.stderr.trim()}`);
    return;
  }
  const home = tempDir();
  const port = String(20_000 + (process.pid % 20_000));
  const run = start(['jupyter', 'start', '--no-browser', `--port=${port}`, `--notebook-dir=${home}`], {
    JUPYTER_RUNTIME_DIR: join(home, 'runtime'),
  });
  const server = (): number[] => processesMentioning(`--port=${port}`).filter((pid) => pid !== run.child.pid);
  await waitFor(
    `the server (${run.stderr()})`,
    () => server().length > 0 && /http:\/\/|Serving/.test(run.stderr()),
    90_000,
  );
  run.child.kill('SIGTERM');
  await run.exited;
  const deadline = Date.now() + 10_000;
  while (server().length > 0 && Date.now() < deadline) await sleep(100);
  assert.deepEqual(server(), [], 'the server is gone');
});

test('JUPYTER that is not Jupyter: one line, exit 1', () => {
  const result = runCli(['jupyter', 'install'], { env: { JUPYTER: '/bin/true' } });
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /^basel-lab: `\/bin\/true kernelspec list --json` printed no kernelspec list \(its output: empty\)/,
  );
  assert.equal(result.stderr.trim().split('\n').length, 1);
});
