// How a measured median's spread reads in a table cell, one way everywhere: "±0.4%".
import { relativeCiHalfWidth } from '../../measure/stats.js';
import type { Stats } from '../../results/schema.js';

/** Half the 95% confidence interval of the median, as a share of it: "±0.4%" (one decimal below 10%). */
export function spreadMarker(stats: Pick<Stats, 'medianMs' | 'ciLowMs' | 'ciHighMs'>): string {
  const spread = relativeCiHalfWidth(stats);
  return `±${(spread * 100).toFixed(spread < 0.1 ? 1 : 0)}%`;
}
