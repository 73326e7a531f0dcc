/** Plain TypeScript references of the resampling and tiling kernels. */
import { areaOutputSize } from '../area.js';
import type { Plane, Tiles } from '../types.js';
import { checkDownsample, checkExtractTiles } from '../validate.js';

/**
 * Mean over factor × factor blocks; ⌈w/f⌉ × ⌈h/f⌉ out; edge blocks average what exists. A
 * fractional factor weights each input pixel by its overlap with the output pixel's square.
 * @throws KernelArgumentError on sizes that do not match `src` or a factor outside 1..8192.
 */
export function downsampleArea(src: Float32Array, width: number, height: number, factor: number): Plane {
  checkDownsample(src, width, height, factor);
  const outW = areaOutputSize(width, factor);
  const outH = areaOutputSize(height, factor);
  const data = new Float32Array(outW * outH);
  for (let oy = 0; oy < outH; oy++) {
    const [ys, ye] = [oy * factor, Math.min((oy + 1) * factor, height)];
    for (let ox = 0; ox < outW; ox++) {
      const [xs, xe] = [ox * factor, Math.min((ox + 1) * factor, width)];
      let sum = 0;
      for (let y = Math.floor(ys); y < Math.ceil(ye); y++) {
        const wy = Math.min(y + 1, ye) - Math.max(y, ys);
        for (let x = Math.floor(xs); x < Math.ceil(xe); x++) {
          sum += wy * (Math.min(x + 1, xe) - Math.max(x, xs)) * src[y * width + x];
        }
      }
      data[oy * outW + ox] = sum / ((ye - ys) * (xe - xs));
    }
  }
  return { data, width: outW, height: outH };
}

/**
 * Tile-major patches: out[(ty·cols + tx)·tile² + py·tile + px], zero past the image edge.
 * @throws KernelArgumentError on sizes that do not match `src` or a tile outside 1..1024.
 */
export function extractTiles(src: Float32Array, width: number, height: number, tile: number): Tiles {
  checkExtractTiles(src, width, height, tile);
  const cols = Math.ceil(width / tile);
  const rows = Math.ceil(height / tile);
  const data = new Float32Array(cols * rows * tile * tile);
  for (let ty = 0; ty < rows; ty++) {
    for (let tx = 0; tx < cols; tx++) {
      const base = (ty * cols + tx) * tile * tile;
      for (let py = 0; py < tile; py++) {
        const y = ty * tile + py;
        if (y >= height) break;
        for (let px = 0; px < tile; px++) {
          const x = tx * tile + px;
          if (x >= width) break;
          data[base + py * tile + px] = src[y * width + x];
        }
      }
    }
  }
  return { data, cols, rows };
}
