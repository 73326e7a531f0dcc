/** Gaussian taps shared by the WASM binding and the reference, so both blur with the same weights. */

/** Tap radius for `sigma`: three standard deviations hold 99.7% of the weight. */
export function gaussianRadius(sigma: number): number {
  return Math.max(1, Math.ceil(3 * sigma));
}

/** 2r + 1 normalised weights exp(−k² / 2σ²), k = −r..r. */
export function gaussianWeights(sigma: number): Float64Array {
  const r = gaussianRadius(sigma);
  const w = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let k = -r; k <= r; k++) sum += w[k + r] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}
