// Vega-Lite spec → self-contained, responsive SVG, rendered in Node by vega (no browser, no client script).
// vega and vega-lite are loaded on first use: both contain top-level await (vega-canvas), and an ESM
// graph with top-level await cannot be require()d, which is how tslab notebooks load this package.
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Light and dark mode: every non-data colour (text, axes, ticks, grid, legend, titles) is `currentColor`.
 * The SVG is inlined in the page, so `currentColor` resolves to the page's CSS `color`, which follows
 * `prefers-color-scheme`: one rendering reads on both backgrounds, with no second copy of every chart
 * and no CSS variables (which SVG presentation attributes cannot use). The background is transparent.
 * Data colours use the Tableau-10 palette, mid-tone colours chosen to read on white and on near-black.
 */
export const CHART_CONFIG = {
  background: null,
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  title: { color: 'currentColor', subtitleColor: 'currentColor' },
  axis: {
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
    columns: 2,
    labelLimit: 240,
  },
  header: { labelColor: 'currentColor', titleColor: 'currentColor' },
  text: { color: 'currentColor' },
  rule: { color: 'currentColor' },
  view: { stroke: null },
  range: { category: { scheme: 'tableau10' } },
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
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  let view: Vega.View | undefined;
  try {
    const warnings: string[] = [];
    const vegaSpec = compile(vegaLiteSpec as TopLevelSpec, {
      config: CHART_CONFIG as never,
      logger: collectingLogger(warnings, vega.Warn) as never,
    }).spec;
    if (warnings.length > 0) throw new Error(`chart "${name}": vega-lite warned: ${warnings.join('; ')}`);
    view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logLevel: vega.Error });
    const svg = makeResponsive(await view.toSVG(), name);
    assertSelfContainedSvg(svg, name);
    return svg;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith(`chart "${name}"`)) throw error;
    throw new Error(`chart "${name}" failed to render: ${message}`, { cause: error });
  } finally {
    view?.finalize();
  }
}
