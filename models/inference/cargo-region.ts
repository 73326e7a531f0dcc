/**
 * Finds the container (cargo space plus the deck under it) in a model-resolution attenuation plane,
 * so that only tiles there are scored. The ray always crosses the container's two steel side walls,
 * so every container pixel reads at least ~0.08 while air reads ~0.01; the container is then the
 * longest run of columns mostly above that, and within those columns the longest run of rows above
 * it almost everywhere, capped at the tallest container's height. The cab (shorter, separated by
 * a gap where only the chassis shows), the chassis and the wheels fall outside.
 */
import type { Plane } from '../../kernels/types.js';
import type { TileGrid } from './tile-features.js';

export interface Region {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
}

/** Attenuation that counts as "matter on the ray": above air noise, below two container walls. */
const MATTER = 0.04;
/** A container is at least 2 m long: 100 model px at 20 mm. */
const MIN_LENGTH_MM = 2000;
/**
 * The tallest container (high-cube, 2.9 m) from its roof down. The trailer's chassis beams run the
 * full length under the floor and read like container rows, so the region stops here instead.
 */
const MAX_HEIGHT_MM = 2900;

/**
 * @param pixelMm model pixel pitch.
 * @returns the container box in model pixels, or undefined when no container-like block exists.
 */
export function findCargoRegion(a: Plane, pixelMm: number): Region | undefined {
  const { width, height, data } = a;
  const columnCover = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (data[y * width + x] >= MATTER) columnCover[x]++;
  }
  const xs = longestRun(columnCover, (v) => v >= 0.5 * height);
  if (!xs || xs.end - xs.start < MIN_LENGTH_MM / pixelMm) return undefined;
  const rowCover = new Float32Array(height);
  for (let y = 0; y < height; y++) {
    for (let x = xs.start; x < xs.end; x++) if (data[y * width + x] >= MATTER) rowCover[y]++;
  }
  const ys = longestRun(rowCover, (v) => v >= 0.9 * (xs.end - xs.start));
  if (!ys) return undefined;
  return { x0: xs.start, x1: xs.end, y0: ys.start, y1: Math.min(ys.end, ys.start + Math.ceil(MAX_HEIGHT_MM / pixelMm)) };
}

function longestRun(values: Float32Array, keep: (v: number) => boolean): { start: number; end: number } | undefined {
  let best: { start: number; end: number } | undefined;
  let start = -1;
  for (let i = 0; i <= values.length; i++) {
    if (i < values.length && keep(values[i])) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (!best || i - start > best.end - best.start) best = { start, end: i };
      start = -1;
    }
  }
  return best;
}

/**
 * Per tile: 1 when its centre lies in `region` (every tile when there is no region, so a scan
 * without a recognisable container is still scored everywhere).
 */
export function tilesInRegion(grid: TileGrid, region: Region | undefined): Uint8Array {
  const inside = new Uint8Array(grid.cols * grid.rows);
  for (let r = 0; r < grid.rows; r++) {
    const cy = grid.ys[r] + grid.tileSize / 2;
    for (let c = 0; c < grid.cols; c++) {
      const cx = grid.xs[c] + grid.tileSize / 2;
      inside[r * grid.cols + c] = !region || (cx >= region.x0 && cx < region.x1 && cy >= region.y0 && cy < region.y1) ? 1 : 0;
    }
  }
  return inside;
}
