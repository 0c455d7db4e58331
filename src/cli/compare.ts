// `basel-lab compare A B`: per point, how B's time compares with A's, with an interval and a significance test.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { machineId } from '../machine/id.js';
import {
  compareResults,
  DEFAULT_THRESHOLD,
  type ComparedPoint,
  type Comparison,
  type PointComparison,
} from '../measure/compare.js';
import { describePointParams } from '../measure/progress.js';
import { PROFILES, SWEEP_KINDS, type ResultsFile } from '../results/schema.js';
import { readResultsFile, resultsPath } from '../results/store.js';
import { ArgumentError, UserError } from '../util/errors.js';
import { formatNumber, formatTime } from '../util/format.js';
import { resolveOutDir } from '../util/paths.js';

interface CompareFlags {
  json?: boolean;
  markdown?: boolean;
  threshold: string;
  out?: string;
  allowMismatch?: boolean;
}

const SELECTOR = new RegExp(`^(?:([^/]+)/)?(${SWEEP_KINDS.join('|')})-(${PROFILES.join('|')})$`);

export function register(command: Command): void {
  command
    .argument('<A>', 'results file, or <kind>-<profile> (this machine) or <machine-id>/<kind>-<profile> under --out')
    .argument('<B>', 'the results to compare with A, named the same way')
    .option('--threshold <percent>', 'changes smaller than this are "no change"', `${DEFAULT_THRESHOLD * 100}%`)
    .option('--json', 'print the comparison as one JSON object')
    .option('--markdown', 'print a markdown table')
    .option('--out <dir>', 'where selectors look for results (default: $BASEL_OUT, else reports/ in this project)')
    .option('--allow-mismatch', 'compare files of different sweep kinds or profiles anyway')
    .addHelpText(
      'after',
      '\nPer point: the ratio of medians B/A with a 95% percentile-bootstrap interval, and the two-sided\n' +
        'Mann–Whitney U test; a change is reported when p < 0.05 and it exceeds the threshold.',
    )
    .action((a: string, b: string, flags: CompareFlags) => {
      const threshold = parseThreshold(flags.threshold);
      if (flags.json === true && flags.markdown === true)
        throw new ArgumentError('--json and --markdown cannot be combined: pick one');
      const outDir = resolveOutDir(flags.out);
      const fileA = loadSide('A', a, outDir);
      const fileB = loadSide('B', b, outDir);
      if (flags.allowMismatch !== true) refuseMismatch(fileA, fileB, a, b);
      const comparison = compareResults(fileA, fileB, threshold);
      process.stdout.write(
        flags.json === true
          ? `${JSON.stringify(comparison)}\n`
          : flags.markdown === true
            ? formatComparisonMarkdown(comparison)
            : formatComparisonText(comparison),
      );
    });
}

/** "2%", "0.5%" or "2" (percent) as a fraction in [0, 1). ArgumentError naming the text otherwise. */
export function parseThreshold(text: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const percent = match === null ? Number.NaN : Number(match[1]);
  if (!(percent >= 0 && percent < 100))
    throw new ArgumentError(`--threshold must be a percentage in [0, 100), like 2% (got "${text}")`);
  return percent / 100;
}

/** A results file from a path or a selector; UserError naming the argument when neither finds one. */
function loadSide(side: 'A' | 'B', text: string, outDir: string): ResultsFile {
  if (existsSync(text)) return readResultsFile(text) as ResultsFile;
  const match = SELECTOR.exec(text);
  if (match === null)
    throw new ArgumentError(
      `${side} must be a results file or <kind>-<profile> / <machine-id>/<kind>-<profile> (got "${text}")`,
    );
  const [, id, kind, profile] = match;
  const path = resultsPath(outDir, id ?? machineId(), kind as ResultsFile['kind'], profile as ResultsFile['profile']);
  const file = readResultsFile(path);
  if (file === undefined) throw new UserError(`${side} "${text}": no results file at ${path}`, 2);
  return file;
}

function refuseMismatch(a: ResultsFile, b: ResultsFile, textA: string, textB: string): void {
  if (a.kind !== b.kind)
    throw new ArgumentError(
      `A (${textA}) is a ${a.kind} sweep but B (${textB}) is a ${b.kind} sweep; pass --allow-mismatch to compare them anyway`,
    );
  if (a.profile !== b.profile)
    throw new ArgumentError(
      `A (${textA}) is at the ${a.profile} profile but B (${textB}) at ${b.profile}; pass --allow-mismatch to compare them anyway`,
    );
}

