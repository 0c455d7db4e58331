// The committed chapter notebooks: in order, without outputs, on the basel-lab kernel, importing only the built package.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { listNotebooks } from '../src/jupyter/runner.js';
import { NOTEBOOKS_DIR } from '../src/util/paths.js';
import { CHAPTERS } from '../src/chapters/manifest.js';

// The package by name: resolved by the build's self-link node_modules/basel-lab (scripts/postbuild.ts).
const PACKAGE_IMPORT = 'import * as lab from "basel-lab";';

interface RawCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: unknown;
}
interface RawNotebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: Record<string, string> };
  cells: RawCell[];
}

const paths = listNotebooks(NOTEBOOKS_DIR);
const sourceOf = (cell: RawCell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);

test('notebooks/ holds exactly the declared chapters, in order', () => {
  assert.deepEqual(
    paths.map((path) => basename(path, '.ipynb')),
    CHAPTERS.map((chapter) => chapter.name),
  );
});

for (const path of paths) {
  test(`${basename(path)} is committed clean: no outputs, basel-lab kernel, cell ids, package imports only`, () => {
    const notebook = JSON.parse(readFileSync(path, 'utf8')) as RawNotebook;
    assert.deepEqual([notebook.nbformat, notebook.nbformat_minor], [4, 5]);
    assert.deepEqual(notebook.metadata.kernelspec, {
      display_name: 'TypeScript (basel-lab)',
      language: 'typescript',
      name: 'basel-lab',
    });
    const ids = notebook.cells.map((cell) => cell.id);
    assert.ok(ids.every((id) => typeof id === 'string' && /^[a-zA-Z0-9_-]{1,64}$/.test(id)));
    assert.equal(new Set(ids).size, ids.length, 'cell ids are unique');
    const code = notebook.cells.filter((cell) => cell.cell_type === 'code');
    for (const cell of code) {
      assert.deepEqual(cell.outputs, [], `${cell.id}: no outputs`);
      assert.equal(cell.execution_count, null, `${cell.id}: execution_count null`);
      const source = sourceOf(cell);
      assert.doesNotMatch(source, /\.\.\/src\//, `${cell.id}: imports the built package, not src/`);
      // A loop inside a function (a variant's sumRange) is fine; one at the cell's top level is not.
      assert.doesNotMatch(source, /^(for|while)\b/m, `${cell.id}: no loop at a cell's top level`);
      for (const match of source.matchAll(/\bimport\b[^;]*?from\s+["']([^"']+)["']/g))
        assert.equal(match[1], 'basel-lab', `${cell.id}: imports only the package`);
    }
    assert.equal(sourceOf(code[0]!), PACKAGE_IMPORT, 'the first code cell imports the package');
    assert.equal(code.filter((cell) => sourceOf(cell).includes('import ')).length, 1, 'one import cell');
    assert.equal(notebook.cells[0]?.cell_type, 'markdown');
  });
}
