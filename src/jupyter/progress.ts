// Progress of a notebook run on stderr: a bar per notebook on a TTY, plain lines otherwise, or nothing.
import type cliProgress from 'cli-progress';
import { createBar, type ProgressMode } from '../util/progress.js';
import { formatDuration } from '../util/format.js';
import type { NotebookPlace, NotebookRun, RunHooks } from './runner.js';

/** Run hooks that report progress on `stream` in `mode`. Failures are reported elsewhere. */
export function createProgressHooks(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): RunHooks {
  if (mode === 'none') return {};
  if (mode === 'lines') {
    return {
      onNotebookStart: (name, codeCells, place) =>
        stream.write(`${name}.ipynb: running ${codeCells} code cells${describePlace(place)}\n`),
      onNotebookEnd: (run) => stream.write(`${name(run)}: ${outcome(run)}\n`),
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  return {
    onNotebookStart: (notebook, codeCells) => {
      bar = createBar(stream, `${notebook}.ipynb [{bar}] {value}/{total} cells | ETA {eta_formatted}`, true);
      bar.start(codeCells, 0);
    },
    onCellStart: (_notebook, index) => bar?.update(index),
    onNotebookEnd: (run) => {
      bar?.update(run.cellsRun);
      bar?.stop();
      bar = undefined;
      stream.write(`${name(run)}: ${outcome(run)}\n`);
    },
  };
}

/** " (2/7, ~25s left, est. from the notebooks so far)", or nothing for a notebook run alone. */
function describePlace(place: NotebookPlace | undefined): string {
  if (place === undefined || place.total <= 1) return '';
  const eta = place.etaMs === null ? '' : `, ~${formatDuration(place.etaMs)} left, est. from the notebooks so far`;
  return ` (${place.index + 1}/${place.total}${eta})`;
}

function name(run: NotebookRun): string {
  return `${run.name}.ipynb`;
}

function outcome(run: NotebookRun): string {
  const seconds = (run.elapsedMs / 1000).toFixed(1);
  if (run.failure === undefined) return `ok, ${run.cellsRun} cells in ${seconds} s`;
  if (run.failure.kind === 'interrupted')
    return `stopped after ${run.cellsRun} of ${run.codeCells} cells in ${seconds} s`;
  return `FAILED after ${run.cellsRun} of ${run.codeCells} cells in ${seconds} s`;
}
