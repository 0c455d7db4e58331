// Rendered chart SVGs cached on disk by content: a re-render of unchanged charts skips vega entirely.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../util/paths.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { svgProblem } from './svg-check.js';
import { renderSvg } from './vega.js';

/** Renders a Vega-Lite spec to SVG; `name` identifies the chart in errors. */
export type SvgRenderer = (spec: object, name: string) => Promise<string>;

/** The packages whose versions change what a spec renders to. */
const RENDERING_PACKAGES = ['vega', 'vega-lite'] as const;

/** Everything besides the spec and name that decides the SVG: the renderer's own code (with its chart config) and the libraries' versions. */
function rendererFingerprint(): string {
  const hash = createHash('sha256').update(readFileSync(new URL('./vega.js', import.meta.url)));
  for (const name of RENDERING_PACKAGES)
    hash.update(readFileSync(join(PACKAGE_ROOT, 'node_modules', name, 'package.json')));
  return hash.digest('hex');
}

/** The cached text at `path`, or undefined when there is none or it cannot be read (then it is re-rendered). */
function readCached(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * renderSvg with a cache in `cacheDir`: the file name is a hash of the renderer's fingerprint, the
 * chart's name and its spec, so an entry is only ever reused for identical input, and only if its
 * content passes svgProblem. Only successful renders are stored (a failing chart fails every time);
 * writes are atomic.
 */
export function cachedSvgRenderer(cacheDir: string, render: SvgRenderer = renderSvg): SvgRenderer {
  const fingerprint = rendererFingerprint();
  return async (spec, name) => {
    const key = createHash('sha256')
      .update(fingerprint)
      .update('\0')
      .update(name)
      .update('\0')
      .update(JSON.stringify(spec))
      .digest('hex');
    const path = join(cacheDir, `${key}.svg`);
    // The cache is outside our control (anyone who can write the output folder can edit it): an entry
    // is used only if it passes the same allow-list check as a fresh render; otherwise it is re-rendered.
    const cached = readCached(path);
    if (cached !== undefined && svgProblem(cached) === null) return cached;
    const svg = await render(spec, name);
    const problem = svgProblem(svg);
    if (problem !== null) throw new Error(`chart "${name}": rendered SVG is not safe to inline: ${problem}`);
    writeFileAtomic(path, svg);
    return svg;
  };
}
