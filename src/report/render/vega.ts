// Vega-Lite spec → self-contained, responsive SVG, rendered in Node by vega (no browser, no client script).
// vega and vega-lite are loaded on first use: both contain top-level await (vega-canvas), and an ESM
// graph with top-level await cannot be require()d, which is how tslab notebooks load this package.
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { describeRefused, refusingLoader } from './no-load.js';
import { svgProblem } from './svg-check.js';

/**
 * Light and dark mode: every non-data colour (text, axes, ticks, grid, legend, titles) is `currentColor`.
 * The SVG is inlined in the page, so `currentColor` resolves to the page's CSS `color`, which follows
 * `prefers-color-scheme`: one rendering reads on both backgrounds, with no second copy of every chart
 * and no CSS variables (which SVG presentation attributes cannot use). The background is transparent.
 * Data colours: Tableau-10 plus three more mid-tones (13 in all, more than any chart has series), chosen
 * to read on white and on near-black; point shapes cycle too, so no two series look alike. Text is at
 * least 12 px at the chart's natural width (the text column's width).
 */
const SERIES_COLOURS = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
  '#17becf',
  '#8c6d31',
  '#393b79',
];
const SERIES_SHAPES = [
  'circle',
  'square',
  'triangle-up',
  'diamond',
  'cross',
  'triangle-down',
  'triangle-right',
  'triangle-left',
  'wedge',
  'arrow',
  'stroke',
  'triangle',
  'circle',
];
const FONT_PX = 12;
export const CHART_CONFIG = {
  background: null,
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  title: { color: 'currentColor', subtitleColor: 'currentColor', fontSize: FONT_PX + 2 },
  axis: {
    labelFontSize: FONT_PX,
    titleFontSize: FONT_PX + 1,
    domainColor: 'currentColor',
    tickColor: 'currentColor',
    labelColor: 'currentColor',
    titleColor: 'currentColor',
    gridColor: 'currentColor',
    gridOpacity: 0.15,
  },
  // Legends below the plot, so on a narrow screen the plot keeps the chart's full width.
  legend: {
    labelColor: 'currentColor',
    titleColor: 'currentColor',
    orient: 'bottom',
    direction: 'vertical',
    columns: 3,
    labelLimit: 260,
    labelFontSize: FONT_PX,
    titleFontSize: FONT_PX,
    symbolSize: 80,
  },
  header: { labelColor: 'currentColor', titleColor: 'currentColor' },
  text: { color: 'currentColor', fontSize: FONT_PX },
  rule: { color: 'currentColor' },
  view: { stroke: null },
  range: { category: SERIES_COLOURS, shape: SERIES_SHAPES },
} as const;

const XMLNS_ATTRIBUTE = /\sxmlns(:\w+)?="[^"]*"/g;

/** Throw unless `svg` loads nothing: no URL other than its XML namespaces, no `href` except `#id`, no fonts, no images. */
export function assertSelfContainedSvg(svg: string, name: string): void {
  const body = svg.replace(XMLNS_ATTRIBUTE, '');
  const problems = [
    /https?:\/\//i.test(body) && 'an http(s) URL',
    /href="(?!#)/i.test(body) && 'an external href',
    /<image\b/i.test(body) && 'an <image>',
    /@font-face|@import|url\((?!#)/i.test(body) && 'a stylesheet reference',
    /<script\b/i.test(body) && 'a <script>',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`chart "${name}": rendered SVG contains ${problems.join(', ')}`);
}

/**
 * Make vega's fixed-size root `<svg width="W" height="H" viewBox="0 0 W H">` responsive: width 100% up to
 * its natural width, height following the viewBox's aspect ratio, so it fits a 375 px phone screen.
 * Only the root element's own attributes are touched.
 */
function makeResponsive(svg: string, name: string): string {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0];
  const width = root && /\swidth="([\d.]+)"/.exec(root)?.[1];
  if (!root || !width || !/\sviewBox="/.test(root))
    throw new Error(`chart "${name}": vega produced an SVG without a sized root and viewBox`);
  const responsiveRoot = root
    .replace(/\swidth="[\d.]+"/, ' width="100%"')
    .replace(/\sheight="[\d.]+"/, '')
    .replace(
      /^<svg\b/,
      `<svg role="img" aria-label="${escapeAttribute(name)}" style="max-width: ${width}px; height: auto"`,
    );
  return responsiveRoot + svg.slice(root.length);
}

/** A drawn data mark of vega's SVG (not a whole line or area) with the description vega gave it. */
const DESCRIBED_MARK = /<(path|rect|line)\b([^>]*?)\saria-label="([^"]*)"([^>]*?)\/>/g;

