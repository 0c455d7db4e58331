// The render loads nothing: a vega loader that refuses every URL and file, and remembers what was asked.
// Charts carry their data inline (`values`); a spec from a notebook output is untrusted input, so a
// `data.url`, an image mark or a link in it must never make the report read a file or open a connection.

/** The part of vega's loader interface that vega calls (load, sanitize, file, http). */
export interface RefusingLoader {
  options: Record<string, never>;
  fileAccess: false;
  load(uri: unknown, options?: unknown): Promise<never>;
  sanitize(uri: unknown, options?: unknown): Promise<never>;
  file(path: unknown): Promise<never>;
  http(url: unknown, options?: unknown): Promise<never>;
  /** Every URL or path something asked for, in order (empty after a chart that loads nothing). */
  readonly refused: readonly string[];
}

/** The one-line reason a chart that asked to load something is not drawn. */
export function describeRefused(refused: readonly string[]): string {
  const shown = [...new Set(refused)].slice(0, 3).map((uri) => JSON.stringify(uri.slice(0, 120)));
  return `it asks to load ${shown.join(', ')}${refused.length > 3 ? ', …' : ''}; the report loads nothing (charts must carry their data inline as "values")`;
}

/** A fresh loader for one render: every request is refused and recorded; nothing is read or fetched. */
export function refusingLoader(): RefusingLoader {
  const refused: string[] = [];
  const refuse = (uri: unknown): Promise<never> => {
    const text = typeof uri === 'string' ? uri : (JSON.stringify(uri) ?? String(uri));
    refused.push(text);
    return Promise.reject(new Error(`refused to load ${text}: the report loads nothing`));
  };
  return {
    options: {},
    fileAccess: false,
    load: refuse,
    sanitize: refuse,
    file: refuse,
    http: refuse,
    refused,
  };
}
