/**
 * Conformal calibration: a raw score means nothing by itself, so it is ranked against the raw scores
 * of held-out NORMAL scans. The p-value p = (1 + #{cal ≥ s}) / (n + 1) is the false-alarm rate a
 * threshold at s would have on normal traffic (valid for exchangeable data, whatever the model), and
 * the 0-100 score is 100 · (1 − p). Lanes come from p-value thresholds in config.
 */
import { lowerBound } from './lower-bound.js';

/** Sorts calibration scores ascending into a fresh array, the form the functions below expect. */
export function sortCalibration(scores: ArrayLike<number>): Float64Array {
  return Float64Array.from(scores).sort();
}

/**
 * Conformal p-value of `score` against ascending calibration scores.
 * @param sorted ascending calibration scores of normal scans (see {@link sortCalibration}).
 * @example conformalPValue(Float64Array.of(1, 2, 3), 2.5) // (1 + 1) / 4 = 0.5
 */
export function conformalPValue(sorted: Float64Array, score: number): number {
  const atLeast = sorted.length - lowerBound(sorted, score);
  return (1 + atLeast) / (sorted.length + 1);
}

/** Maps a p-value to the 0-100 score: 0 for the most ordinary scan, towards 100 for the rarest. */
export function calibratedScore(pValue: number): number {
  return 100 * (1 - pValue);
}

/**
 * The raw-score threshold for a false-alarm rate: p(s) ≤ `pValue` exactly when s > the returned value.
 * +Infinity when the calibration set is too small to reach that rate, −Infinity when every score does.
 * @example rawThreshold(Float64Array.of(1, 2, 3, 4), 0.4) // 3: p(3.5) = p(4) = 2/5
 */
export function rawThreshold(sorted: Float64Array, pValue: number): number {
  // p(s) ≤ target ⇔ #{cal ≥ s} ≤ target·(n+1) − 1 =: allowed, i.e. s above all but `allowed` scores.
  const allowed = Math.floor(pValue * (sorted.length + 1) + 1e-9) - 1;
  if (allowed < 0) return Number.POSITIVE_INFINITY;
  if (allowed >= sorted.length) return Number.NEGATIVE_INFINITY;
  return sorted[sorted.length - allowed - 1];
}
