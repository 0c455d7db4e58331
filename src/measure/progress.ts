// Showing a sweep's progress on stderr: a bar with the current point and ETA on a TTY, plain lines otherwise.
import type cliProgress from 'cli-progress';
import { formatDuration, formatN } from '../util/format.js';
import { createBar, timeLeftMs, type ProgressMode } from '../util/progress.js';
import type { Point, PointParams } from '../results/schema.js';
import type { SweepProgress } from './sweep.js';

/** A point's params as people read them: `chunked N=1e8 chunk=20000 workers=2`. */
export function describePointParams(params: PointParams): string {
  const parts = [params.variant, `N=${formatN(params.n)}`];
  if (params.chunk !== undefined) parts.push(`chunk=${params.chunk}`);
  if (params.workers !== undefined) parts.push(`workers=${params.workers}`);
  if (params.inner !== undefined) parts.push(`inner=${params.inner}`);
  return parts.join(' ');
}

/** What happened at a point, in a few words: `median 12.3 ms`, `skipped: …`, `failed: …`. */
export function describeOutcome(point: Point): string {
  if (point.status === 'ok')
    return `median ${Number(point.stats.medianMs.toPrecision(3))} ms over ${point.stats.count} samples`;
  return point.status === 'skipped' ? `skipped: ${point.reason}` : `failed: ${point.error}`;
}

/** The plan of a begin event: ", est. ~1m29s to measure, 2 over the 1m series budget" (empty without one). */
function describePlan(event: Extract<SweepProgress, { type: 'begin' }>): string {
  if (event.estimatedMs === undefined) return '';
  const over =
    event.overBudget === undefined || event.overBudget === 0 || event.seriesBudgetMs === undefined
      ? ''
      : `, ${event.overBudget} over the ${formatDuration(event.seriesBudgetMs)} series budget (not measured)`;
  return `, est. ~${formatDuration(event.estimatedMs)} to measure${over}`;
}

/** One plain line for an event, or null for events that print nothing in plain mode. */
export function formatProgressLine(event: SweepProgress): string | null {
  switch (event.type) {
    case 'begin':
      return `sweep ${event.kind} (${event.profile}): ${event.total} points, ${event.resumed} already done${describePlan(event)} → ${event.path}`;
    case 'measuring':
      return null;
    case 'point':
      return `sweep ${event.kind} ${event.done}/${event.total} ${describePointParams(event.point.params)}: ${describeOutcome(event.point)}`;
    case 'end':
      return event.interrupted
        ? `sweep ${event.kind}: interrupted after ${event.done}/${event.total} points; saved ${event.path}`
        : `sweep ${event.kind}: ${event.done}/${event.total} points → ${event.path}`;
  }
}

/**
 * An onProgress callback that writes to `stream` in `mode`: a bar with the point and ETA on a terminal,
 * else one line per point ending with the time left in this sweep at this run's pace. `now` is the clock.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream,
  mode: ProgressMode,
  now: () => number = () => performance.now(),
): (event: SweepProgress) => void {
  if (mode === 'none') return () => undefined;
  if (mode === 'lines') {
    let startedAt = 0;
    let resumed = 0;
    return (event) => {
      if (event.type === 'begin') [startedAt, resumed] = [now(), event.resumed];
      const line = formatProgressLine(event);
      if (line === null) return;
      const leftMs =
        event.type === 'point' && event.done < event.total
          ? timeLeftMs(now() - startedAt, event.done - resumed, event.total - event.done)
          : null;
      stream.write(line + (leftMs === null ? '' : ` (~${formatDuration(leftMs)} left)`) + '\n');
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  let startedAt = 0;
  let measuredHere = 0;
  let remainingAtStart = 0;
  // ETA from this run's pace (points resumed from disk took no time here); "?" before the first point.
  const eta = (done: number, total: number): string => {
    const leftMs = timeLeftMs(now() - startedAt, remainingAtStart - (total - done), total - done);
    return leftMs === null ? '?' : formatDuration(leftMs);
  };
  return (event) => {
    switch (event.type) {
      case 'begin':
        startedAt = now();
        measuredHere = 0;
        remainingAtStart = event.total - event.resumed;
        bar = createBar(stream, `${event.kind} [{bar}] {value}/{total} | ETA {etaText} | {point}`);
        bar.start(event.total, event.resumed, { point: '', etaText: '?' });
        break;
      case 'measuring':
        bar?.update(event.done, { point: describePointParams(event.params), etaText: eta(event.done, event.total) });
        break;
      case 'point':
        measuredHere++;
        bar?.update(event.done, {
          point: `${describePointParams(event.point.params)}: ${describeOutcome(event.point)}`,
          etaText: eta(event.done, event.total),
        });
        break;
      case 'end':
        bar?.update(event.done, { etaText: measuredHere > 0 ? '0s' : '?' });
        bar?.stop();
        stream.write((formatProgressLine(event) ?? '') + '\n');
        break;
    }
  };
}
