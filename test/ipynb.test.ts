import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../src/util/errors.js';
import {
  ensureCellIds,
  joinText,
  parseNotebook,
  readNotebook,
  splitLines,
  stripOutputs,
  writeNotebook,
  type Notebook,
} from '../src/jupyter/ipynb.js';
import { FIXTURES, tempDir } from './helpers.js';

const VALID: Notebook = {
  cells: [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Title\n', 'text'] },
    {
      cell_type: 'code',
      id: 'code-1',
      metadata: {},
      source: 'console.log(1)\n',
      execution_count: 4,
      outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }],
    },
  ],
  metadata: { kernelspec: { name: 'basel-lab', display_name: 'TypeScript (basel-lab)' } },
  nbformat: 4,
  nbformat_minor: 5,
};

test('a valid notebook round-trips through write and read', () => {
  const dir = tempDir();
  const path = join(dir, 'sub', 'nb.ipynb');
  writeNotebook(path, VALID);
  assert.deepEqual(readNotebook(path), VALID);
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['nb.ipynb'], 'no temporary file is left behind');
  assert.ok(readFileSync(path, 'utf8').endsWith('}\n'));
});

const MALFORMED: [string, string, RegExp][] = [
  ['not JSON', '{"cells": [', /not JSON/],
  ['an array', '[]', /top level is not an object/],
  ['nbformat 3', JSON.stringify({ ...VALID, nbformat: 3 }), /nbformat must be 4 \(got 3\)/],
  ['no cells', JSON.stringify({ ...VALID, cells: undefined }), /cells is not a list/],
  [
    'bad cell type',
    JSON.stringify({ ...VALID, cells: [{ cell_type: 'python', source: '' }] }),
    /cell 1 has cell_type "python"/,
  ],
  [
    'source not text',
    JSON.stringify({ ...VALID, cells: [{ cell_type: 'code', source: 3 }] }),
    /cell 1 has a source that is not text/,
  ],
  [
    'bad id',
    JSON.stringify({ ...VALID, cells: [{ cell_type: 'raw', id: 'has space', source: '' }] }),
    /cell 1 has an invalid id/,
  ],
  [
    'outputs not a list',
    JSON.stringify({ ...VALID, cells: [{ cell_type: 'code', source: '', outputs: {} }] }),
    /outputs that are not a list/,
  ],
];

for (const [what, text, message] of MALFORMED) {
  test(`a notebook with ${what} is rejected with a UserError naming the file`, () => {
    assert.throws(
      () => parseNotebook(text, 'broken.ipynb'),
      (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /^broken\.ipynb is not a valid notebook: /);
        assert.match(error.message, message);
        return true;
      },
    );
  });
}

test('reading a missing file is a UserError naming it', () => {
  assert.throws(() => readNotebook('/nonexistent/x.ipynb'), /cannot read notebook \/nonexistent\/x\.ipynb/);
});

test('older 4.x notebooks get unique cell ids and become 4.5; defaults are filled in', () => {
  const old = {
    cells: [
      { cell_type: 'code', source: 'a' },
      { cell_type: 'markdown', source: 'b' },
      { cell_type: 'code', id: 'kept', source: '' },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 2,
  };
  const notebook = parseNotebook(JSON.stringify(old), 'old.ipynb');
  assert.equal(notebook.nbformat_minor, 5);
  const ids = notebook.cells.map((cell) => cell.id);
  assert.equal(new Set(ids).size, 3);
  assert.equal(ids[2], 'kept');
  for (const id of ids) assert.match(id, /^[a-zA-Z0-9-_]{1,64}$/);
  const first = notebook.cells[0]!;
  assert.ok(first.cell_type === 'code');
  assert.deepEqual(first.outputs, []);
  assert.equal(first.execution_count, null);
  assert.deepEqual(
    ensureCellIds(notebook).cells.map((cell) => cell.id),
    ids,
    'ids are stable once set',
  );
});

test('stripOutputs clears outputs and counts without touching the original', () => {
  const stripped = stripOutputs(VALID);
  const code = stripped.cells[1]!;
  assert.ok(code.cell_type === 'code');
  assert.deepEqual(code.outputs, []);
  assert.equal(code.execution_count, null);
  const original = VALID.cells[1]!;
  assert.ok(original.cell_type === 'code' && original.outputs.length === 1 && original.execution_count === 4);
});

test('splitLines and joinText are inverses', () => {
  for (const text of ['', 'a', 'a\n', 'a\nb', 'a\n\nb\n']) assert.equal(joinText(splitLines(text)), text);
  assert.deepEqual(splitLines('a\nb'), ['a\n', 'b']);
});

test('every fixture notebook is valid and uses the basel-lab kernelspec', () => {
  const dir = join(FIXTURES, 'notebooks');
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.ipynb'))) {
    const notebook = readNotebook(join(dir, name));
    assert.equal(notebook.metadata.kernelspec?.name, 'basel-lab', name);
  }
});

test('a file written over keeps the old content if the new write cannot happen', () => {
  const dir = tempDir();
  const path = join(dir, 'nb.ipynb');
  writeFileSync(path, 'old');
  assert.throws(() => writeNotebook(path, { ...VALID, metadata: { loop: 1n } } as unknown as Notebook));
  assert.equal(readFileSync(path, 'utf8'), 'old');
  assert.deepEqual(readdirSync(dir), ['nb.ipynb']);
});
