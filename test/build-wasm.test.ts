import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { assembleWat, watSources } from '../scripts/build-wasm.js';
import { REPO_ROOT } from './helpers.js';

describe('the WebAssembly build', () => {
  const sources = watSources(join(REPO_ROOT, 'src'));

  it('finds the kernels module among the sources', () => {
    assert.ok(sources.some((path) => path.endsWith(join('kernels', 'wasm', 'basel.wat'))));
  });

  for (const source of sources) {
    const name = relative(join(REPO_ROOT, 'src'), source);
    it(`ships exactly the module the build assembles from ${name}`, async () => {
      const built = readFileSync(join(REPO_ROOT, 'dist', 'src', name.replace(/\.wat$/, '.wasm')));
      assert.deepEqual(Buffer.from(await assembleWat(source, readFileSync(source, 'utf8'))), built);
    });
  }
});
