import { describe, expect, it } from 'vitest';
import { findCargoRegion, tilesInRegion } from '../../../models/inference/cargo-region.js';
import { tileGrid } from '../../../models/inference/tile-features.js';

/** Air 0.01 everywhere; a cab box (x 10..60) and a container (x 80..380) reading the wall level 0.08. */
function truckPlane() {
  const width = 420;
  const height = 200;
  const data = new Float32Array(width * height).fill(0.01);
  const fill = (x0: number, x1: number, y0: number, y1: number, v: number) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = v;
  };
  fill(10, 60, 40, 150, 0.08);
  fill(80, 380, 15, 150, 0.08);
  fill(120, 200, 60, 150, 2.5);
  fill(0, width, 150, 156, 0.6);
  return { data, width, height };
}

describe('findCargoRegion', () => {
  it('when a truck has a cab and a container then the region is the container, not the cab or wheels', () => {
    expect(findCargoRegion(truckPlane(), 20)).toEqual({ x0: 80, x1: 380, y0: 15, y1: 156 });
  });

  it('when the image holds only air then there is no region and every tile is scored', () => {
    const air = { data: new Float32Array(300 * 100).fill(0.01), width: 300, height: 100 };
    const grid = tileGrid(300, 100, { tileSize: 16, stride: 8 });

    expect(findCargoRegion(air, 20)).toBeUndefined();
    expect(tilesInRegion(grid, undefined).every((v) => v === 1)).toBe(true);
  });

  it('when tiles are tested against the region then only those centred inside count', () => {
    const grid = tileGrid(64, 32, { tileSize: 16, stride: 8 });

    const inside = tilesInRegion(grid, { x0: 0, x1: 20, y0: 0, y1: 32 });

    expect(Array.from(inside.subarray(0, grid.cols))).toEqual([1, 1, 0, 0, 0, 0, 0]);
  });
});
