import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { readNotebook, type CodeCell } from '../src/jupyter/ipynb.js';
import { createKernelJson, findJupyterApp, hasJupyter } from '../src/jupyter/kernelspec.js';
import { listNotebooks } from '../src/jupyter/runner.js';
import { NOTEBOOKS_DIR } from '../src/util/paths.js';
import { jupyterArgs } from '../src/cli/jupyter.js';
import { tslabEntry } from '../src/jupyter/tslab-entry.js';
import { FIXTURES, runCli, tempDir } from './helpers.js';
import { processesMentioning } from './processes.js';

const JUPYTER = hasJupyter();
const NO_JUPYTER = 'jupyter is not on PATH (Debian: apt-get install jupyter-notebook jupyter-nbconvert)';

test("the kernelspec starts this package's tslab (through kernel-main, which dies with its parent) with this Node, by absolute paths", () => {
  const spec = createKernelJson();
  const [node, entry, ...rest] = spec.argv;
  assert.equal(node, process.execPath);
  assert.ok(
    entry !== undefined && existsSync(entry) && entry.endsWith(join('dist', 'src', 'jupyter', 'kernel-main.js')),
    entry,
  );
  assert.ok(existsSync(tslabEntry()) && tslabEntry().endsWith(join('node_modules', 'tslab', 'bin', 'tslab')));
  assert.deepEqual(rest, ['kernel', '--config-path', '{connection_file}']);
  assert.equal(spec.display_name, 'TypeScript (basel-lab)');
  assert.equal(spec.interrupt_mode, 'signal');
});

test('without jupyter, install fails with one line saying how to get it', () => {
  const result = runCli(['jupyter', 'install'], { env: { JUPYTER: join(tempDir(), 'no-such-jupyter') } });
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /^basel-lab: `.*no-such-jupyter` was not found on PATH; install it: .*apt-get install jupyter-notebook/,
  );
  assert.equal(result.stderr.trim().split('\n').length, 1);
});

test(
  'jupyter install registers basel-lab, and nbconvert executes notebooks with it',
  { skip: JUPYTER ? false : NO_JUPYTER },
  () => {
    const home = tempDir();
    const env = { ...process.env, JUPYTER_DATA_DIR: join(home, 'data'), JUPYTER_RUNTIME_DIR: join(home, 'runtime') };
    const installed = runCli(['jupyter', 'install'], { env });
    assert.equal(installed.status, 0, installed.stderr);
    assert.equal(installed.stdout, `installed the basel-lab kernel in ${join(home, 'data', 'kernels', 'basel-lab')}\n`);

    const listed = spawnSync('jupyter', ['kernelspec', 'list', '--json'], { env, encoding: 'utf8' });
    const specs = (JSON.parse(listed.stdout) as { kernelspecs: Record<string, { spec: { argv: string[] } }> })
      .kernelspecs;
    assert.deepEqual(specs['basel-lab']?.spec.argv, createKernelJson().argv);

    // The fixture, plus every chapter notebook once they exist.
    const notebooks = [
      join(FIXTURES, 'notebooks', 'passing.ipynb'),
      ...(existsSync(NOTEBOOKS_DIR) ? listNotebooks(NOTEBOOKS_DIR) : []),
    ];
    const out = join(home, 'out');
    for (const notebook of notebooks) {
      const converted = spawnSync(
        'jupyter',
        [
          'nbconvert',
          '--to',
          'notebook',
          '--execute',
          '--ExecutePreprocessor.kernel_name=basel-lab',
          '--ExecutePreprocessor.timeout=600',
          '--output-dir',
          out,
          notebook,
        ],
        {
          env: { ...env, BASEL_PROFILE: 'smoke', BASEL_OUT: join(home, 'no-results') },
          encoding: 'utf8',
          cwd: dirname(notebook),
          timeout: 900_000,
        },
      );
      assert.equal(converted.status, 0, `${basename(notebook)}: ${converted.stderr}`);
    }
    const executed = readNotebook(join(out, 'passing.ipynb'));
    const outputs = executed.cells
      .filter((cell): cell is CodeCell => cell.cell_type === 'code')
      .map((cell) => cell.outputs);
    assert.deepEqual(outputs[0], [{ output_type: 'stream', name: 'stdout', text: ['x = 42\n'] }]);
    assert.deepEqual(processesMentioning(join(home, 'runtime')), [], 'nbconvert shut the kernel down');
  },
);

test('jupyter start picks the installed front end', { skip: JUPYTER ? false : NO_JUPYTER }, () => {
  const lab = spawnSync('jupyter', ['lab', '--version'], { encoding: 'utf8' }).status === 0;
  assert.equal(findJupyterApp(), lab ? 'lab' : 'notebook');
});

test('jupyter start passes --allow-root when run as root, and only then', () => {
  assert.deepEqual(jupyterArgs(['--no-browser'], 0), ['--no-browser', '--allow-root']);
  assert.deepEqual(jupyterArgs(['--allow-root'], 0), ['--allow-root']);
  assert.deepEqual(jupyterArgs(['--no-browser'], 1000), ['--no-browser']);
  assert.deepEqual(jupyterArgs([], undefined), []);
});
