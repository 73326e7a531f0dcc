import { describe, expect, it } from 'vitest';
import { PATCH_CHANNELS, patchSource, rowMedians, writePatch } from '../../../models/inference/patch-input.js';
import { tileGrid } from '../../../models/inference/tile-features.js';

const plane = (width: number, height: number, f: (x: number, y: number) => number) => ({
  width,
  height,
  data: Float32Array.from({ length: width * height }, (_, i) => f(i % width, Math.floor(i / width))),
});

describe('patch input', () => {
  it('when a row holds one bright pixel then its median ignores it', () => {
    const a = plane(5, 2, (x, y) => (x === 2 && y === 0 ? 9 : y + 1));

    expect(Array.from(rowMedians(a))).toEqual([1, 2]);
  });

  it('when a patch is cut then the context channel is zero on uniform rows and positive on the object', () => {
    const a = plane(32, 16, (x, y) => (x >= 20 && x < 24 && y >= 4 && y < 8 ? 4 : 1 + y * 0.1));
    const grid = tileGrid(32, 16, { tileSize: 16, stride: 8 });
    const out = new Float32Array(16 * 16 * PATCH_CHANNELS);

    writePatch(patchSource(a), grid, 2, out, 0);

    const at = (dx: number, dy: number, ch: number) => out[(dy * 16 + dx) * PATCH_CHANNELS + ch];
    expect(grid.xs[2]).toBe(16);
    expect(at(0, 0, 2)).toBeCloseTo(0, 6);
    expect(at(5, 5, 2)).toBeGreaterThan(1);
    expect(at(5, 5, 1)).toBe(0);
  });
});
