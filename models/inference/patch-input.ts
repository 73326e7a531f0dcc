/**
 * Fixed-shape pixel patches for the conv-patch model: one 16 × 16 patch per tile of the same grid as
 * the tile features, NHWC with {@link PATCH_CHANNELS} channels. The conv net sees the pixels (shape,
 * edges, texture that summary statistics lose) and, through the third channel, each pixel against the
 * median of its image row: cargo is stacked in horizontal layers, so a dense object hidden in a
 * homogeneous load stands out against its row even where its absolute attenuation is ordinary.
 */
import type { Plane } from '../../kernels/types.js';
import type { TileGrid } from './tile-features.js';

/** Attenuation, dual-energy ratio, attenuation minus its row median. */
export const PATCH_CHANNELS = 3;
export const PATCH_SET = 'patch-a-r-rowctx-v1';

/** Scales that bring each channel to roughly unit range (attenuation reaches ~8 in steel loads). */
const ATTENUATION_SCALE = 0.25;
/** Organic ≈ 1.23, steel ≈ 1.09, lead ≈ 0.96: centred on 1.15 and stretched. */
const RATIO_CENTRE = 1.15;
const RATIO_SCALE = 5;
const CONTEXT_SCALE = 0.5;

/** Median of each image row of `plane` (the context of the third channel). */
export function rowMedians(plane: Plane): Float32Array {
  const medians = new Float32Array(plane.height);
  const row = new Float32Array(plane.width);
  for (let y = 0; y < plane.height; y++) {
    row.set(plane.data.subarray(y * plane.width, (y + 1) * plane.width));
    row.sort();
    medians[y] = row[row.length >> 1];
  }
  return medians;
}

export interface PatchSource {
  attenuation: Plane;
  ratio?: Plane;
  /** From {@link rowMedians} of `attenuation`. */
  medians: Float32Array;
}

/** Prepares a scan's planes for {@link writePatch}. */
export function patchSource(attenuation: Plane, ratio?: Plane): PatchSource {
  return { attenuation, ratio, medians: rowMedians(attenuation) };
}

/**
 * Writes the patch of tile `t` into `out` at `offset` (size² · channels floats). Pixels past the
 * image edge (images smaller than a tile) are zero.
 */
export function writePatch(source: PatchSource, grid: TileGrid, t: number, out: Float32Array, offset: number): void {
  const { attenuation: a, ratio, medians } = source;
  const size = grid.tileSize;
  const x0 = grid.xs[t % grid.cols];
  const y0 = grid.ys[Math.floor(t / grid.cols)];
  out.fill(0, offset, offset + size * size * PATCH_CHANNELS);
  for (let dy = 0; dy < size; dy++) {
    const y = y0 + dy;
    if (y >= a.height) break;
    for (let dx = 0; dx < size; dx++) {
      const x = x0 + dx;
      if (x >= a.width) break;
      const i = y * a.width + x;
      const o = offset + (dy * size + dx) * PATCH_CHANNELS;
      const v = a.data[i];
      out[o] = v * ATTENUATION_SCALE;
      const r = ratio ? ratio.data[i] : 0;
      out[o + 1] = r > 0 ? (r - RATIO_CENTRE) * RATIO_SCALE : 0;
      out[o + 2] = (v - medians[y]) * CONTEXT_SCALE;
    }
  }
}
