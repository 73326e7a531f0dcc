import { describe, expect, it } from 'vitest';
import { rowMedians, SEG_CHANNELS, SEG_NORMALISATION, segChannels } from '../../../models/inference/seg-input.js';

const plane = (width: number, height: number, f: (x: number, y: number) => number) => ({
  data: Float32Array.from({ length: width * height }, (_, i) => f(i % width, Math.floor(i / width))),
  width,
  height,
});

describe('seg input planes', () => {
  it('when the region is given then each row median uses only its columns', () => {
    // Columns 0-1 are air (0), columns 2-6 hold the row index plus the column.
    const a = plane(7, 3, (x, y) => (x < 2 ? 0 : y + x));

    expect(Array.from(rowMedians(a, { x0: 2, x1: 7, y0: 0, y1: 3 }))).toEqual([4, 5, 6]);
    expect(Array.from(rowMedians(a, undefined))).toEqual([3, 4, 5]);
  });

  it('when channels are built then each is normalised and the context is A minus its row median', () => {
    const a = plane(2, 1, (x) => (x === 0 ? 3 : 6));
    const ratio = plane(2, 1, (x) => (x === 0 ? 1.35 : 0));
    const norm = { mean: [1, 1.15, 0.5], std: [2, 0.2, 4] };

    const out = segChannels(a, ratio, Float32Array.of(4), norm);

    expect(out).toHaveLength(2 * SEG_CHANNELS);
    expect(out[0]).toBeCloseTo((3 - 1) / 2);
    expect(out[1]).toBeCloseTo((1.35 - 1.15) / 0.2);
    expect(out[2]).toBeCloseTo((3 - 4 - 0.5) / 4);
    // An undefined ratio (0 from the kernel: matter too thin) and a missing low energy both read 0.
    expect(out[4]).toBe(0);
    expect(segChannels(a, undefined, Float32Array.of(4), SEG_NORMALISATION)[1]).toBe(0);
  });
});
