// An `html` tagged template that escapes every interpolation unless it is explicitly marked `unsafe()`.

/** Markup that is already safe to insert as-is: the result of `html`…`` or of `unsafe()`. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for an HTML text node or a quoted attribute value (both quote kinds are escaped). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Mark trusted markup (e.g. KaTeX or highlight.js output, an SVG rendered by vega) to be inserted unescaped. */
export function unsafe(trustedMarkup: string): Html {
  return new Html(trustedMarkup);
}

function renderValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  return escapeHtml(String(value));
}

/** True when `markup` ends inside a start tag right after `name=` with no opening quote. */
function endsInUnquotedAttribute(markup: string): boolean {
  return markup.lastIndexOf('<') > markup.lastIndexOf('>') && /=\s*$/.test(markup);
}

/**
 * Build markup: every interpolation is escaped (text and quoted-attribute contexts), `Html` values
 * (nested `html` results, `unsafe()`) pass through, arrays are joined, null/undefined render as ''.
 * An interpolation in an unquoted attribute value throws: quoting is what makes escaping sufficient.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    if (endsInUnquotedAttribute(markup)) {
      throw new Error(
        `html: interpolation ${i} is an unquoted attribute value; quote it: ${JSON.stringify(markup.slice(-40))}`,
      );
    }
    markup += renderValue(value) + (strings[i + 1] ?? '');
  });
  return new Html(markup);
}

/**
 * JSON text safe to place inside `<script type="application/json">`: `<` is escaped so no `</script>`
 * or `<!--` can appear, and U+2028/U+2029 are escaped for old JavaScript parsers. Insert it with `unsafe()`.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error('jsonForScript: value has no JSON representation');
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
