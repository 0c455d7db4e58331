// The .ipynb format (nbformat 4.5): types, reading with validation, atomic writing, outputs and cell ids.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { outputProblem } from './output-schema.js';

/** Multi-line text as nbformat stores it: one string, or a list of lines each keeping its "\n". */
export type MultilineText = string | string[];

/** A MIME bundle: MIME type → content (text for text types, any JSON for `…+json` types). */
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: MultilineText;
}

export interface DisplayDataOutput {
  output_type: 'display_data';
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface ExecuteResultOutput {
  output_type: 'execute_result';
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: 'code';
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineText;
  outputs: Output[];
  execution_count: number | null;
}

export interface TextCell {
  cell_type: 'markdown' | 'raw';
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineText;
  attachments?: Record<string, MimeBundle>;
}

export type Cell = CodeCell | TextCell;

export interface Kernelspec {
  name: string;
  display_name: string;
  language?: string;
}

export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: Kernelspec; language_info?: Record<string, unknown>; [key: string]: unknown };
  nbformat: 4;
  nbformat_minor: number;
}

/** The nbformat minor version written: 4.5 is the first with cell ids. */
export const NBFORMAT_MINOR = 5;

/** The kernelspec of basel-lab's notebooks (installed by `basel-lab jupyter install`). */
export const BASEL_KERNELSPEC = {
  name: 'basel-lab',
  display_name: 'TypeScript (basel-lab)',
  language: 'typescript',
} as const;

const CELL_TYPES = ['code', 'markdown', 'raw'] as const;
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** Join multi-line text into one string. */
export function joinText(text: MultilineText): string {
  return Array.isArray(text) ? text.join('') : text;
}

/** Split text into nbformat's list of lines, each but the last keeping its "\n". */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A new random cell id (8 hex digits, as Jupyter makes them). */
export function newCellId(): string {
  return randomBytes(4).toString('hex');
}

/** Read and validate the notebook at `path`; throws UserError naming the file on bad input. */
export function readNotebook(path: string): Notebook {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read notebook ${path}: ${(error as Error).message}`);
  }
  return parseNotebook(text, path);
}

/**
 * Parse and validate notebook JSON. `where` names the file in error messages. Notebooks of
 * nbformat 4.0–4.4 are accepted and upgraded to 4.5 (missing cell ids are filled in).
 */
export function parseNotebook(text: string, where: string): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${where} is not a valid notebook: not JSON (${(error as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new UserError(`${where} is not a valid notebook: ${what}`);
  };
  if (!isObject(value)) return fail('the top level is not an object');
  if (value.nbformat !== 4) return fail(`nbformat must be 4 (got ${JSON.stringify(value.nbformat)})`);
  if (typeof value.nbformat_minor !== 'number') return fail('nbformat_minor is missing');
  if (!isObject(value.metadata)) return fail('metadata is not an object');
  if (!Array.isArray(value.cells)) return fail('cells is not a list');
  value.cells.forEach((cell: unknown, index: number) => {
    const at = `cell ${index + 1}`;
    if (!isObject(cell)) return fail(`${at} is not an object`);
    if (!(CELL_TYPES as readonly unknown[]).includes(cell.cell_type)) {
      return fail(`${at} has cell_type ${JSON.stringify(cell.cell_type)}; allowed: ${CELL_TYPES.join(', ')}`);
    }
    if (!isMultilineText(cell.source)) return fail(`${at} has a source that is not text`);
    if (cell.metadata !== undefined && !isObject(cell.metadata))
      return fail(`${at} has metadata that is not an object`);
    if (cell.id !== undefined && (typeof cell.id !== 'string' || !CELL_ID.test(cell.id))) {
      return fail(`${at} has an invalid id ${JSON.stringify(cell.id)}`);
    }
    if (cell.cell_type === 'code' && cell.outputs !== undefined) {
      if (!Array.isArray(cell.outputs)) return fail(`${at} has outputs that are not a list`);
      cell.outputs.forEach((output: unknown, i: number) => {
        const problem = outputProblem(output, i);
        if (problem !== null) fail(`${at} has ${problem}`);
      });
    }
    return undefined;
  });
  const notebook = value as unknown as Notebook;
  for (const cell of notebook.cells) {
    cell.metadata ??= {};
    if (cell.cell_type === 'code') {
      cell.outputs ??= [];
      cell.execution_count ??= null;
    }
  }
  return ensureCellIds(notebook);
}

/** Give every cell without one a unique id and mark the notebook as nbformat 4.5. Mutates and returns it. */
export function ensureCellIds(notebook: Notebook): Notebook {
  const used = new Set(notebook.cells.map((cell) => cell.id).filter((id) => typeof id === 'string'));
  for (const cell of notebook.cells) {
    if (typeof cell.id === 'string' && cell.id.length > 0) continue;
    let id = newCellId();
    while (used.has(id)) id = newCellId();
    used.add(id);
    cell.id = id;
  }
  notebook.nbformat_minor = Math.max(notebook.nbformat_minor, NBFORMAT_MINOR);
  return notebook;
}

/** A copy of `notebook` with every code cell's outputs and execution count cleared. */
export function stripOutputs(notebook: Notebook): Notebook {
  const copy = structuredClone(notebook);
  for (const cell of copy.cells) {
    if (cell.cell_type !== 'code') continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  return copy;
}

/** Serialise a notebook as Jupyter does (one-space indent, trailing newline). */
export function formatNotebook(notebook: Notebook): string {
  return JSON.stringify(notebook, null, 1) + '\n';
}

/** Write `notebook` to `path` atomically: a reader never sees a half-written notebook. */
export function writeNotebook(path: string, notebook: Notebook): void {
  writeFileAtomic(path, formatNotebook(notebook));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMultilineText(value: unknown): value is MultilineText {
  return typeof value === 'string' || (Array.isArray(value) && value.every((line) => typeof line === 'string'));
}
