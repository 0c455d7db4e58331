// Progress on a stream, chosen once per command: a bar with ETA on a TTY, plain lines otherwise, nothing with --quiet.
import cliProgress from 'cli-progress';

export type ProgressMode = 'bar' | 'lines' | 'none';

/** `none` when quiet, a bar when the stream is a TTY, plain lines otherwise. */
export function chooseProgressMode(stream: NodeJS.WriteStream, quiet: boolean): ProgressMode {
  if (quiet) return 'none';
  return stream.isTTY === true ? 'bar' : 'lines';
}

/**
 * A cli-progress bar on `stream` with `format` (cli-progress tokens: {bar}, {value}, {total},
 * {eta_formatted}, and any payload names). The caller starts, updates and stops it.
 */
export function createBar(stream: NodeJS.WriteStream, format: string, clearOnComplete = false): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    { stream, format, hideCursor: true, clearOnComplete },
    cliProgress.Presets.shades_classic,
  );
}

/**
 * Milliseconds left at this run's pace: `elapsedMs` took `doneHere` units (counted in this run, not
 * resumed from disk), so `left` more take `left × elapsedMs / doneHere`. Null before the first unit.
 */
export function timeLeftMs(elapsedMs: number, doneHere: number, left: number): number | null {
  return doneHere > 0 ? (elapsedMs / doneHere) * left : null;
}
