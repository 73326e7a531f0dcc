/**
 * Density score on normal tile features: the Mahalanobis distance of a tile's normalised feature
 * vector from the Gaussian fitted to NORMAL training tiles. The discriminative head only knows the
 * anomaly kinds it was shown; a tile unlike any normal tile is far from this Gaussian whatever its
 * kind, so the distance lets unseen kinds stand out.
 */

export interface DensityParams {
  /** Mean of the normal normalised feature vectors. */
  mean: number[];
  /** Inverse covariance (ridge-regularised), row-major f × f. */
  precision: number[];
  /** sqrt(d²) of normal training tiles: median, and spread (p99 − median). */
  centre: number;
  scale: number;
  /** Weight of the standardised distance added to the head's log-odds. */
  weight: number;
}

/**
 * Evidence added to each tile's log-odds: weight · max(0, (√d² − centre) / scale). Never
 * negative, so a typical-looking tile cannot hide what the head saw.
 * @param normalised row-major [tiles, f] normalised features.
 */
export function densityEvidence(normalised: Float32Array, params: DensityParams, out: Float32Array): Float32Array {
  const f = params.mean.length;
  const centred = new Float64Array(f);
  for (let t = 0; t < out.length; t++) {
    for (let j = 0; j < f; j++) centred[j] = normalised[t * f + j] - params.mean[j];
    out[t] = params.weight * Math.max(0, (Math.sqrt(mahalanobis2(centred, params.precision)) - params.centre) / params.scale);
  }
  return out;
}

/** d² = vᵀ P v for a centred vector v. */
export function mahalanobis2(centred: Float64Array, precision: readonly number[]): number {
  const f = centred.length;
  let sum = 0;
  for (let i = 0; i < f; i++) {
    let row = 0;
    for (let j = 0; j < f; j++) row += precision[i * f + j] * centred[j];
    sum += centred[i] * row;
  }
  return sum;
}
