// The peers measured here (the study's C loop with gcc, its numpy functions) as table cells and rows.
import { ARTICLE_LANGUAGES_1E9_MS } from '../../reference/article-figures.js';
import { PEERS, type Peer } from '../../peers/catalog.js';
import type { PeerPoint, PeersFile } from '../../peers/schema.js';
import { unavailableText } from '../../peers/toolchain.js';
import type { Profile } from '../../results/schema.js';
import { formatN } from '../../util/format.js';
import { missing, type Cell, type Table, type ValueCell } from '../table/model.js';
import { spreadMarker } from './spread.js';

/** How the study's quoted figures are labelled wherever they sit beside ours. */
export const STUDY_LABEL = 'study, M1 Pro';

/** What a cell says when the peer's toolchain is missing: "not available — gcc not found". */
export function notAvailableText(point: Extract<PeerPoint, { status: 'unavailable' }>): string {
  return `not available — ${unavailableText(point.reason)}`;
}

/** A measured median with its spread (half the 95% CI of the median, as a share of it) as the marker. */
function medianCell(point: Extract<PeerPoint, { status: 'ok' }>): ValueCell {
  return { value: point.stats.medianMs, marker: spreadMarker(point.stats) };
}

/** The cell of `peer` at `n` in `peers`: its median, or why there is none (structured, never parsed prose). */
export function peerCell(peers: PeersFile | null, peer: Peer, n: number, profile: Profile): Cell {
  if (peers === null) return missing({ kind: 'absent', what: `no peers measured at profile ${profile}` });
  if (!peers.settings.ns.includes(n)) return missing({ kind: 'grid', n, profile: peers.profile });
  const point = peers.points.find((p) => p.peer === peer.id && p.n === n);
  switch (point?.status) {
    case undefined:
      return missing({ kind: 'absent', what: 'not stored (the peers stage was interrupted?)' });
    case 'ok':
      return medianCell(point);
    case 'skipped':
      return missing({ kind: 'skipped', skip: point.skip, reason: point.reason });
    case 'failed':
      return missing({ kind: 'failed', error: point.error });
    case 'unavailable':
      return notAvailableText(point);
  }
}

/** The toolchain of `peer` as stored: "gcc 12.2.0", "Python 3.11.2, numpy 1.24.2 (/usr/bin/python3)", or why not. */
export function peerToolchainText(peers: PeersFile | null, peer: Peer): string {
  if (peers === null) return 'not measured';
  if (peer.toolchain === 'c') {
    const c = peers.toolchains.c;
    return c.available ? `${c.compiler} ${c.version}` : `not available — ${unavailableText(c.reason)}`;
  }
  const numpy = peers.toolchains.numpy;
  return numpy.available
    ? `Python ${numpy.python}, numpy ${numpy.numpy} (${numpy.interpreter})`
    : `not available — ${unavailableText(numpy.reason)}`;
}

/** True when the stored file says the toolchain `peer` needs was found. */
function toolchainAvailable(peers: PeersFile | null, peer: Peer): boolean {
  return peers !== null && peers.toolchains[peer.toolchain].available;
}

/** The study's time at N = 1e9 for the implementation `peer` repeats, or null. */
function studyMs(peer: Peer): number | null {
  return ARTICLE_LANGUAGES_1E9_MS.find((entry) => entry.implementation === peer.study)?.ms ?? null;
}

/**
 * The peers measured here at each N of the profile's peer grid, in ms, beside the study's figure at N = 1e9
 * for what each repeats; a row per peer, whether measured, skipped or not available.
 */
export function peersTable(peers: PeersFile | null, profile: Profile, machineLabel: string): Table {
  const ns = peers?.settings.ns ?? [1e8, 1e9];
  const where =
    peers === null
      ? `nothing stored for ${machineLabel} at profile ${profile}: \`basel-lab report\` measures them`
      : `measured here on ${machineLabel} (${peers.updatedAt}), ${peers.settings.warmupRuns} warm-up and ${peers.settings.repeats} timed runs per point; ± is half the 95% confidence interval of the median`;
  return {
    title: 'The study\u2019s own programs, measured here',
    columns: [
      { key: 'peer', label: 'program' },
      ...ns.map((n) => ({ key: `n${n}`, label: `N=${formatN(n)} here`, unit: 'ms' as const })),
      { key: 'study', label: `N=1e9 ${STUDY_LABEL}`, unit: 'ms' },
      // Last: long text, so on a phone the numbers come right after the program's name.
      { key: 'toolchain', label: 'toolchain' },
    ],
    rows: PEERS.map((peer) => {
      const study = studyMs(peer);
      return {
        peer: peer.label,
        toolchain: peerToolchainText(peers, peer),
        ...Object.fromEntries(ns.map((n) => [`n${n}`, peerCell(peers, peer, n, profile)])),
        study: study === null ? 'not in the study' : { value: study, exact: true },
      };
    }),
    note: `The study's C loop compiled with gcc and its numpy functions run by Python, ${where}. The study's column is quoted from it (Apple M1 Pro), not measured here.`,
  };
}

/** One row of the "how does it stack up" table per peer at N = 1e9, measured here or saying why not. */
export function peerStackUpRows(
  peers: PeersFile | null,
  profile: Profile,
  machineLabel: string,
): { implementation: string; language: string; time: Cell; source: string }[] {
  const n = 1e9;
  return PEERS.map((peer) => ({
    implementation: peer.label,
    language: peer.toolchain === 'c' ? 'C' : 'Python',
    time: peerCell(peers, peer, n, profile),
    source: toolchainAvailable(peers, peer)
      ? `measured here (${machineLabel}; ${peerToolchainText(peers, peer)})`
      : `here (${machineLabel})`,
  }));
}
