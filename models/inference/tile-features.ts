/**
 * Per-tile feature vectors, the fixed-length input of the tile anomaly model. Computed in plain
 * TypeScript on the model-resolution planes (a 40 ft scan at 20 mm/px is ~610 × 130 px, so this is a
 * few milliseconds) because the tf.js wasm backend cannot train convolutions: the trainable part
 * stays a dense network over these features.
 *
 * Each feature is local (the tile's own statistics) or contextual (the tile against its tile row,
 * i.e. the same height band along the container, and against its 8 neighbours): a dense block
 * hidden in homogeneous cargo stands out against its context even when its absolute attenuation
 * is ordinary for a container. Top-hat features catch objects smaller than a carton: the
 * "small" top-hat is the lesser of the top-hats along x and y, so thin lines (dead detector rows,
 * posts, walls) that are long along one axis do not count, while `narrow_x_tophat_max` keeps
 * vertical partitions such as false walls.
 */
import type { Plane } from '../../kernels/types.js';
import { topHat } from './morphology.js';
import { rarity, scanSummary } from './scan-context.js';

/** Bumped whenever a feature is added, removed or redefined; stored in each model's meta. */
export const FEATURE_SET = 'tile-stats-v1';

export const FEATURE_NAMES = [
  'a_mean',
  'a_std',
  'a_p10',
  'a_p50',
  'a_p90',
  'a_max',
  'a_gradient',
  'a_mean_vs_row',
  'a_max_vs_row',
  'a_mean_vs_neighbours',
  'a_p90_vs_neighbours',
  'r_has',
  'r_valid_fraction',
  'r_mean',
  'r_p10',
  'r_p90',
  'r_mean_vs_row',
  'r_p90_vs_neighbours',
  'r_p10_vs_neighbours',
  'small_tophat_max',
  'small_tophat_mean',
  'narrow_x_tophat_max',
  'y_centre',
  'x_edge_distance',
  'a_max_rarity',
  'a_mean_vs_neighbours_rarity',
  'small_tophat_rarity',
  'scan_saturated_share',
  'scan_ratio_median',
] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Structuring element of the top-hats, model pixels (26 cm at 20 mm/px). */
const TOPHAT_LENGTH = 13;

export interface TileGeometry {
  /** Tile side in model pixels. */
  tileSize: number;
  /** Step between tile origins; below `tileSize` the tiles overlap. */
  stride: number;
}

export interface TileGrid extends TileGeometry {
  cols: number;
  rows: number;
  /** Origin of tile column c is xs[c]; of tile row r is ys[r] (clamped so tiles stay inside). */
  xs: Int32Array;
  ys: Int32Array;
}

export interface TileFeatures {
  grid: TileGrid;
  /** Row-major [cols * rows, FEATURE_COUNT], tile index = row * cols + col. */
  data: Float32Array;
}

/** Places tiles so that the last one ends at the image edge instead of hanging over it. */
export function tileGrid(width: number, height: number, geometry: TileGeometry): TileGrid {
  const origins = (size: number) => {
    const last = Math.max(0, size - geometry.tileSize);
    const count = Math.ceil(last / geometry.stride) + 1;
    return Int32Array.from({ length: count }, (_, i) => Math.min(i * geometry.stride, last));
  };
  const xs = origins(width);
  const ys = origins(height);
  return { ...geometry, cols: xs.length, rows: ys.length, xs, ys };
}

/**
 * Computes the feature vectors of every tile.
 * @param attenuation high-energy attenuation at model resolution.
 * @param ratio dual-energy ratio plane (same size) or undefined for single-energy scans; its features
 *   are then zero and `r_has` is 0, which the model was trained to expect.
 */
