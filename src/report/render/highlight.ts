// Syntax highlighting with highlight.js, limited to the languages the report shows.
import hljs from 'highlight.js/lib/core';
import armasm from 'highlight.js/lib/languages/armasm';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import typescript from 'highlight.js/lib/languages/typescript';
import { html, unsafe, type Html } from './html.js';

/** The registered languages, by name; each also answers to highlight.js's own aliases (ts, js, sh, py, rs, …). */
const LANGUAGES = { typescript, javascript, python, json, bash, c, rust, armasm, plaintext } as const;
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

/** The canonical name of a registered language for a fence's info string ("ts {.x}" → "typescript"), or undefined. */
export function resolveLanguage(info: string): string | undefined {
  const word = info.trim().split(/\s+/)[0] ?? '';
  const wanted = word === '' ? undefined : hljs.getLanguage(word);
  if (wanted === undefined) return undefined;
  return Object.keys(LANGUAGES).find((name) => hljs.getLanguage(name) === wanted);
}

/**
 * `<pre><code class="hljs language-x">` with highlight.js spans; highlight.js escapes the code text.
 * An unknown language renders as escaped plain text.
 */
export function highlightCode(code: string, info: string): Html {
  const language = resolveLanguage(info) ?? 'plaintext';
  const highlighted = hljs.highlight(code, { language, ignoreIllegals: true }).value;
  // highlight.js output is trusted: it escapes the source text and only adds <span class="hljs-…">.
  return html`<pre><code class="hljs language-${language}">${unsafe(highlighted)}</code></pre>\n`;
}
