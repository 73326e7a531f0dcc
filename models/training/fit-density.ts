/**
 * Fits the density score of `inference/density.ts`: a Gaussian on normalised NORMAL tile features,
 * its ridge-regularised inverse covariance, and the spread of √d² on those same tiles.
 */
import { mahalanobis2, type DensityParams } from '../inference/density.js';

/**
 * @param x row-major [rows, f] normalised features; only rows with y = 0 are used.
 * @param ridge added to the covariance diagonal (features have unit variance, so this bounds how
 *   much a near-constant feature such as `r_has` can dominate the distance).
 */
export function fitDensity(x: Float32Array, y: Uint8Array, f: number, ridge: number, weight: number): DensityParams {
  const rows: number[] = [];
  y.forEach((cls, row) => cls === 0 && rows.push(row));
  const mean = new Float64Array(f);
  for (const row of rows) for (let j = 0; j < f; j++) mean[j] += x[row * f + j] / rows.length;
  const cov = new Float64Array(f * f);
  const v = new Float64Array(f);
  for (const row of rows) {
    for (let j = 0; j < f; j++) v[j] = x[row * f + j] - mean[j];
    for (let i = 0; i < f; i++) for (let j = i; j < f; j++) cov[i * f + j] += (v[i] * v[j]) / (rows.length - 1);
  }
  for (let i = 0; i < f; i++) {
    cov[i * f + i] += ridge;
    for (let j = 0; j < i; j++) cov[i * f + j] = cov[j * f + i];
  }
  const precision = Array.from(invert(cov, f));
  const distances = Float64Array.from(rows, (row) => {
    for (let j = 0; j < f; j++) v[j] = x[row * f + j] - mean[j];
    return Math.sqrt(mahalanobis2(v, precision));
  }).sort();
  const centre = distances[Math.floor(0.5 * distances.length)];
  const p99 = distances[Math.floor(0.99 * (distances.length - 1))];
  return { mean: Array.from(mean), precision, centre, scale: Math.max(p99 - centre, 1e-6), weight };
}

/** Gauss-Jordan inverse with partial pivoting of a symmetric positive definite f × f matrix. */
function invert(matrix: Float64Array, f: number): Float64Array {
  const a = matrix.slice();
  const inv = new Float64Array(f * f);
  for (let i = 0; i < f; i++) inv[i * f + i] = 1;
  for (let col = 0; col < f; col++) {
    let pivot = col;
    for (let r = col + 1; r < f; r++) if (Math.abs(a[r * f + col]) > Math.abs(a[pivot * f + col])) pivot = r;
    for (let k = 0; k < f; k++) {
      [a[col * f + k], a[pivot * f + k]] = [a[pivot * f + k], a[col * f + k]];
      [inv[col * f + k], inv[pivot * f + k]] = [inv[pivot * f + k], inv[col * f + k]];
    }
    const d = a[col * f + col];
    for (let k = 0; k < f; k++) {
      a[col * f + k] /= d;
      inv[col * f + k] /= d;
    }
    for (let r = 0; r < f; r++) {
      if (r === col) continue;
      const m = a[r * f + col];
      if (m === 0) continue;
      for (let k = 0; k < f; k++) {
        a[r * f + k] -= m * a[col * f + k];
        inv[r * f + k] -= m * inv[col * f + k];
      }
    }
  }
  return inv;
}
