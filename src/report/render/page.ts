// The page shell: one self-contained HTML document (inline CSS and fonts, no script) with a table of contents.
import { readFileSync } from 'node:fs';
import { highlightCss, katexCss } from './assets.js';
import { html, unsafe, type Html } from './html.js';

/** A section of the page: `html` is finished markup (built with the `html` tag). */
export interface PageSection {
  id: string;
  title: string;
  html: Html;
}

export interface PageOptions {
  title: string;
  /** Markup shown under the title, before the table of contents. */
  intro?: Html;
  sections: readonly PageSection[];
  /** Markup for the footer (build time, versions, data links). */
  footer?: Html;
}

/**
 * The page may load nothing and run nothing: styles and images are inline (data: URLs), fonts are
 * data: URLs, scripts are off. Browsers enforce this even from file://, so a stray reference fails loudly.
 * The same rule holds while the page is built: the render loads nothing either (vega gets a loader that
 * refuses every URL and file, see no-load.ts; cached and fresh SVGs pass the allow-list in svg-check.ts).
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'";
const SECTION_ID = /^[A-Za-z][\w-]*$/;

let styleCache: string | undefined;

/** All of the page's CSS: its own stylesheet, KaTeX's (fonts inlined) and highlight.js's light and dark themes. */
export function pageCss(): string {
  if (styleCache !== undefined) return styleCache;
  const own = readFileSync(new URL('./style.css', import.meta.url), 'utf8');
  const css = [own, katexCss(), highlightCss()].join('\n');
  if (/<\/style/i.test(css)) throw new Error('pageCss: the stylesheet contains "</style"');
  styleCache = css;
  return css;
}

function checkSectionIds(sections: readonly PageSection[]): void {
  const seen = new Set<string>();
  for (const { id } of sections) {
    if (!SECTION_ID.test(id))
      throw new Error(
        `renderPage: section id ${JSON.stringify(id)} must start with a letter and use only letters, digits, "-" and "_"`,
      );
    if (seen.has(id)) throw new Error(`renderPage: section id ${JSON.stringify(id)} is used twice`);
    seen.add(id);
  }
}

/** The whole HTML document: header, table of contents linking every section, the sections, footer. */
export function renderPage(options: PageOptions): string {
  checkSectionIds(options.sections);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title}</title>
<style>
${unsafe(pageCss())}
</style>
</head>
<body>
<div class="page">
<header>
<h1>${options.title}</h1>
${options.intro ?? null}
</header>
<nav class="toc" aria-label="Contents">
<h2>Contents</h2>
<ul>
${options.sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>\n`)}</ul>
</nav>
<main>
${options.sections.map(
  (s) => html`<section id="${s.id}" aria-labelledby="${s.id}-title">
<h2 id="${s.id}-title">${s.title}</h2>
${s.html}
</section>
`,
)}</main>
${options.footer === undefined ? null : html`<footer>\n${options.footer}\n</footer>`}
</div>
</body>
</html>
`.markup;
}
