// Self-contained CSS for KaTeX (fonts inlined as data: URLs) and highlight.js (light and dark themes).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const KATEX_DIST = dirname(require.resolve('katex'));
const HLJS_STYLES = join(dirname(require.resolve('highlight.js/package.json')), 'styles');
/** highlight.js themes, chosen for contrast on the page's light and dark backgrounds. */
const HLJS_LIGHT_THEME = 'github.min.css';
const HLJS_DARK_THEME = 'github-dark.min.css';

let katexCssCache: string | undefined;

/**
 * KaTeX's stylesheet with every `@font-face` `src` reduced to its woff2 font as a `data:` URL, so the
 * page needs no font files. (Every browser that renders the page reads woff2; the woff/ttf fallbacks
 * would triple the size.) Throws if a font is missing or a `url(…)` other than a data: URL remains.
 */
export function katexCss(): string {
  if (katexCssCache !== undefined) return katexCssCache;
  const css = readFileSync(join(KATEX_DIST, 'katex.min.css'), 'utf8');
  const inlined = css.replace(/src:([^;}]*)/g, (_declaration, sources: string) => {
    const woff2 = /url\((fonts\/[\w-]+\.woff2)\)/.exec(sources)?.[1];
    if (woff2 === undefined) throw new Error(`katexCss: no woff2 font in @font-face src: ${sources.slice(0, 80)}`);
    const data = readFileSync(join(KATEX_DIST, woff2)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  const external = /url\((?!data:)[^)]*\)/.exec(inlined);
  if (external) throw new Error(`katexCss: external reference left in KaTeX CSS: ${external[0]}`);
  katexCssCache = inlined;
  return inlined;
}

/** The highlight.js light theme and dark theme, each applied under its `prefers-color-scheme`. */
export function highlightCss(): string {
  const light = readFileSync(join(HLJS_STYLES, HLJS_LIGHT_THEME), 'utf8');
  const dark = readFileSync(join(HLJS_STYLES, HLJS_DARK_THEME), 'utf8');
  return `@media (prefers-color-scheme: light) {\n${light}\n}\n@media (prefers-color-scheme: dark) {\n${dark}\n}\n`;
}
