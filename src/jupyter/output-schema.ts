// The outputs of a code cell, as nbformat 4 defines them, checked field by field with zod: an executed
// notebook on disk may have been edited by anyone, and the report renders every output it holds.
import { z } from 'zod';

const multilineText = z.union([z.string(), z.array(z.string())]);
const mimeBundle = z.record(z.string(), z.unknown());
const metadata = z.record(z.string(), z.unknown()).default({});

export const OutputSchema = z.discriminatedUnion('output_type', [
  z.object({ output_type: z.literal('stream'), name: z.enum(['stdout', 'stderr']), text: multilineText }),
  z.object({ output_type: z.literal('display_data'), data: mimeBundle, metadata }),
  z.object({
    output_type: z.literal('execute_result'),
    execution_count: z.number().int().nullable().default(null),
    data: mimeBundle,
    metadata,
  }),
  z.object({
    output_type: z.literal('error'),
    ename: z.string(),
    evalue: z.string(),
    traceback: z.array(z.string()),
  }),
]);

/** "outputs[2].data: expected record, received undefined" for the first problem, or null when `value` is a valid output. */
export function outputProblem(value: unknown, index: number): string | null {
  const parsed = OutputSchema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`));
  return `outputs[${index}]${path.join('')}: ${issue?.message ?? 'is not a valid output'}`;
}
