// The one markdown-it factory: raw HTML off, KaTeX math rendered at build time, highlighted code fences.
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import { highlightCode } from './highlight.js';
import { html, unsafe } from './html.js';

const DOLLAR = 0x24;
const INLINE_IMAGE = /^data:image\/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=]+$/;
const BACKSLASH = 0x5c;

/** KaTeX to HTML (plus MathML for screen readers); a TeX error renders as a red, escaped source span. */
export function renderMath(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, {
    displayMode,
    throwOnError: false,
    output: 'htmlAndMathml',
    trust: false,
    strict: 'ignore',
  });
}

/** Position of the next unescaped `$` (or `$$`) at or after `from`, before `max`; -1 if none. */
function findClosing(src: string, from: number, max: number, delimiter: string): number {
  for (let pos = from; pos < max; pos++) {
    const code = src.charCodeAt(pos);
    if (code === BACKSLASH) {
      pos++;
      continue;
    }
    if (src.startsWith(delimiter, pos)) return pos;
  }
  return -1;
}

/**
 * Inline math: `$…$` (inline) and `$$…$$` (display, inside a paragraph). Like pandoc, a single `$`
 * opens only when followed by a non-space and closes only when preceded by a non-space and not followed
 * by a digit, so "costs $5 and $6" stays text.
 */
function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos: start, posMax: max } = state;
  if (src.charCodeAt(start) !== DOLLAR) return false;
  const display = src.charCodeAt(start + 1) === DOLLAR;
  const delimiter = display ? '$$' : '$';
  const contentStart = start + delimiter.length;
  const first = src[contentStart];
  if (first === undefined || (!display && /\s/.test(first))) return false;
  const end = findClosing(src, contentStart, max, delimiter);
  if (end <= contentStart) return false;
  if (!display && (/\s/.test(src[end - 1] ?? '') || /\d/.test(src[end + 1] ?? ''))) return false;
  if (!silent) {
    const token = state.push(display ? 'math_inline_display' : 'math_inline', 'math', 0);
    token.markup = delimiter;
    token.content = src.slice(contentStart, end);
  }
  state.pos = end + delimiter.length;
  return true;
}

/** Display math block: a paragraph that starts with `$$` and ends with a line ending in `$$`. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineStart = (line: number) => state.bMarks[line]! + state.tShift[line]!;
  const lineText = (line: number) => state.src.slice(lineStart(line), state.eMarks[line]!);
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const firstLine = lineText(startLine);
  if (!firstLine.startsWith('$$')) return false;
  let content: string;
  let lastLine = startLine;
  const rest = firstLine.slice(2);
  if (rest.trimEnd().endsWith('$$') && rest.trim().length > 2) {
    content = rest.trimEnd().slice(0, -2);
  } else {
    const lines = [rest];
    for (lastLine = startLine + 1; lastLine < endLine; lastLine++) {
      const text = lineText(lastLine);
      if (state.sCount[lastLine]! < state.blkIndent) return false;
      if (text.trimEnd().endsWith('$$')) {
        lines.push(text.trimEnd().slice(0, -2));
        break;
      }
      lines.push(text);
    }
    if (lastLine >= endLine) return false;
    content = lines.join('\n');
  }
  if (content.trim() === '') return false;
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content;
  token.markup = '$$';
  token.map = [startLine, lastLine + 1];
  state.line = lastLine + 1;
  return true;
}

/**
 * The markdown renderer for notebooks and report prose. Raw HTML in the source is escaped (html: false),
 * bare URLs stay text (linkify: false), and markdown-it's validateLink refuses javascript:/vbscript:/file:
 * and non-image data: links. Math is rendered by KaTeX now, so the page needs no script.
 */
export function createMarkdown(options: { headingOffset?: number } = {}): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  const offset = options.headingOffset ?? 0;
  // A notebook shown inside a page section: its "##" subsections sit one level below the section's h2.
  if (offset !== 0) {
    md.core.ruler.push('heading_offset', (state) => {
      for (const token of state.tokens) {
        if (token.type !== 'heading_open' && token.type !== 'heading_close') continue;
        token.tag = `h${Math.min(6, Math.max(1, Number(token.tag.slice(1)) + offset))}`;
      }
    });
  }
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, idx) =>
    html`<span class="math math-inline">${unsafe(renderMath(tokens[idx]!.content, false))}</span>`.markup;
  md.renderer.rules.math_inline_display = (tokens, idx) =>
    html`<span class="math math-display">${unsafe(renderMath(tokens[idx]!.content, true))}</span>`.markup;
  md.renderer.rules.math_block = (tokens, idx) =>
    html`<div class="math math-display">${unsafe(renderMath(tokens[idx]!.content, true))}</div>\n`.markup;
  // Images load nothing: only an inline data: image is shown; any other source (remote, relative,
  // attachment:) becomes a link labelled with the alt text, so the page stays self-contained.
  const defaultImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = token.attrGet('src') ?? '';
    if (INLINE_IMAGE.test(src)) return defaultImage(tokens, idx, options, env, self);
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    return html`<a class="image-link" href="${src}">${alt === '' ? src : alt}</a>`.markup;
  };
  const defaultFence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    // Fences with no language keep markdown-it's own (escaped) rendering.
    if (token.info.trim() === '') return defaultFence(tokens, idx, options, env, self);
    return highlightCode(token.content, token.info).markup;
  };
  return md;
}
