// How long the peers still to run will take, from the ones that ran: an estimate for the progress lines.
import { median } from '../measure/stats.js';

/** One peer run that finished: which peer, at which N, and its wall time (start, warm-ups, timed runs). */
export interface PeerTiming {
  peer: string;
  n: number;
  ms: number;
}

/**
 * Estimated milliseconds of the `remaining` runs, from the `done` ones: a peer already run at a smaller
 * N scales its largest such run by N (the study's functions are linear in N); one not yet run takes the
 * median of the other peers at the same N, else the median time per term of every run so far at its N.
 * Null before any run has finished (nothing to go on). Pure.
 */
export function peersEtaMs(
  done: readonly PeerTiming[],
  remaining: ReadonlyArray<{ peer: string; n: number }>,
): number | null {
  if (done.length === 0) return null;
  const perTerm = median(done.map((run) => run.ms / run.n));
  let total = 0;
  for (const { peer, n } of remaining) {
    const own = done.filter((run) => run.peer === peer && run.n <= n).sort((a, b) => b.n - a.n)[0];
    const sameN = done.filter((run) => run.n === n).map((run) => run.ms);
    total += own !== undefined ? (own.ms * n) / own.n : sameN.length > 0 ? median(sameN) : perTerm * n;
  }
  return total;
}
