/**
 * Percentile windowing from a histogram: the window bounds that inspectors' auto-contrast uses,
 * shared by the WASM binding and the reference so both read the histogram the same way.
 */

/** Histogram resolution: bounds are exact to (max − min) / 4096. */
export const PERCENTILE_BINS = 4096;

/** Lower and upper window bound. */
export interface Window {
  low: number;
  high: number;
}

/**
 * The window when the values have no spread: a unit-wide one around a constant image, [0, 1] when
 * every value is NaN (min > max); undefined when there is a range to take percentiles of.
 */
export function degenerateWindow(min: number, max: number): Window | undefined {
  if (min === max) return { low: min - 0.5, high: min + 0.5 };
  if (!(min < max)) return { low: 0, high: 1 };
  return undefined;
}

/**
 * Picks the lower edge of the bin holding the lowPercent-th value and the upper edge of the bin
 * holding the highPercent-th, over a histogram of [min, max].
 */
export function windowFromHistogram(hist: Uint32Array, min: number, max: number, lowPercent: number, highPercent: number): Window {
  let total = 0;
  for (const count of hist) total += count;
  if (total === 0) return { low: 0, high: 1 };
  const binWidth = (max - min) / hist.length;
  const lowRank = (lowPercent / 100) * total;
  const highRank = (highPercent / 100) * total;
  let cumulative = 0;
  let lowBin = -1;
  let highBin = hist.length - 1;
  for (let b = 0; b < hist.length; b++) {
    cumulative += hist[b];
    if (lowBin < 0 && cumulative > lowRank) lowBin = b;
    if (cumulative >= highRank) {
      highBin = b;
      break;
    }
  }
  lowBin = Math.max(0, Math.min(lowBin < 0 ? highBin : lowBin, highBin));
  return { low: min + lowBin * binWidth, high: min + (highBin + 1) * binWidth };
}
