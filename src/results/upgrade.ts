// Reading older results files: version 1 stored skip reasons only as sentences; version 2 stores them as data.
import type { Skip } from './schema.js';

/**
 * A version-1 skip sentence as the structured skip of version 2. The sentences came from basel-lab's own
 * code in a handful of shapes, which are matched here once, for old files only; whatever does not match
 * becomes { kind: 'other' } and keeps its sentence. Numbers printed with units are read back approximately.
 */
export function skipFromV1Reason(reason: string, maxSampleMs: number | null): Skip {
  const budget = /^over the \w+ profile's time budget(?::\s*(.*))?$/.exec(reason);
  if (budget !== null) return budgetSkip(budget[1] ?? '', maxSampleMs);
  const memory =
    /needs ([\d.]+ [kMGT]?B) of arrays(?: \((\d+) × 8 B × ([\de.+]+)\))?; ([\d.]+ [kMGT]?B) available, ([\d.]+ [kMGT]?B) usable/.exec(
      reason,
    );
  if (memory !== null) {
    return {
      kind: 'memory',
      neededBytes: parseDecimalBytes(memory[1]!),
      availableBytes: parseDecimalBytes(memory[4]!),
      usableBytes: parseDecimalBytes(memory[5]!),
      arrayCount: memory[2] === undefined ? null : Number(memory[2]),
      arrayLength: memory[3] === undefined ? null : Number(memory[3]),
    };
  }
  const length = /needs Float64Arrays of ([\de.+]+) elements; the engine allows at most ([\de.+]+)/.exec(reason);
  if (length !== null)
    return { kind: 'array-length', arrayLength: Number(length[1]), maxArrayLength: Number(length[2]) };
  return { kind: 'other' };
}

function budgetSkip(detail: string, maxSampleMs: number | null): Skip {
  const skip: Extract<Skip, { kind: 'budget' }> = { kind: 'budget', budgetMs: maxSampleMs };
  const over = /^N=([\de.+]+) was already over it/.exec(detail);
  if (over !== null) skip.overAtN = Number(over[1]);
  const run = /one run took ([\d.,]+ (?:ms|s))/.exec(detail);
  if (run !== null) skip.runMs = parseTime(run[1]!);
  const estimate = /one sample estimated at ([\d.,]+ (?:ms|s))(?: \(extrapolated from N=(\d+)\))?/.exec(detail);
  if (estimate !== null) {
    skip.estimateMs = parseTime(estimate[1]!);
    if (estimate[2] !== undefined) skip.fromN = Number(estimate[2]);
  }
  const budget = /budget ([\d.,]+ (?:ms|s))/.exec(detail);
  if (budget !== null) skip.budgetMs = parseTime(budget[1]!);
  return skip;
}

const DECIMAL_SCALE: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

function parseDecimalBytes(text: string): number {
  const [value, unit] = text.split(' ');
  return Number(value) * (DECIMAL_SCALE[unit ?? 'B'] ?? 1);
}

function parseTime(text: string): number {
  const [value, unit] = text.replaceAll(',', '').split(' ');
  return Number(value) * (unit === 's' ? 1000 : 1);
}
