// README.md stays true to the code: its variant table is the registry's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { README_PATH, readmeVariantTable, variantTableMarkdown } from '../scripts/readme-variants.js';

test('the README lists exactly the registered variants (regenerate: node dist/scripts/readme-variants.js --write)', () => {
  assert.equal(readmeVariantTable(readFileSync(README_PATH, 'utf8')), variantTableMarkdown());
});
