// A `--variants` list that may name module files (./mine.mjs) beside built-in variants: the files are
// imported (their default export must be a lab.variant) and stand in the list by their variant's name.
import { VARIANT_NAMES } from '../kernels/registry.js';
import { isVariantPath, loadVariantModule } from '../kernels/user-variant.js';
import { parseNameList } from './parse.js';

/** The names in `text`, each a built-in variant or a module file loaded here; ArgumentError naming a bad one. */
export async function parseVariantList(option: string, text: string): Promise<string[]> {
  const entries = text.split(',').map((entry) => entry.trim());
  const loaded: string[] = [];
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.length > 0 && isVariantPath(entry)) {
      const variant = await loadVariantModule(entry);
      loaded.push(variant.name);
      names.push(variant.name);
    } else names.push(entry);
  }
  return parseNameList(option, names.join(','), [...VARIANT_NAMES, ...loaded]);
}
