import { describe, expect, it } from 'vitest';
import { computeTileFeatures, FEATURE_COUNT, FEATURE_NAMES, tileGrid } from '../../../models/inference/tile-features.js';

const geometry = { tileSize: 16, stride: 8 };
const index = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);

function cargoPlane(block?: { x: number; y: number; size: number; add: number }) {
  const width = 160;
  const height = 64;
  const data = new Float32Array(width * height).fill(2);
  if (block) {
    for (let y = block.y; y < block.y + block.size; y++) for (let x = block.x; x < block.x + block.size; x++) data[y * width + x] += block.add;
  }
  return { data, width, height };
}

describe('tileGrid', () => {
  it('when the size is not a multiple of the stride then the last tile ends at the edge', () => {
    const grid = tileGrid(50, 16, geometry);

    expect(Array.from(grid.xs)).toEqual([0, 8, 16, 24, 32, 34]);
    expect(Array.from(grid.ys)).toEqual([0]);
  });
});

describe('computeTileFeatures', () => {
  it('when cargo is uniform then contextual and top-hat features are zero and every tile looks alike', () => {
    const { data, grid } = computeTileFeatures(cargoPlane(), undefined, geometry);

    expect(data.length).toBe(grid.cols * grid.rows * FEATURE_COUNT);
    for (let t = 0; t < grid.cols * grid.rows; t++) {
      expect(data[t * FEATURE_COUNT + index('a_mean')]).toBeCloseTo(2, 5);
      expect(data[t * FEATURE_COUNT + index('a_mean_vs_neighbours')]).toBeCloseTo(0, 5);
      expect(data[t * FEATURE_COUNT + index('small_tophat_max')]).toBeCloseTo(0, 5);
      expect(data[t * FEATURE_COUNT + index('r_has')]).toBe(0);
    }
  });

  it('when a small dense block sits in uniform cargo then its tile stands out and is rare in the scan', () => {
    const { data, grid } = computeTileFeatures(cargoPlane({ x: 84, y: 28, size: 6, add: 4 }), undefined, geometry);
    const tile = (2 * grid.cols + 10) * FEATURE_COUNT; // origin (80, 16) holds the block
    const far = (0 * grid.cols + 1) * FEATURE_COUNT;

    expect(data[tile + index('a_max')]).toBeCloseTo(6, 5);
    expect(data[tile + index('a_mean_vs_neighbours')]).toBeGreaterThan(0.1);
    expect(data[tile + index('small_tophat_max')]).toBeCloseTo(4, 3);
    expect(data[tile + index('a_max_rarity')]).toBeLessThan(data[far + index('a_max_rarity')]);
  });

  it('when a ratio plane is given then ratio features are filled and flagged', () => {
    const a = cargoPlane();
    const ratio = { data: new Float32Array(a.data.length).fill(1.23), width: a.width, height: a.height };

    const { data } = computeTileFeatures(a, ratio, geometry);

    expect(data[index('r_has')]).toBe(1);
    expect(data[index('r_mean')]).toBeCloseTo(1.23, 5);
    expect(data[index('r_valid_fraction')]).toBe(1);
    expect(data[index('scan_ratio_median')]).toBeCloseTo(1.23, 5);
  });
});
