// How a measured median's spread reads in a table cell, one way everywhere: "±0.4%".
import type { Stats } from '../../results/schema.js';

/** Half the 95% confidence interval of the median, as a share of it: "±0.4%" (one decimal below 10%). */
export function spreadMarker(stats: Pick<Stats, 'medianMs' | 'ciLowMs' | 'ciHighMs'>): string {
  const spread = stats.medianMs > 0 ? (stats.ciHighMs - stats.ciLowMs) / 2 / stats.medianMs : 0;
  return `±${(spread * 100).toFixed(spread < 0.1 ? 1 : 0)}%`;
}
