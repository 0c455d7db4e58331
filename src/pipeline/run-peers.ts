// Step 2b of a run: the study's C loop and numpy functions measured here, into <out>/results/<id>/peers-<profile>.json.
import type { Profile } from '../results/schema.js';
import { formatDuration, formatN } from '../util/format.js';
import { messageOf, type BuildHooks } from './hooks.js';

/** Measure the peers at the profile; returns one message if the stage failed (a missing toolchain is not a failure). */
export async function runReportPeers(
  outDir: string,
  profile: Profile,
  hooks: BuildHooks,
  signal?: AbortSignal,
): Promise<string[]> {
  const [{ runPeers }, { unavailableText }] = await Promise.all([
    import('../peers/run.js'),
    import('../peers/toolchain.js'),
  ]);
  try {
    const file = await runPeers({
      outDir,
      profile,
      signal,
      onProgress: (event) => {
        if (event.kind === 'point-start') {
          const eta = event.etaMs === null ? '' : ` (~${formatDuration(event.etaMs)} left, est. from the runs so far)`;
          hooks.onStage?.(
            `peers: [${event.done + 1}/${event.total}] ${event.peer.label} at N=${formatN(event.n)}${eta}`,
          );
        }
      },
    });
    for (const [name, toolchain] of Object.entries(file.toolchains))
      if (!toolchain.available) hooks.onStage?.(`peers: ${name}: not available — ${unavailableText(toolchain.reason)}`);
    hooks.onStage?.('peers: done');
    return [];
  } catch (error) {
    const failure = `the peers stage failed: ${messageOf(error)}`;
    hooks.onFailure?.(failure);
    return [failure];
  }
}
