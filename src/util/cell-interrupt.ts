// Kernel → Interrupt in a notebook: Jupyter sends SIGINT to the kernel process. tslab answers it by
// abandoning the cell's promise (printing an "Interrupted asynchronously" stack trace and going idle)
// while the work itself carries on in the background, keeping a core busy. Here, while a measurement of
// ours is running in a tslab kernel, the SIGINT aborts that measurement instead: it stops at the next
// sample, the cell ends normally with one line saying what was kept, and the kernel is really idle.
// With no measurement running, the SIGINT goes to tslab's own handlers as before.

/** One per process, shared by every copy of the package the kernel may have loaded. */
interface CellInterruptState {
  /** Aborted by the next SIGINT while `active` > 0, then replaced. */
  controller: AbortController;
  /** Measurements running now. */
  active: number;
}

const STATE_KEY = Symbol.for('basel-lab.cell-interrupt');

/** True inside a tslab kernel (tslab defines `__tslab__` on the global object before running cells). */
export function inTslabKernel(): boolean {
  return (globalThis as Record<string, unknown>).__tslab__ !== undefined;
}

function state(): CellInterruptState {
  const global = globalThis as Record<symbol, CellInterruptState | undefined>;
  const existing = global[STATE_KEY];
  if (existing !== undefined) return existing;
  const created: CellInterruptState = { controller: new AbortController(), active: 0 };
  global[STATE_KEY] = created;
  // Not now: this runs inside the cell's synchronous part, when tslab runs it under vm's breakOnSigint,
  // which has taken SIGINT's listeners away and, when it ends, restores the signal's old OS handler over
  // any listener added meanwhile (a SIGINT would then kill the kernel). Take over once the cell yields.
  setImmediate(() => takeOverSigint(created));
  return created;
}

/** SIGINT's listeners from now on (tslab's) run only when no measurement of ours is running. */
function takeOverSigint(shared: CellInterruptState): void {
  const previous = process.listeners('SIGINT');
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', (signal) => {
    if (shared.active > 0) {
      const interrupted = shared.controller;
      shared.controller = new AbortController();
      interrupted.abort(new Error('stopped by SIGINT'));
      return;
    }
    for (const listener of previous) listener(signal);
  });
}

/**
 * Run `work` with a signal that is aborted by `signal` (if given) and, inside a tslab kernel, by the
 * next Kernel → Interrupt. Outside a kernel, SIGINT is left alone and only `signal` stops the work.
 */
export async function withCellInterrupt<T>(
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!inTslabKernel()) return work(signal);
  const shared = state();
  const cell = shared.controller.signal;
  shared.active++;
  try {
    return await work(signal === undefined ? cell : eitherSignal(signal, cell));
  } finally {
    shared.active--;
  }
}

/** A signal aborted when either `a` or `b` is, with its reason. */
function eitherSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  const controller = new AbortController();
  for (const source of [a, b]) {
    if (source.aborted) controller.abort(source.reason);
    else source.addEventListener('abort', () => controller.abort(source.reason), { once: true });
  }
  return controller.signal;
}
