/** Plain TypeScript reference of CLAHE (see assembly/clahe.ts for the algorithm and its sources). */
import type { ClaheOptions } from '../types.js';
import { checkClahe } from '../validate.js';

/** One tile's clipped, equalised 256-entry map (OpenCV's clip and redistribution). */
function tileMap(src: Uint8Array, width: number, x0: number, x1: number, y0: number, y1: number, clipLimit: number): Uint8Array {
  const hist = new Int32Array(256);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[src[y * width + x]]++;
  const pixels = (x1 - x0) * (y1 - y0);
  const limit = Math.max(Math.trunc(Math.fround(Math.fround(clipLimit) * pixels) / 256), 1);
  let excess = 0;
  for (let i = 0; i < 256; i++) {
    if (hist[i] > limit) {
      excess += hist[i] - limit;
      hist[i] = limit;
    }
  }
  const batch = Math.trunc(excess / 256);
  let residual = excess - batch * 256;
  for (let i = 0; i < 256; i++) hist[i] += batch;
  const step = Math.max(Math.trunc(256 / Math.max(residual, 1)), 1);
  for (let i = 0; i < 256 && residual > 0; i += step, residual--) hist[i]++;
  // The map is rounded in f32 as the WASM kernel does, so both builds share identical maps.
  const scale = Math.fround(255 / pixels);
  const lut = new Uint8Array(256);
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    sum += hist[i];
    lut[i] = Math.min(Math.trunc(Math.fround(Math.fround(Math.fround(sum) * scale) + 0.5)), 255);
  }
  return lut;
}

/**
 * Left (or top) tile index and the next tile's weight in 1/256 steps for a pixel coordinate,
 * computed in f32 exactly as the WASM kernel does.
 */
function neighbours(p: number, size: number, tiles: number): [number, number, number] {
  const f32 = Math.fround;
  const f = f32(f32(f32(p + 0.5) / f32(size / tiles)) - 0.5);
  const t0 = Math.floor(f);
  const weight = Math.trunc(f32(f32(f32(f - t0) * 256) + 0.5));
  return [Math.max(t0, 0), Math.min(t0 + 1, tiles - 1), weight];
}

/**
 * Contrast-limited adaptive histogram equalisation of 8-bit gray.
 * @throws KernelArgumentError on sizes that do not match `src` or options out of range.
 */
export function clahe(src: Uint8Array, width: number, height: number, options?: ClaheOptions): Uint8Array {
  const { tilesX, tilesY, clipLimit } = checkClahe(src, width, height, options);
  const maps: Uint8Array[] = [];
  for (let ty = 0; ty < tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      maps.push(tileMap(src, width,
        Math.trunc((tx * width) / tilesX), Math.trunc(((tx + 1) * width) / tilesX),
        Math.trunc((ty * height) / tilesY), Math.trunc(((ty + 1) * height) / tilesY), clipLimit));
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const [t0, t1, ay] = neighbours(y, height, tilesY);
    for (let x = 0; x < width; x++) {
      const [l, r, ax] = neighbours(x, width, tilesX);
      const v = src[y * width + x];
      const left = (256 - ay) * maps[t0 * tilesX + l][v] + ay * maps[t1 * tilesX + l][v];
      const right = (256 - ay) * maps[t0 * tilesX + r][v] + ay * maps[t1 * tilesX + r][v];
      out[y * width + x] = Math.floor((left * (256 - ax) + right * ax + 32768) / 65536);
    }
  }
  return out;
}
