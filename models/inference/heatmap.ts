/**
 * Paints per-tile anomaly levels back onto the model-resolution grid. Tiles overlap, so each pixel
 * takes the highest level of the tiles covering it: an anomaly seen by any tile stays visible.
 */
import type { Plane } from '../../kernels/types.js';
import type { TileGrid } from './tile-features.js';

/**
 * @param levels one value in [0, 1] per tile, tile index = row * cols + col.
 * @returns a plane of `width` × `height` model pixels with values in [0, 1].
 */
export function paintHeatmap(levels: Float32Array, grid: TileGrid, width: number, height: number): Plane {
  const data = new Float32Array(width * height);
  for (let r = 0; r < grid.rows; r++) {
    const y1 = Math.min(grid.ys[r] + grid.tileSize, height);
    for (let c = 0; c < grid.cols; c++) {
      const level = levels[r * grid.cols + c];
      if (level <= 0) continue;
      const x1 = Math.min(grid.xs[c] + grid.tileSize, width);
      for (let y = grid.ys[r]; y < y1; y++) {
        for (let i = y * width + grid.xs[c], end = y * width + x1; i < end; i++) {
          if (level > data[i]) data[i] = level;
        }
      }
    }
  }
  return { data, width, height };
}
