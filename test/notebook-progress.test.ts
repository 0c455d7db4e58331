import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgressHooks } from '../src/jupyter/progress.js';
import { chooseProgressMode } from '../src/util/progress.js';
import type { NotebookRun } from '../src/jupyter/runner.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const stream = {
    isTTY,
    written: '',
    write(text: string) {
      stream.written += text;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { written: string };
}

const RUN: NotebookRun = {
  name: '01-loops',
  source: 's',
  output: 'o',
  codeCells: 4,
  cellsRun: 2,
  elapsedMs: 1500,
  failure: { kind: 'error', cell: 3, message: 'x' },
};

test('progress is a bar on a TTY, plain lines otherwise, nothing when quiet', () => {
  assert.equal(chooseProgressMode(fakeStream(true), false), 'bar');
  assert.equal(chooseProgressMode(fakeStream(false), false), 'lines');
  assert.equal(chooseProgressMode(fakeStream(true), true), 'none');
  assert.deepEqual(createProgressHooks('none', fakeStream(false)), {});
});

test('plain progress lines name the notebook and its outcome', () => {
  const stream = fakeStream(false);
  const hooks = createProgressHooks('lines', stream);
  hooks.onNotebookStart?.('01-loops', 4);
  hooks.onCellStart?.('01-loops', 0, 4);
  hooks.onNotebookEnd?.(RUN);
  const { failure: _failure, ...passed } = RUN;
  hooks.onNotebookEnd?.({ ...passed, cellsRun: 4 });
  hooks.onNotebookStart?.('01-loops', 4, { index: 0, total: 7, etaMs: null });
  hooks.onNotebookStart?.('02-arrays', 9, { index: 1, total: 7, etaMs: 6 * 4_500 });
  assert.equal(
    stream.written,
    [
      '01-loops.ipynb: running 4 code cells',
      '01-loops.ipynb: FAILED after 2 of 4 cells in 1.5 s',
      '01-loops.ipynb: ok, 4 cells in 1.5 s',
      '01-loops.ipynb: running 4 code cells (1/7)',
      '02-arrays.ipynb: running 9 code cells (2/7, ~27s left, est. from the notebooks so far)',
      '',
    ].join('\n'),
  );
});
