// The measuring child process: loads the kernels, then measures each point the parent asks for and
// sends it back (child.ts forks it). The parent kills it to stop a sample; it exits when the parent goes.
import { fileURLToPath } from 'node:url';
import { getVariant } from '../kernels/registry.js';
import { loadVariantModule } from '../kernels/user-variant.js';
import { UserError } from '../util/errors.js';
import { dieWithParent } from '../util/parent-watch.js';
import type { ChildError, ChildMessage, MeasureRequest } from './child-protocol.js';
import { bracketCanaries, readCanaries } from './canary.js';
import { RunOverBudgetError, measureVariant } from './measure.js';

function send(message: ChildMessage): void {
  process.send?.(message);
}

function childError(error: unknown): ChildError {
  if (error instanceof RunOverBudgetError)
    return { name: error.name, message: error.message, runMs: error.runMs, budgetMs: error.budgetMs };
  if (error instanceof UserError) return { name: error.name, message: error.message, exitCode: error.exitCode };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

async function handle(request: MeasureRequest): Promise<void> {
  try {
    if (request.module !== undefined) await loadVariantModule(fileURLToPath(request.module));
    // The machine's speed as the measuring process sees it, just before and just after the point. (Read
    // in a report's own process the compute canary had a median of 5.1 ms against 4.2 in a standalone sweep.)
    const { result: measured, canary } = await bracketCanaries(() =>
      measureVariant(getVariant(request.variant), request.n, request.options, request.settings, {
        onSample: (index, ms) => send({ type: 'sample', id: request.id, index, ms }),
      }),
    );
    send({ type: 'measured', id: request.id, measurement: { ...measured, canary } });
  } catch (error) {
    send({ type: 'error', id: request.id, error: childError(error) });
  }
}

// One request at a time: the parent waits for each answer before it sends the next.
let queue = Promise.resolve();
process.on('message', (message: MeasureRequest) => {
  if (message?.type === 'measure') queue = queue.then(() => handle(message));
});
// The parent went away (it died, or closed the channel when the series ended): leave nothing running.
// process.exit ends the worker threads of parallel variants too.
process.on('disconnect', () => process.exit(0));
// The parent was SIGKILLed while a sample runs (no event is handled then): a watchdog thread ends us.
dieWithParent({ group: false });
readCanaries(); // once untimed, so the first point's reading is of optimised code
send({ type: 'ready', pid: process.pid });