/** "1.08 ± 0.02× slower in B": the factor (≥ 1) and the half-width of its interval, hyperfine's way. */
export function describeChange(point: ComparedPoint): string {
  const p = `p = ${formatNumber(point.pValue, 2)}`;
  if (point.verdict === 'no-change') {
    const spread = (point.ratioHigh - point.ratioLow) / 2;
    return `no change (B/A = ${formatNumber(point.ratio)} ± ${formatNumber(spread, 2)}, ${p})`;
  }
  const faster = point.verdict === 'faster';
  const factor = faster ? 1 / point.ratio : point.ratio;
  const spread = faster ? (1 / point.ratioLow - 1 / point.ratioHigh) / 2 : (point.ratioHigh - point.ratioLow) / 2;
  return `${formatNumber(factor)} ± ${formatNumber(spread, 2)}× ${point.verdict} in B (${p})`;
}

/**
 * What makes a compared point's change less believable, or '' when nothing does: the machine read
 * slower in one run (the canaries stored with the point), and each file's warnings for the point.
 * E.g. "B's machine 1.48× slower (cache canary); flagged in A: cv".
 */
export function describeDoubts(point: ComparedPoint): string {
  const doubts: string[] = [];
  const machine = point.machine;
  if (machine !== undefined && machine.slowerIn !== null) {
    const ratio = (machine.canary === 'cache' ? machine.cacheRatio : machine.computeRatio) as number;
    const factor = machine.slowerIn === 'b' ? ratio : 1 / ratio;
    doubts.push(
      `${machine.slowerIn.toUpperCase()}'s machine ${formatNumber(factor)}× slower (${machine.canary} canary)`,
    );
  }
  if (point.warningsA.length > 0) doubts.push(`flagged in A: ${point.warningsA.join(', ')}`);
  if (point.warningsB.length > 0) doubts.push(`flagged in B: ${point.warningsB.join(', ')}`);
  return doubts.join('; ');
}

function describeUnpaired(point: PointComparison): string {
  if (point.status === 'only-a') return 'only in A';
  if (point.status === 'only-b') return 'only in B';
  if (point.status === 'not-measured')
    return `not measured in ${(point.missingIn ?? []).map((side) => side.toUpperCase()).join(' and ')}`;
  return '';
}

/** One line per point, then a count of each verdict. */
export function formatComparisonText(comparison: Comparison): string {
  // A change (not "no change") that has doubts is worth re-measuring before it is believed.
  let doubtful = 0;
  const lines = comparison.points.map((point) => {
    const label = describePointParams(point.params);
    if (point.status !== 'compared') return `${label}: ${describeUnpaired(point)}`;
    const doubts = describeDoubts(point);
    if (doubts !== '' && point.verdict !== 'no-change') doubtful++;
    const line = `${label}: ${describeChange(point)}  [${formatTime(point.medianA)} → ${formatTime(point.medianB)}]`;
    return doubts === '' ? line : `${line}  — ${doubts}`;
  });
  const compared = comparison.points.filter((point): point is ComparedPoint => point.status === 'compared');
  const count = (verdict: string): number => compared.filter((point) => point.verdict === verdict).length;
  const changes = count('faster') + count('slower');
  lines.push(
    '',
    `${compared.length} points compared: ${count('faster')} faster in B, ${count('slower')} slower in B, ` +
      `${count('no-change')} no change (threshold ${formatNumber(comparison.threshold * 100)}%); ${comparison.method}`,
  );
  if (doubtful > 0)
    lines.push(
      `${doubtful} of the ${changes} changes had the machine slower in one run or a flagged point: measure those again before believing them`,
    );
  return lines.join('\n') + '\n';
}

/** A markdown table: point, medians, ratio with its interval, p-value and verdict. */
export function formatComparisonMarkdown(comparison: Comparison): string {
  const rows = comparison.points.map((point) => {
    const label = describePointParams(point.params);
    if (point.status !== 'compared') return `| ${label} | | | | | ${describeUnpaired(point)} | |`;
    const interval = `${formatNumber(point.ratioLow)} … ${formatNumber(point.ratioHigh)}`;
    const verdict = point.verdict === 'no-change' ? 'no change' : describeChange(point).replace(/ \(p = .*\)$/, '');
    return `| ${label} | ${formatTime(point.medianA)} | ${formatTime(point.medianB)} | ${formatNumber(point.ratio)} (${interval}) | ${formatNumber(point.pValue, 2)} | ${verdict} | ${describeDoubts(point)} |`;
  });
  return (
    [
      '| point | median A | median B | B/A (95% CI) | p | verdict | doubts |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Threshold ${formatNumber(comparison.threshold * 100)}%; ${comparison.method}.`,
    ].join('\n') + '\n'
  );
}
