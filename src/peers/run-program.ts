// Running a peer's program: a child process that prints one line per run, stopped at once on abort.
import { spawn } from 'node:child_process';
import { MeasurementInterrupted } from '../measure/child.js';

/** Keep this much of a child's stderr to say why it failed. */
const STDERR_TAIL_CHARS = 1_000;

/** One run as the program reports it: a warm-up or a timed sample, its milliseconds and the sum it got. */
export interface ProgramRun {
  phase: 'warmup' | 'sample';
  ms: number;
  sum: number;
}

const RUN_LINE = /^(warmup|sample) (\S+) (\S+)$/;

/** A line `warmup|sample <ms> <sum>` as a run, or null when it is not one. */
export function parseRunLine(line: string): ProgramRun | null {
  const match = RUN_LINE.exec(line.trim());
  if (match === null) return null;
  const ms = Number(match[2]);
  const sum = Number(match[3]);
  if (!Number.isFinite(ms) || ms < 0 || !Number.isFinite(sum)) return null;
  return { phase: match[1] as ProgramRun['phase'], ms, sum };
}

export interface RunProgramOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  /** Called with each run as its line arrives. */
  onRun?: (run: ProgramRun) => void;
}

/**
 * Run `command args`, collecting its run lines. Resolves with them when it exits with 0; rejects with an
 * Error naming the command and the last line of its stderr otherwise, and with MeasurementInterrupted
 * (after SIGKILL to the child) when `signal` aborts. A line that is not a run line is an error.
 */
export function runProgram(
  command: string,
  args: readonly string[],
  options: RunProgramOptions = {},
): Promise<ProgramRun[]> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted === true) {
      reject(new MeasurementInterrupted('an interrupt'));
      return;
    }
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const runs: ProgramRun[] = [];
    let stdout = '';
    let stderr = '';
    let badLine: string | null = null;
    let interrupted = false;
    const onAbort = (): void => {
      interrupted = true;
      child.kill('SIGKILL');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      let newline: number;
      while ((newline = stdout.indexOf('\n')) >= 0) {
        const line = stdout.slice(0, newline);
        stdout = stdout.slice(newline + 1);
        if (line.trim() === '') continue;
        const run = parseRunLine(line);
        if (run === null) badLine ??= line;
        else {
          runs.push(run);
          options.onRun?.(run);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (interrupted) return reject(new MeasurementInterrupted('an interrupt'));
      const lastLine = stderr.trim().split('\n').at(-1)?.trim() ?? '';
      if (code !== 0) {
        const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
        return reject(new Error(`${command} ${how}${lastLine === '' ? '' : `: ${lastLine}`}`));
      }
      if (badLine !== null) return reject(new Error(`${command} printed an unexpected line: ${badLine.slice(0, 200)}`));
      resolve(runs);
    });
  });
}
