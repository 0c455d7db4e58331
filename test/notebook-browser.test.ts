// Exploring as a reader does: Debian's Jupyter Notebook in Chromium, chapter 7 run from the menu, a long
// measurement stopped with Kernel → Interrupt, and one more cell after it.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { hasJupyter } from '../src/jupyter/kernelspec.js';
import { NOTEBOOKS_DIR, PACKAGE_ROOT } from '../src/util/paths.js';
import { runCli, tempDir } from './helpers.js';
import { processesMentioning } from './processes.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const CHAPTER = '07-your-turn.ipynb';
const TOKEN = 'basel-lab-test';
const skip = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (CI installs it)`
  : !hasJupyter()
    ? 'jupyter is not on PATH (Debian: apt-get install jupyter-notebook)'
    : false;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** CPU ticks (1/100 s) `pid` has used so far, from /proc. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test(
  'chapter 7 in Jupyter Notebook: Run All shows your variant in a table and a chart; Interrupt stops a measurement; the next cell runs',
  { skip, timeout: 600_000 },
  async (t) => {
    const home = tempDir();
    // The notebook in a folder of its own whose node_modules is the package's: `import * as lab from "basel-lab"` resolves as in notebooks/.
    const folder = join(home, 'notebooks');
    mkdirSync(folder);
    copyFileSync(join(NOTEBOOKS_DIR, CHAPTER), join(folder, CHAPTER));
    symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(home, 'node_modules'));
    const runtime = join(home, 'runtime');
    const env = {
      ...process.env,
      JUPYTER_DATA_DIR: join(home, 'data'),
      JUPYTER_RUNTIME_DIR: runtime,
      JUPYTER_CONFIG_DIR: join(home, 'config'),
      BASEL_PROFILE: 'smoke',
      BASEL_OUT: join(home, 'out'),
    };
    assert.equal(runCli(['jupyter', 'install'], { env }).status, 0);
    const port = await freePort();
    const server: ChildProcess = spawn(
      'jupyter',
      [
        'notebook',
        '--no-browser',
        '--allow-root',
        `--port=${port}`,
        '--ip=127.0.0.1',
        `--NotebookApp.token=${TOKEN}`,
        `--notebook-dir=${folder}`,
      ],
      { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    let serverLog = '';
    server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      await until('the Jupyter server', 30_000, async () =>
        serverLog.includes(`127.0.0.1:${port}`) ? true : undefined,
      );
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`http://127.0.0.1:${port}/notebooks/${CHAPTER}?token=${TOKEN}`);
      const kernelIdle = () =>
        page.evaluate(() => document.querySelector('#kernel_indicator_icon')?.classList.contains('kernel_idle_icon'));
      await until('the basel-lab kernel', 60_000, async () => ((await kernelIdle()) === true ? true : undefined));
      await page.evaluate(() =>
        (window as unknown as { Jupyter: JupyterGlobal }).Jupyter.notebook.set_autosave_interval(0),
      );

      // Cell → Run All, from the menu, as a reader would.
      await page.click('#celllink');
      await page.click('#run_all_cells');
      await until('every cell to run', 300_000, async () => {
        const state = await page.evaluate(() =>
          Array.from(document.querySelectorAll('.code_cell .input_prompt')).map((prompt) => prompt.textContent ?? ''),
        );
        return state.every((text) => /\[\d+\]/.test(text)) && (await kernelIdle()) === true ? true : undefined;
      });
      const outputs = await page.evaluate(() => ({
        errors: Array.from(document.querySelectorAll('.output_error, .output_stderr')).map((el) => el.textContent),
        tables: Array.from(document.querySelectorAll('.output_area table')).map((table) => table.textContent ?? ''),
        charts: Array.from(document.querySelectorAll('.output_area svg, .output_area img')).length,
        text: document.querySelector('#notebook-container')?.textContent ?? '',
      }));
      assert.deepEqual(outputs.errors, [], 'no cell printed an error');
      assert.ok(
        outputs.tables.some((table) => table.includes('pairs') && table.includes('loop')),
        'a table with your variant beside loop',
      );
      assert.ok(outputs.charts >= 1, 'a chart');

      // A measurement long enough to interrupt, then Kernel → Interrupt.
      await page.evaluate(() => {
        const notebook = (window as unknown as { Jupyter: JupyterGlobal }).Jupyter.notebook;
        notebook
          .insert_cell_at_bottom('code')
          .set_text('const long = await lab.compare(["loop", pairs], { n: [1e8, 1e9, 2e9, 4e9] });');
        notebook.select(notebook.ncells() - 1);
        notebook.execute_cell();
      });
      await until('the long measurement to start', 60_000, async () =>
        (await kernelIdle()) === false ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const [kernel] = processesMentioning(runtime).filter((pid) =>
        processesMentioning('kernel-main.js').includes(pid),
      );
      assert.ok(kernel !== undefined, 'the kernel process is found');
      await page.click('#kernellink');
      const interruptedAt = Date.now();
      await page.click('#int_kernel');
      await until('the kernel to go idle', 10_000, async () => ((await kernelIdle()) === true ? true : undefined));
      const idleAfterMs = Date.now() - interruptedAt;
      assert.ok(idleAfterMs < 2000, `idle ${idleAfterMs} ms after Interrupt`);
      const before = cpuTicks(kernel);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const busyTicks = cpuTicks(kernel) - before;
      assert.ok(busyTicks < 20, `the kernel is quiet after Interrupt (${busyTicks} ticks of CPU in 1 s)`);
      assert.deepEqual(
        spawnSync('ps', ['-o', 'pid=', '--ppid', String(kernel)], { encoding: 'utf8' }).stdout.trim(),
        '',
        'no measuring child left',
      );
      const last = await page.evaluate(
        () =>
          Array.from(document.querySelectorAll('.code_cell')).at(-1)?.querySelector('.output_wrapper')?.textContent ??
          '',
      );
      assert.match(last, /interrupted: \d+ of 8 points kept/);
      t.diagnostic(
        `idle ${idleAfterMs} ms after Interrupt, then ${busyTicks} CPU ticks (1/100 s) in 1 s; "${/interrupted: \d+ of 8 points kept/.exec(last)![0]}"`,
      );
      assert.doesNotMatch(last, /\n\s+at /, 'no stack trace');

      // And the kernel takes the next cell as usual.
      await page.evaluate(() => {
        const notebook = (window as unknown as { Jupyter: JupyterGlobal }).Jupyter.notebook;
        notebook.insert_cell_at_bottom('code').set_text('console.log("after", 6 * 7)');
        notebook.select(notebook.ncells() - 1);
        notebook.execute_cell();
      });
      await until('the next cell', 30_000, async () => {
        const text = await page.evaluate(
          () =>
            Array.from(document.querySelectorAll('.code_cell')).at(-1)?.querySelector('.output_wrapper')?.textContent,
        );
        return text?.includes('after 42') === true ? true : undefined;
      });
      assert.deepEqual(pageErrors, []);
    } finally {
      await browser.close();
      try {
        process.kill(-server.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const pid of processesMentioning(runtime)) process.kill(pid, 'SIGKILL');
    }
  },
);

/** The bits of Notebook 6's page API the test uses. */
interface JupyterGlobal {
  notebook: {
    set_autosave_interval(ms: number): void;
    insert_cell_at_bottom(type: 'code'): { set_text(text: string): void };
    select(index: number): void;
    ncells(): number;
    execute_cell(): void;
  };
}
