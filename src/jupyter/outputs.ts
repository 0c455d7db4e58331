// Turns iopub messages into nbformat outputs: streams merged, displays updated in place by display_id.
import type { ErrorOutput, MimeBundle, Output } from './ipynb.js';
import type { Message } from './wire.js';

/**
 * Collects the outputs of a notebook's cells from iopub messages. Messages are routed to a cell by
 * their parent msg_id, so output that arrives late still lands in the cell that produced it; an
 * update_display_data replaces the data of every earlier output with the same display_id, in
 * whichever cell it is.
 */
export class OutputCollector {
  private readonly cells = new Map<string, Output[]>();
  private readonly displays = new Map<string, { data: MimeBundle; metadata: Record<string, unknown> }[]>();

  /** Route iopub messages whose parent is `msgId` into `outputs` (the cell's own list). */
  track(msgId: string, outputs: Output[]): void {
    this.cells.set(msgId, outputs);
  }

  /** Handle one iopub message; messages for untracked requests and status messages are ignored. */
  handle(message: Message): void {
    const parentId = message.parent_header.msg_id;
    const outputs = parentId === undefined ? undefined : this.cells.get(parentId);
    const content = message.content;
    switch (message.header.msg_type) {
      case 'stream': {
        if (outputs === undefined) return;
        const name = content.name === 'stderr' ? 'stderr' : 'stdout';
        const text = String(content.text ?? '');
        const last = outputs[outputs.length - 1];
        if (last?.output_type === 'stream' && last.name === name) last.text = String(last.text) + text;
        else outputs.push({ output_type: 'stream', name, text });
        return;
      }
      case 'display_data': {
        if (outputs === undefined) return;
        const output = {
          output_type: 'display_data' as const,
          data: bundleOf(content.data),
          metadata: objectOf(content.metadata),
        };
        outputs.push(output);
        const id = displayIdOf(content);
        if (id !== undefined) this.displays.set(id, [...(this.displays.get(id) ?? []), output]);
        return;
      }
      case 'update_display_data': {
        const id = displayIdOf(content);
        for (const output of (id === undefined ? undefined : this.displays.get(id)) ?? []) {
          output.data = bundleOf(content.data);
          output.metadata = objectOf(content.metadata);
        }
        return;
      }
      case 'execute_result': {
        if (outputs === undefined) return;
        const count = typeof content.execution_count === 'number' ? content.execution_count : null;
        outputs.push({
          output_type: 'execute_result',
          execution_count: count,
          data: bundleOf(content.data),
          metadata: objectOf(content.metadata),
        });
        return;
      }
      case 'error': {
        if (outputs === undefined) return;
        outputs.push(
          errorOutput(String(content.ename ?? 'Error'), String(content.evalue ?? ''), stringsOf(content.traceback)),
        );
        return;
      }
      case 'clear_output': {
        if (outputs !== undefined) outputs.length = 0;
        return;
      }
      default:
        return;
    }
  }
}

/** An nbformat error output. */
export function errorOutput(ename: string, evalue: string, traceback: string[] = []): ErrorOutput {
  return { output_type: 'error', ename, evalue, traceback };
}

/** A line of stderr that states an error, e.g. "TypeError: x is not a function". */
const ERROR_LINE = /^[\w$]*(Error|Exception|Rejection)\b/;

/**
 * One line saying what went wrong in a cell, from its outputs: the error output if there is one,
 * else the first line of stderr that states an error, else its first line (tslab reports thrown
 * errors and TypeScript diagnostics on stderr, not as `error` messages).
 */
export function summarizeError(outputs: readonly Output[]): string {
  const error = outputs.find((output): output is ErrorOutput => output.output_type === 'error');
  if (error !== undefined) return error.evalue === '' ? error.ename : `${error.ename}: ${error.evalue}`;
  const stderr = outputs
    .filter((output) => output.output_type === 'stream' && output.name === 'stderr')
    .map((output) => (output.output_type === 'stream' ? String(output.text) : ''))
    .join('');
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.find((line) => ERROR_LINE.test(line)) ?? lines[0] ?? 'the cell failed without an error message';
}

function displayIdOf(content: Record<string, unknown>): string | undefined {
  const transient = objectOf(content.transient);
  return typeof transient.display_id === 'string' ? transient.display_id : undefined;
}

function bundleOf(value: unknown): MimeBundle {
  return objectOf(value);
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
