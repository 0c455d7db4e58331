// Shaping results for charts: which points are plotted, notes for the rest, labels, the crossover N.
import type { MeasuredPoint, Point, PointParams } from '../../results/schema.js';
import { formatN } from '../../util/format.js';

/** A Vega-Lite v5 specification as a plain JSON object. */
export type VegaLiteSpec = { $schema: string } & Record<string, unknown>;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The MIME type of a Vega-Lite v5 spec in a notebook output (JupyterLab 4 renders Vega-Lite up to v5). */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/** One chart: its spec, plus a note for every point it does not plot (skipped or failed), so none vanish silently. */
export interface ChartDefinition {
  /** Stable identifier, usable as an HTML id and file name. */
  id: string;
  title: string;
  spec: VegaLiteSpec;
  notes: string[];
}

/** A named cache level and its size in bytes (e.g. from the machine record). */
export interface CacheLevel {
  name: string;
  bytes: number;
}

/** The series a point belongs to: its variant plus the options that distinguish it ("chunked chunk=4096", "workers W=4"). */
export function seriesLabel(params: PointParams): string {
  const parts = [params.variant];
  if (params.inner !== undefined) parts.push(`inner=${params.inner}`);
  if (params.chunk !== undefined) parts.push(`chunk=${formatN(params.chunk)}`);
  if (params.workers !== undefined) parts.push(`W=${params.workers}`);
  return parts.join(' ');
}

const OPTION_KEYS = ['inner', 'chunk', 'workers'] as const;

/**
 * Series labels for a set of points: the variant, plus only the options that vary among that variant's
 * points ("workers W=4" when W varies; just "chunked" when every chunked point used the same chunk size).
 * Returns a function from a point's params to its label.
 */
export function seriesLabeller(points: readonly { params: PointParams }[]): (params: PointParams) => string {
  const varying = new Map<string, Set<string>>();
  for (const key of OPTION_KEYS) {
    for (const variant of new Set(points.map((p) => p.params.variant))) {
      const values = new Set(points.filter((p) => p.params.variant === variant).map((p) => String(p.params[key])));
      if (values.size > 1) varying.set(variant, new Set([...(varying.get(variant) ?? []), key]));
    }
  }
  return (params) => {
    const keys = varying.get(params.variant) ?? new Set<string>();
    const shown: PointParams = { variant: params.variant, n: params.n };
    for (const key of OPTION_KEYS)
      if (keys.has(key) && params[key] !== undefined) Object.assign(shown, { [key]: params[key] });
    return seriesLabel(shown);
  };
}

/** A point's full name in notes: "chunked chunk=4096 at N=1e9". */
export function pointName(params: PointParams): string {
  return `${seriesLabel(params)} at N=${formatN(params.n)}`;
}

/** "arrays at N=1e10: not measured: …"; undefined for a measured point. */
export function noteFor(point: Point): string | undefined {
  const where = pointName(point.params);
  if (point.status === 'skipped') return `${where}: not measured: ${point.reason}`;
  if (point.status === 'failed') return `${where}: not measured: run failed: ${point.error}`;
  return undefined;
}

/** The measured points that pass `include`, and a note for each included point that was not measured. */
export function selectPoints(
  points: readonly Point[],
  include: (point: Point) => boolean,
): { ok: MeasuredPoint[]; notes: string[] } {
  const ok: MeasuredPoint[] = [];
  const notes: string[] = [];
  for (const point of points) {
    if (!include(point)) continue;
    if (point.status === 'ok') ok.push(point);
    else notes.push(noteFor(point) ?? '');
  }
  return { ok, notes };
}

/** A Vega expression labelling a log axis of counts at powers of ten only, as 1e6, 1e7, … (minor ticks unlabelled). */
export const POWER_OF_TEN_LABEL =
  "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-9 ? replace(format(datum.value, '.0e'), '+', '') : ''";

/** A Vega expression labelling a power-of-two axis of counts (chunk sizes): 512, 1k, 64k, 1M, 16M (k = 1024). */
export const BINARY_COUNT_LABEL =
  "datum.value >= 1048576 ? format(datum.value / 1048576, '~g') + 'M' : datum.value >= 1024 ? format(datum.value / 1024, '~g') + 'k' : format(datum.value, '~g')";

/** A Vega expression labelling an axis of bytes in B / KiB / MiB / GiB. */
export const BYTES_LABEL =
  "datum.value >= 1073741824 ? format(datum.value / 1073741824, '~g') + ' GiB' : datum.value >= 1048576 ? format(datum.value / 1048576, '~g') + ' MiB' : datum.value >= 1024 ? format(datum.value / 1024, '~g') + ' KiB' : datum.value + ' B'";
