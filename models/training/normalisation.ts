/**
 * Feature standardisation constants, taken from the normal training tiles (the distribution the
 * model must know best) and stored in meta.json for inference.
 */

export interface FeatureStatistics {
  mean: number[];
  std: number[];
}

/**
 * Mean and standard deviation per feature over the rows of class 0. A feature that never varies
 * gets std 1, so it is centred but not blown up.
 */
export function featureStatistics(x: Float32Array, y: Uint8Array, featureCount: number): FeatureStatistics {
  const sum = new Float64Array(featureCount);
  const sumSq = new Float64Array(featureCount);
  let n = 0;
  for (let row = 0; row < y.length; row++) {
    if (y[row] !== 0) continue;
    n++;
    for (let j = 0; j < featureCount; j++) {
      const v = x[row * featureCount + j];
      sum[j] += v;
      sumSq[j] += v * v;
    }
  }
  const mean = Array.from(sum, (s) => s / Math.max(1, n));
  const std = Array.from(sumSq, (s, j) => {
    const sd = Math.sqrt(Math.max(0, s / Math.max(1, n) - mean[j] * mean[j]));
    return sd > 1e-6 ? sd : 1;
  });
  return { mean, std };
}
