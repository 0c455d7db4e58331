// Counting the drawn marks in an SVG rendered by vega, by mark type (symbol, line, rule, rect, area, text).
/** For each data-mark group (`<g class="mark-<type> role-mark">`), the number of shapes it draws, summed by type. */
export function countMarks(svg: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of svg.matchAll(/<g class="mark-(\w+) role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)) {
    const type = match[1]!;
    const shapes = match[2]!.match(/<(path|line|text)\b/g)?.length ?? 0;
    counts[type] = (counts[type] ?? 0) + shapes;
  }
  return counts;
}
