import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { assembleWat, watSources } from '../scripts/build-wasm.js';
import { REPO_ROOT } from './helpers.js';

describe('the WebAssembly build', () => {
  const sources = watSources(join(REPO_ROOT, 'src'));

  it('finds the source of every module a kernel instantiates', () => {
    const kernels = join(REPO_ROOT, 'src', 'kernels');
    const names = readdirSync(kernels)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [
        ...readFileSync(join(kernels, file), 'utf8').matchAll(/(?:instantiateWasm|wasmSumRange)\('([\w-]+)'/g),
      ])
      .map((match) => match[1] ?? '');
    assert.ok(names.length >= 3, names.join(', '));
    for (const name of names)
      assert.ok(sources.includes(join(kernels, 'wasm', `${name}.wat`)), `${name}.wat among ${sources.join(', ')}`);
  });

  for (const source of sources) {
    const name = relative(join(REPO_ROOT, 'src'), source);
    it(`ships exactly the module the build assembles from ${name}`, async () => {
      const built = readFileSync(join(REPO_ROOT, 'dist', 'src', name.replace(/\.wat$/, '.wasm')));
      assert.deepEqual(Buffer.from(await assembleWat(source, readFileSync(source, 'utf8'))), built);
    });
  }
});
