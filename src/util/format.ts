// The one place numbers become text: times, sizes, term counts, ratios and durations, for tables, charts,
// progress lines and messages alike, so the same fact reads the same everywhere.

/** Significant digits of every time, ratio and rate shown to people. */
export const SIGNIFICANT_DIGITS = 3;

/** `value` rounded to `digits` significant digits, as a number (12.345678 → 12.3). 0 and non-finite values pass through. */
export function round(value: number, digits = SIGNIFICANT_DIGITS): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}

/** Below this magnitude a number is written in exponent form (1.3e-16), which reads better than a row of zeros. */
const SMALLEST_PLAIN = 1e-4;

/**
 * A number to `digits` significant digits with thousands separators: 68280.4 → "68,300", 0.012345 →
 * "0.0123"; tiny magnitudes in exponent form, 1.27e-16 → "1.27e-16".
 */
export function formatNumber(value: number, digits = SIGNIFICANT_DIGITS): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < SMALLEST_PLAIN) return String(round(value, digits)).replace('e+', 'e');
  return round(value, digits).toLocaleString('en-US', { maximumSignificantDigits: digits });
}

/** A figure with every digit it was given, with thousands separators (a quoted figure: 59250 → "59,250", 44.27 → "44.27"). */
export function formatExact(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/** Milliseconds with their unit: "0.0123 ms", "68,300 ms". */
export function formatMs(ms: number): string {
  return `${formatNumber(ms)} ms`;
}

/** Milliseconds in the unit a person would pick: "850 µs", "300 ms", "1.5 s", "68.3 s". */
export function formatTime(ms: number): string {
  if (ms >= 1000) return `${formatNumber(ms / 1000)} s`;
  if (ms < 1 && ms > 0) return `${formatNumber(ms * 1000)} µs`;
  return `${formatNumber(ms)} ms`;
}

/** Nanoseconds per term of the sum: ms · 10⁶ / N. */
export function nsPerTerm(ms: number, n: number): number {
  return (ms * 1e6) / n;
}

/** A ratio: 1.0834 → "1.08×". */
export function formatRatio(ratio: number): string {
  return `${formatNumber(ratio)}×`;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in binary units with up to two decimals (cache and working-set sizes): 49152 → "48 KiB", 1310720 → "1.25 MiB"; null → "unknown". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(2))} ${BINARY_UNITS[unit]}`;
}

const DECIMAL_UNITS = [
  [1e12, 'TB'],
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'kB'],
] as const;

/** Bytes in decimal units with at most one decimal (memory to allocate, as free and df print it): 320 GB, 23.4 GB, 480 kB. */
export function formatDecimalBytes(bytes: number): string {
  for (const [size, unit] of DECIMAL_UNITS) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} B`;
}

/**
 * A term count N, exactly: from 1e5 up, powers of ten with at most one decimal in exponent form (1e8,
 * 2.5e5, 1.3e9); anything else as plain digits (4096, 20000, 1234567). The text always reads back as the
 * same integer.
 */
export function formatN(n: number): string {
  if (Number.isInteger(n) && n >= 1e5) {
    const exponent = Math.floor(Math.log10(n));
    const mantissa = Number((n / 10 ** exponent).toFixed(1));
    const text = `${mantissa}e${exponent}`;
    if (Number(text) === n) return text;
  }
  return String(n);
}

/** An approximate count to `digits` significant digits: 7234 → "7200", 1.3e9 → "1.3e9", 66012 → "6.6e4". */
export function formatApproxN(n: number, digits = 2): string {
  const rounded = round(n, digits);
  return rounded < 1e4 ? String(rounded) : rounded.toExponential().replace('e+', 'e');
}

/** Milliseconds as a short duration: 45s, 3m05s, 1h02m. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** formatDuration for anything from a call to a typo's weeks: in ms below a second, in days from two days. */
export function formatLongDuration(ms: number): string {
  const DAY_MS = 86_400_000;
  if (ms >= 2 * DAY_MS) return `${formatNumber(ms / DAY_MS)} days`;
  return ms < 1000 ? formatMs(ms) : formatDuration(ms);
}
