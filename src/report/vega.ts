// Vega-Lite → SVG in Node, headless (vega's "none" renderer; no browser, no canvas).
import * as vega from 'vega';
import * as vl from 'vega-lite';

/** Compile a Vega-Lite spec and render it to an SVG document string. */
export async function renderSvg(vegaLiteSpec: object): Promise<string> {
  const compiled = vl.compile(vegaLiteSpec as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
