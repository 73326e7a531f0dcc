/** Plain TypeScript references of the histogram and percentile window. */
import { degenerateWindow, PERCENTILE_BINS, windowFromHistogram, type Window } from '../percentile.js';
import { checkHistogram, checkPercentileWindow } from '../validate.js';

/**
 * Bins over [min, max], computed with f32 rounding at each step (Math.fround) exactly as the WASM
 * kernel does, so both put a value on a bin edge in the same bin.
 * @throws KernelArgumentError on bins outside 1..65536 or max ≤ min.
 */
export function histogram(src: Float32Array, bins: number, min: number, max: number): Uint32Array {
  checkHistogram(src, bins, min, max);
  const hist = new Uint32Array(bins);
  const scale = Math.fround(bins / (max - min));
  const minF = Math.fround(min);
  for (const v of src) {
    if (Number.isNaN(v)) continue;
    const t = Math.fround(Math.fround(v - minF) * scale);
    hist[t > 0 ? Math.min(Math.floor(t), bins - 1) : 0]++;
  }
  return hist;
}

/** Smallest and largest non-NaN value (Infinity, −Infinity when there is none). */
export function minMax(src: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of src) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * Window bounds at two percentiles, from a 4096-bin histogram over the value range.
 * @throws KernelArgumentError unless 0 ≤ lowPercent < highPercent ≤ 100.
 */
export function percentileWindow(src: Float32Array, lowPercent: number, highPercent: number): Window {
  checkPercentileWindow(src, lowPercent, highPercent);
  const { min, max } = minMax(src);
  return degenerateWindow(min, max) ?? windowFromHistogram(histogram(src, PERCENTILE_BINS, min, max), min, max, lowPercent, highPercent);
}