export function computeTileFeatures(attenuation: Plane, ratio: Plane | undefined, geometry: TileGeometry): TileFeatures {
  const grid = tileGrid(attenuation.width, attenuation.height, geometry);
  const count = grid.cols * grid.rows;
  const data = new Float32Array(count * FEATURE_COUNT);
  const local = new Float32Array(count * LOCAL_COUNT);
  const scratch = new Float32Array(geometry.tileSize * geometry.tileSize);
  const narrowX = topHat(attenuation, 'x', TOPHAT_LENGTH);
  const small = topHat(attenuation, 'y', TOPHAT_LENGTH);
  for (let i = 0; i < small.data.length; i++) small.data[i] = Math.min(small.data[i], narrowX.data[i]);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      const o = (r * grid.cols + c) * LOCAL_COUNT;
      localStats(attenuation, ratio, grid.xs[c], grid.ys[r], geometry.tileSize, scratch, local, o);
      topHatStats(small, narrowX, grid.xs[c], grid.ys[r], geometry.tileSize, local, o);
    }
  }
  const rowMedian = (stat: number, r: number) => {
    const values = new Float32Array(grid.cols);
    for (let c = 0; c < grid.cols; c++) values[c] = local[(r * grid.cols + c) * LOCAL_COUNT + stat];
    return median(values);
  };
  const content = contentExtent(local, grid);
  for (let r = 0; r < grid.rows; r++) {
    const rowMean = rowMedian(L_MEAN, r);
    const rowMax = rowMedian(L_MAX, r);
    const rowRatio = rowMedian(L_R_MEAN, r);
    for (let c = 0; c < grid.cols; c++) {
      const t = r * grid.cols + c;
      const l = t * LOCAL_COUNT;
      const f = t * FEATURE_COUNT;
      const around = neighbourMeans(local, grid, c, r);
      data.set(local.subarray(l, l + L_R_HAS), f);
      data[f + 7] = local[l + L_MEAN] - rowMean;
      data[f + 8] = local[l + L_MAX] - rowMax;
      data[f + 9] = local[l + L_MEAN] - around.mean;
      data[f + 10] = local[l + L_P90] - around.p90;
      data.set(local.subarray(l + L_R_HAS, l + L_TOPHAT), f + 11);
      data[f + 16] = ratio ? local[l + L_R_MEAN] - rowRatio : 0;
      data[f + 17] = ratio ? local[l + L_R_P90] - around.rP90 : 0;
      data[f + 18] = ratio ? local[l + L_R_P10] - around.rP10 : 0;
      data.set(local.subarray(l + L_TOPHAT, l + LOCAL_COUNT), f + 19);
      data[f + 22] = (grid.ys[r] + geometry.tileSize / 2) / attenuation.height;
      data[f + 23] = edgeDistance(grid.xs[c] + geometry.tileSize / 2, content, geometry.tileSize);
    }
  }
  addScanContext(data);
  return { grid, data };
}

// Layout of the per-tile local statistics: 0..6 are copied to features 0..6, 7..11 to features
// 11..15 and the three top-hat statistics 12..14 to features 19..21, in this order.
const L_MEAN = 0;
const L_P90 = 4;
const L_MAX = 5;
const L_R_HAS = 7;
const L_R_MEAN = 9;
const L_R_P10 = 10;
const L_R_P90 = 11;
const L_TOPHAT = 12;
const LOCAL_COUNT = 15;

function localStats(
  a: Plane,
  ratio: Plane | undefined,
  x0: number,
  y0: number,
  tile: number,
  scratch: Float32Array,
  out: Float32Array,
  o: number,
): void {
  const x1 = Math.min(x0 + tile, a.width);
  const y1 = Math.min(y0 + tile, a.height);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let gradient = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * a.width;
    for (let x = x0; x < x1; x++) {
      const v = a.data[row + x];
      scratch[n++] = v;
      sum += v;
      sumSq += v * v;
      if (x + 1 < x1) gradient += Math.abs(a.data[row + x + 1] - v);
      if (y + 1 < y1) gradient += Math.abs(a.data[row + a.width + x] - v);
    }
  }
  const mean = sum / n;
  const values = scratch.subarray(0, n).sort();
  out[o] = mean;
  out[o + 1] = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  out[o + 2] = quantile(values, 0.1);
  out[o + 3] = quantile(values, 0.5);
  out[o + 4] = quantile(values, 0.9);
  out[o + 5] = values[n - 1];
  out[o + 6] = gradient / n;
  if (!ratio) return;
  // The ratio is 0 where the beam met too little matter to measure it: those pixels carry no
  // material information and must not drag the statistics towards 0.
  let valid = 0;
  let rSum = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = ratio.data[y * ratio.width + x];
      if (v > 0) {
        scratch[valid++] = v;
        rSum += v;
      }
    }
  }
  out[o + 7] = 1;
  out[o + 8] = valid / n;
  if (valid === 0) return;
  const rValues = scratch.subarray(0, valid).sort();
  out[o + 9] = rSum / valid;
  out[o + 10] = quantile(rValues, 0.1);
  out[o + 11] = quantile(rValues, 0.9);
}

