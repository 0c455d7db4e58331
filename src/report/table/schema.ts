// Table JSON read back from an executed notebook is untrusted input: this schema checks every cell.
import { z } from 'zod';
import { PROFILES, SkipSchema } from '../../results/schema.js';
import type { Table } from './model.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
/** Any label: units basel-lab does not know (from older notebooks) are shown as written. */
const unit = z.string().max(40);

const MissingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('skipped'), skip: SkipSchema, reason: z.string() }),
  z.object({ kind: z.literal('failed'), error: z.string() }),
  z.object({ kind: z.literal('grid'), n: finite, profile: z.enum(PROFILES) }),
  z.object({ kind: z.literal('absent'), what: z.string().optional() }),
]);

const CellSchema = z.union([
  z.string(),
  finite,
  z.null(),
  z.object({ missing: MissingSchema }),
  z.object({
    value: finite,
    unit: unit.optional(),
    marker: z.string().optional(),
    fastest: z.boolean().optional(),
    exact: z.boolean().optional(),
  }),
]);

export const TableSchema = z.object({
  title: z.string().optional(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), unit: unit.optional() })).min(1),
  rows: z.array(z.record(z.string(), CellSchema)),
  note: z.string().optional(),
});

/** `value` as a Table, or an Error saying where and what is wrong (prefixed with `where`). */
export function parseTable(value: unknown, where: string): Table {
  const parsed = TableSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined ? '' : issue.path.map(String).join('.');
  throw new Error(
    `${where}: table JSON ${field === '' ? '' : `at ${field} `}is not valid (${issue?.message ?? 'unknown problem'})`,
  );
}
