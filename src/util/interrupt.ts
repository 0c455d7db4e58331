// One way to stop: SIGINT (Ctrl-C) and SIGTERM become an AbortSignal for the work in hand; a second one
// exits at once. Every command that runs something long uses this.
import os from 'node:os';

/** Exit code after Ctrl-C, as shells report a death by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 128 + os.constants.signals.SIGINT;

/** The signals that ask a command to stop. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** 128 + the signal's number, as a shell reports a process killed by it: 130 for SIGINT, 143 for SIGTERM. */
export function exitCodeFor(signal: StopSignal): number {
  return 128 + os.constants.signals[signal];
}

export interface Interrupt {
  /** Aborted by the first stop signal; its reason names the signal. */
  readonly signal: AbortSignal;
  /** The stop signal received, or null. */
  readonly received: StopSignal | null;
  /** Remove the handlers (call when the work is done). */
  dispose(): void;
}

export interface InterruptOptions {
  /** Called on the first signal, after the AbortSignal fired (say what happens, stop child processes). */
  onFirst?(signal: StopSignal): void;
  /** Called on a second signal, just before the process exits with exitCodeFor(signal). */
  onForce?(signal: StopSignal): void;
}

/** Listen for SIGINT and SIGTERM until disposed: the first aborts, a second exits at once. */
export function onInterrupt(options: InterruptOptions = {}): Interrupt {
  const controller = new AbortController();
  let received: StopSignal | null = null;
  const handle = (signal: StopSignal): void => {
    if (received !== null) {
      options.onForce?.(signal);
      process.exit(exitCodeFor(signal));
    }
    received = signal;
    controller.abort(new Error(`stopped by ${signal}`));
    options.onFirst?.(signal);
  };
  const handlers = STOP_SIGNALS.map((signal) => [signal, () => handle(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}
