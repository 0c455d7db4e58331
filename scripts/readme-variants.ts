// The README's table of variants, generated from the registry so it cannot drift from the code:
//   node dist/scripts/readme-variants.js          print the table
//   node dist/scripts/readme-variants.js --write  put it into README.md between its markers
// A test checks that README.md holds exactly what this generates.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VARIANTS } from '../src/kernels/registry.js';
import { PACKAGE_ROOT } from '../src/util/paths.js';

export const README_PATH = join(PACKAGE_ROOT, 'README.md');
export const BEGIN_MARKER = '<!-- variants: generated from src/kernels/registry.ts by scripts/readme-variants.ts -->';
export const END_MARKER = '<!-- /variants -->';

const cell = (text: string): string => text.replaceAll('|', '\\|');

/** One Markdown row per registered variant, in registry order: name, what it does, options, the study's function. */
export function variantTableMarkdown(): string {
  const rows = VARIANTS.map((v) => {
    const options = v.options.length === 0 ? '—' : v.options.map((o) => `\`${o}\``).join(', ');
    const roles = v.roles.baseline === true ? ' (the baseline)' : '';
    return `| \`${v.name}\`${roles} | ${cell(v.description)} | ${options} | ${v.mirrors === null ? '—' : `\`${v.mirrors}\``} |`;
  });
  return ['| name | what it does | options | study function |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README's text between the markers, or undefined when a marker is missing. */
export function readmeVariantTable(readme: string): string | undefined {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) return undefined;
  return readme.slice(begin + BEGIN_MARKER.length, end).trim();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const table = variantTableMarkdown();
  if (process.argv.includes('--write')) {
    const readme = readFileSync(README_PATH, 'utf8');
    const begin = readme.indexOf(BEGIN_MARKER);
    const end = readme.indexOf(END_MARKER);
    if (begin < 0 || end < begin) throw new Error(`README.md needs the markers ${BEGIN_MARKER} and ${END_MARKER}`);
    writeFileSync(README_PATH, `${readme.slice(0, begin + BEGIN_MARKER.length)}\n${table}\n${readme.slice(end)}`);
  } else process.stdout.write(`${table}\n`);
}
