// An allow-list check of SVG markup before it is inlined in the page: the elements and attributes vega's
// SVG renderer writes, nothing that runs script, links out or loads anything. Used on every SVG read back
// from the chart cache (which anyone with write access to the output folder can edit) and on fresh renders.

/** The elements vega's SVG string renderer produces (marks, groups, clips, gradients, text, hover titles). */
const ALLOWED_ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'rect',
  'line',
  'circle',
  'ellipse',
  'polygon',
  'polyline',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'clipPath',
  'linearGradient',
  'radialGradient',
  'stop',
]);

const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /\s+([A-Za-z_:][\w:.-]*)="([^"<]*)"/g;
const LOADS_OR_RUNS = /@import|expression\s*\(|url\((?!\s*['"]?#)/i;

function attributeProblem(element: string, name: string, value: string): string | null {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) return `<${element}> has an event handler ${name}`;
  if (lower === 'href' || lower.endsWith(':href'))
    return value.startsWith('#') ? null : `<${element}> links to ${JSON.stringify(value.slice(0, 60))}`;
  if (lower.startsWith('xmlns')) return null;
  if (LOADS_OR_RUNS.test(value)) return `<${element} ${name}> would load or run ${JSON.stringify(value.slice(0, 60))}`;
  return null;
}

/**
 * Null when `svg` is one well-formed `<svg>` element built only from ALLOWED_ELEMENTS, with quoted
 * attributes, no event handlers, no links other than `#id`, no URLs, no comments, CDATA or processing
 * instructions; otherwise the first problem, in a few words.
 */
export function svgProblem(svg: string): string | null {
  const text = svg.trim();
  if (!text.startsWith('<svg')) return 'it does not start with <svg';
  const open: string[] = [];
  let position = 0;
  let closedRoot = false;
  while (position < text.length) {
    const next = text.indexOf('<', position);
    if (next < 0) break;
    if (closedRoot && text.slice(position, next).trim() !== '') return 'it has content after </svg>';
    TAG.lastIndex = next;
    const match = TAG.exec(text);
    if (match === null) return `it has markup that is not a plain tag at character ${next}`;
    const [whole, closing, element, attributes, selfClosing] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (closedRoot) return 'it has content after </svg>';
    if (!ALLOWED_ELEMENTS.has(element)) return `it has a <${element}> element`;
    for (const [, name, value] of attributes.matchAll(ATTRIBUTE)) {
      const problem = attributeProblem(element, name as string, value as string);
      if (problem !== null) return problem;
    }
    if (closing === '/') {
      if (open.pop() !== element) return `it closes </${element}> out of order`;
      if (open.length === 0) closedRoot = true;
    } else if (selfClosing !== '/') {
      if (open.length === 0 && element !== 'svg') return 'its root is not <svg>';
      open.push(element);
    }
    position = next + whole.length;
  }
  if (!closedRoot || open.length > 0) return 'it is not a complete <svg> element';
  if (text.slice(position).trim() !== '') return 'it has content after </svg>';
  return null;
}