/**
 * Hovering a point names it, with no script: every described data mark (a point, a bar) gets an SVG
 * `<title>` holding the same text as its `aria-label` (already attribute-escaped by vega, so it is safe as
 * text too). Whole lines and areas are left alone, since their label names only their first point.
 */
export function addHoverTitles(svg: string): string {
  return svg.replace(DESCRIBED_MARK, (mark: string, tag: string, before: string, label: string, after: string) =>
    /aria-roledescription="(line|area) mark"/.test(mark)
      ? mark
      : `<${tag}${before} aria-label="${label}"${after}><title>${label}</title></${tag}>`,
  );
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A vega-lite logger that collects warnings and errors instead of printing them. */
function collectingLogger(messages: string[], warnLevel: number) {
  const record = (...args: unknown[]) => {
    messages.push(args.map(String).join(' '));
    return logger;
  };
  const logger = { level: () => warnLevel, error: record, warn: record, info: () => logger, debug: () => logger };
  return logger;
}

/**
 * Render a Vega-Lite spec to SVG markup. A vega-lite warning (a dropped encoding, an unknown scale type, …)
 * is treated as a failure, since the chart would silently not show what its definition says. `name` identifies the chart in errors: a chart that fails to
 * render fails the build with a message naming it.
 */
export async function renderSvg(vegaLiteSpec: object, name = 'unnamed chart'): Promise<string> {
  const [vega, { compile }, { expressionInterpreter }] = await Promise.all([
    import('vega'),
    import('vega-lite'),
    import('vega-interpreter'),
  ]);
  let view: Vega.View | undefined;
  try {
    const warnings: string[] = [];
    const vegaSpec = compile(vegaLiteSpec as TopLevelSpec, {
      config: CHART_CONFIG as never,
      logger: collectingLogger(warnings, vega.Warn) as never,
    }).spec;
    if (warnings.length > 0) throw new Error(`chart "${name}": vega-lite warned: ${warnings.join('; ')}`);
    // Nothing is loaded: data comes inline or not at all (see no-load.ts). A spec that asks for a URL or
    // a file is refused as a whole rather than drawn without its data.
    const loader = refusingLoader();
    // Expressions in the spec are interpreted from their syntax tree (vega-interpreter), never compiled
    // to JavaScript functions, so a hostile spec cannot reach this process through an expression.
    view = new vega.View(vega.parse(vegaSpec, undefined, { ast: true }), {
      renderer: 'none',
      logLevel: vega.None,
      loader: loader as never,
      expr: expressionInterpreter,
    });
    const drawn = await view.toSVG();
    if (loader.refused.length > 0) throw new Error(`chart "${name}": ${describeRefused(loader.refused)}`);
    const svg = addHoverTitles(makeResponsive(drawn, name));
    assertSelfContainedSvg(svg, name);
    const problem = svgProblem(svg);
    if (problem !== null) throw new Error(`chart "${name}": rendered SVG is not safe to inline: ${problem}`);
    return svg;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith(`chart "${name}"`)) throw error;
    throw new Error(`chart "${name}" failed to render: ${message}`, { cause: error });
  } finally {
    view?.finalize();
  }
}
