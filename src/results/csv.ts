// Results as one tidy CSV: a row per point and statistic, RFC 4180 quoting; and a parser to read it back.
import type { ResultsFile, Stats } from './schema.js';

/**
 * The columns, in order. `statistic` names a field of Stats (`medianMs`, `ciLowMs`, `count`, …),
 * `stepMedianMs:<step>` for a step's median, `sum` and `absError` (|sum − exact|); `value` is its
 * number. A skipped or failed point has one row with empty `statistic` and `value`, and its reason or
 * error in `note`. Empty cells mean "not applicable" (e.g. `chunk` for a variant without chunks).
 */
export const CSV_COLUMNS = [
  'machine_id',
  'kind',
  'profile',
  'key',
  'variant',
  'n',
  'chunk',
  'workers',
  'inner',
  'status',
  'statistic',
  'value',
  'note',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type CsvRow = Record<CsvColumn, string>;

const STAT_FIELDS: readonly (keyof Stats)[] = [
  'count',
  'medianMs',
  'minMs',
  'maxMs',
  'meanMs',
  'stdDevMs',
  'iqrMs',
  'madMs',
  'ciLowMs',
  'ciHighMs',
  'outliers',
  'mildOutliers',
  'severeOutliers',
];

const text = (value: number | string | undefined): string => (value === undefined ? '' : String(value));

/** The tidy rows of some results files, in file and point order. Numbers are written with String(), which round-trips exactly. */
export function resultsToRows(files: readonly ResultsFile[]): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const file of files) {
    for (const point of file.points) {
      const { params } = point;
      const base = {
        machine_id: file.machineId,
        kind: file.kind,
        profile: file.profile,
        key: point.key,
        variant: params.variant,
        n: text(params.n),
        chunk: text(params.chunk),
        workers: text(params.workers),
        inner: text(params.inner),
        status: point.status,
      };
      if (point.status !== 'ok') {
        rows.push({ ...base, statistic: '', value: '', note: point.status === 'skipped' ? point.reason : point.error });
        continue;
      }
      const add = (statistic: string, value: number): void =>
        void rows.push({ ...base, statistic, value: text(value), note: '' });
      for (const field of STAT_FIELDS) {
        const value = point.stats[field];
        if (value !== undefined) add(field, value); // absent in files from before outliers were classified
      }
      for (const [step, ms] of Object.entries(point.steps ?? {})) add(`stepMedianMs:${step}`, ms);
      add('sum', point.sum);
      add('absError', point.absError);
    }
  }
  return rows;
}

/** Text a spreadsheet would run as a formula: it starts with = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Quote a cell if it holds a comma, a double quote or a line break (RFC 4180), doubling inner quotes.
 * A text cell that a spreadsheet would take for a formula (a skip reason or error from an untrusted
 * file, say) is prefixed with `'` first, as OWASP advises; numbers such as -1.5e-3 are left as they are.
 */
export function quoteCsvCell(cell: string): string {
  const safe = FORMULA_START.test(cell) && !NUMBER.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Header line plus one line per row, each ending in "\n". */
export function formatCsv(rows: readonly CsvRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => quoteCsvCell(row[column])).join(','));
  return lines.join('\n') + '\n';
}

/**
 * Parse RFC 4180 CSV text (quoted cells may hold commas, doubled quotes and line breaks; lines end in
 * \n or \r\n) into records keyed by the header line. Throws SyntaxError on an unterminated quote or a
 * row whose cell count differs from the header's. O(length).
 */
export function parseCsv(source: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = (): void => {
    record.push(cell);
    cell = '';
  };
  const endRecord = (): void => {
    endCell();
    records.push(record);
    record = [];
  };
  while (i < source.length) {
    const char = source[i] as string;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
      i++;
      continue;
    }
    if (char === '"' && cell === '') quoted = true;
    else if (char === ',') endCell();
    else if (char === '\n') endRecord();
    else if (char === '\r' && source[i + 1] === '\n') {
      endRecord();
      i++;
    } else cell += char;
    i++;
  }
  if (quoted) throw new SyntaxError('CSV ends inside a quoted cell');
  if (cell !== '' || record.length > 0) endRecord();
  const [header, ...body] = records;
  if (header === undefined) return [];
  return body.map((cells, index) => {
    if (cells.length !== header.length)
      throw new SyntaxError(`CSV row ${index + 2} has ${cells.length} cells, the header has ${header.length}`);
    return Object.fromEntries(header.map((name, column) => [name, cells[column] as string]));
  });
}