/** Fills features 24..28 from features 0..23 of every tile. */
function addScanContext(data: Float32Array): void {
  const columns = [rarity(data, FEATURE_COUNT, 5), rarity(data, FEATURE_COUNT, 9), rarity(data, FEATURE_COUNT, 19)];
  const summary = scanSummary(data, FEATURE_COUNT, { aMax: 5, rMean: 13, rValid: 12 });
  for (let t = 0, f = 0; f < data.length; t++, f += FEATURE_COUNT) {
    data[f + 24] = columns[0][t];
    data[f + 25] = columns[1][t];
    data[f + 26] = columns[2][t];
    data[f + 27] = summary.saturatedShare;
    data[f + 28] = summary.ratioMedian;
  }
}

function topHatStats(small: Plane, narrowX: Plane, x0: number, y0: number, tile: number, out: Float32Array, o: number): void {
  const x1 = Math.min(x0 + tile, small.width);
  const y1 = Math.min(y0 + tile, small.height);
  let max = 0;
  let sum = 0;
  let narrowMax = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = y * small.width + x0, end = y * small.width + x1; i < end; i++) {
      if (small.data[i] > max) max = small.data[i];
      sum += small.data[i];
      if (narrowX.data[i] > narrowMax) narrowMax = narrowX.data[i];
    }
  }
  out[o + L_TOPHAT] = max;
  out[o + L_TOPHAT + 1] = sum / ((x1 - x0) * (y1 - y0));
  out[o + L_TOPHAT + 2] = narrowMax;
}

function neighbourMeans(local: Float32Array, grid: TileGrid, c: number, r: number) {
  let n = 0;
  let mean = 0;
  let p90 = 0;
  let rP90 = 0;
  let rP10 = 0;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      const cc = c + dc;
      const rr = r + dr;
      if ((dc === 0 && dr === 0) || cc < 0 || rr < 0 || cc >= grid.cols || rr >= grid.rows) continue;
      const l = (rr * grid.cols + cc) * LOCAL_COUNT;
      mean += local[l + L_MEAN];
      p90 += local[l + L_P90];
      rP90 += local[l + L_R_P90];
      rP10 += local[l + L_R_P10];
      n++;
    }
  }
  return n === 0 ? { mean: 0, p90: 0, rP90: 0, rP10: 0 } : { mean: mean / n, p90: p90 / n, rP90: rP90 / n, rP10: rP10 / n };
}

/**
 * Horizontal extent (model pixels) of the columns holding matter: tile columns whose strongest tile
 * mean exceeds a fraction of the scan's strongest. Reefer units and door frames sit at the ends of
 * this extent, so the distance to it tells the model where along the vehicle a tile is.
 */
function contentExtent(local: Float32Array, grid: TileGrid): { start: number; end: number } {
  const columnMax = new Float32Array(grid.cols);
  for (let c = 0; c < grid.cols; c++) {
    for (let r = 0; r < grid.rows; r++) columnMax[c] = Math.max(columnMax[c], local[(r * grid.cols + c) * LOCAL_COUNT + L_MEAN]);
  }
  const limit = 0.25 * columnMax.reduce((m, v) => Math.max(m, v), 0);
  let first = 0;
  while (first < grid.cols - 1 && columnMax[first] < limit) first++;
  let last = grid.cols - 1;
  while (last > first && columnMax[last] < limit) last--;
  return { start: grid.xs[first], end: grid.xs[last] + grid.tileSize };
}

/** Distance in tiles from x to the nearer end of the content extent, capped at 8 (negative outside). */
function edgeDistance(x: number, extent: { start: number; end: number }, tile: number): number {
  return Math.min(8, Math.min(x - extent.start, extent.end - x) / tile);
}

function quantile(sorted: Float32Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(values: Float32Array): number {
  return quantile(values.sort(), 0.5);
}
