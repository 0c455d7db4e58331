// A measuring child process: the timed kernel runs there, so the parent's event loop stays free to
// stop it at once (kill) on Ctrl-C, and a crash or a kill is a failed point with its reason, not a hang.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KernelOptions } from '../kernels/types.js';
import { UserError } from '../util/errors.js';
import { isChildMessage, type ChildError, type MeasureRequest } from './child-protocol.js';
import { RunOverBudgetError, type MeasureHooks, type Measurement, type MeasureSettings } from './measure.js';

/** The script a child runs: child-entry.js beside this module. */
export const CHILD_ENTRY = fileURLToPath(new URL('./child-entry.js', import.meta.url));

/** Keep this much of the child's stderr, to name the reason when it dies (a V8 "out of memory", a stack). */
export const STDERR_TAIL_CHARS = 2_000;

/**
 * After a child dies, wait this long for this process's own stop signal before calling it a failure:
 * Ctrl-C in a terminal (and Jupyter's Interrupt) signals the whole process group, child included.
 */
export const DEATH_GRACE_MS = 150;

/** The child died (crashed, was killed, ran out of memory) while measuring: the point fails with this reason. */
export class ChildDiedError extends UserError {
  constructor(
    message: string,
    readonly childExitCode: number | null,
    readonly childSignal: NodeJS.Signals | null,
  ) {
    super(message);
    this.name = 'ChildDiedError';
  }
}

/** The measurement was stopped by an interrupt (Ctrl-C / SIGTERM here, or SIGINT to the child's group). */
export class MeasurementInterrupted extends Error {
  constructor(readonly by: string) {
    super(`stopped by ${by}`);
    this.name = 'MeasurementInterrupted';
  }
}

export interface ChildOptions {
  /** Extra environment for the child (the memory state's allocator settings). */
  env?: Record<string, string>;
  /** The script to run (default CHILD_ENTRY; tests pass fixtures that crash). */
  entry?: string;
}

/** Why a child that exited is gone, as one sentence. */
export function describeDeath(code: number | null, signal: NodeJS.Signals | null, stderrTail: string): string {
  const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
  const lastLine = stderrTail
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .at(-1);
  const hint = signal === 'SIGKILL' ? ' (out of memory, or killed from outside)' : '';
  return `the measuring process ${how}${hint}${lastLine === undefined ? '' : `: ${lastLine}`}`;
}

function errorFrom(error: ChildError): Error {
  if (error.name === 'RunOverBudgetError' && error.runMs !== undefined && error.budgetMs !== undefined)
    return new RunOverBudgetError(error.runMs, error.budgetMs);
  // An expected problem (the memory guard's refusal, a bad argument) stays one: one line, its exit code.
  const rebuilt =
    error.exitCode === undefined ? new Error(error.message) : new UserError(error.message, error.exitCode);
  rebuilt.name = error.name;
  return rebuilt;
}

/**
 * One child process that measures points one at a time. `measure` resolves with the child's
 * Measurement, rejects with its error, with ChildDiedError if it dies, or with MeasurementInterrupted
 * when `signal` aborts (the child is killed at once: SIGKILL, so a kernel in the middle of a sample
 * stops too) or when the child dies of SIGINT. `close` ends it. A dead child is never reused.
 */
export class MeasureChild {
  readonly process: ChildProcess;
  private stderrTail = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitListeners = new Set<() => void>();
  private nextId = 0;

  constructor(options: ChildOptions = {}) {
    this.process = fork(options.entry ?? CHILD_ENTRY, [], {
      execArgv: ['--expose-gc'],
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.process.stderr?.setEncoding('utf8');
    this.process.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    this.process.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const listener of this.exitListeners) listener();
    });
    // A failed fork (no such entry, no resources) is reported as an exit by Node; keep 'error' from throwing.
    this.process.on('error', () => undefined);
  }

  /** True once the child has exited. */
  get dead(): boolean {
    return this.exited !== undefined;
  }

  measure(
    variant: string,
    n: number,
    options: KernelOptions,
    settings: MeasureSettings,
    { signal, onSample }: MeasureHooks = {},
    module?: string,
  ): Promise<Measurement> {
    const id = this.nextId++;
    return new Promise<Measurement>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        this.process.off('message', onMessage);
        this.exitListeners.delete(onExit);
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onMessage = (message: unknown): void => {
        if (!isChildMessage(message) || !('id' in message) || message.id !== id) return;
        if (message.type === 'sample') onSample?.(message.index, message.ms);
        else if (message.type === 'measured') finish(() => resolve(message.measurement));
        else finish(() => reject(errorFrom(message.error)));
      };
      const onAbort = (): void => {
        this.kill();
        finish(() => reject(new MeasurementInterrupted(reasonOf(signal))));
      };
      const onExit = (): void => {
        const { code, signal: killedBy } = this.exited!;
        // Let this process's own SIGINT/SIGTERM handler run first: a group-wide Ctrl-C reaches both.
        setTimeout(() => {
          if (signal?.aborted === true) return onAbort();
          if (killedBy === 'SIGINT') return finish(() => reject(new MeasurementInterrupted('SIGINT')));
          finish(() => reject(new ChildDiedError(describeDeath(code, killedBy, this.stderrTail), code, killedBy)));
        }, DEATH_GRACE_MS);
      };
      if (signal?.aborted === true) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.process.on('message', onMessage);
      this.exitListeners.add(onExit);
      if (this.dead) return onExit();
      const request: MeasureRequest = { type: 'measure', id, variant, n, options, settings };
      if (module !== undefined) request.module = module;
      this.process.send(request);
    });
  }

  /** Stop the child now (SIGKILL: a kernel mid-sample cannot delay it). */
  kill(): void {
    if (!this.dead) this.process.kill('SIGKILL');
  }

  /** End the child: close the channel (it exits) and kill it if it has not gone within a moment. */
  async close(): Promise<void> {
    if (this.dead) return;
    const gone = new Promise<void>((resolve) => this.exitListeners.add(resolve));
    if (this.process.connected) this.process.disconnect();
    const timer = setTimeout(() => this.kill(), 1_000);
    await gone;
    clearTimeout(timer);
  }
}

function reasonOf(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  const text = reason instanceof Error ? reason.message : String(reason ?? 'abort');
  return text.replace(/^stopped by /, '');
}
