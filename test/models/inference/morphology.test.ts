import { describe, expect, it } from 'vitest';
import { slidingMin, topHat } from '../../../models/inference/morphology.js';

function plane(width: number, height: number, fill: (x: number, y: number) => number) {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = fill(x, y);
  return { data, width, height };
}

describe('slidingMin', () => {
  it('when compared with a brute-force minimum then every pixel agrees, edges included', () => {
    let seed = 7;
    const src = plane(29, 17, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648));
    for (const axis of ['x', 'y'] as const) {
      for (const length of [1, 5, 13]) {
        const got = slidingMin(src, axis, length);
        for (let y = 0; y < src.height; y++) {
          for (let x = 0; x < src.width; x++) {
            let expected = Number.POSITIVE_INFINITY;
            for (let d = -(length >> 1); d <= length >> 1; d++) {
              const xx = axis === 'x' ? x + d : x;
              const yy = axis === 'y' ? y + d : y;
              if (xx >= 0 && yy >= 0 && xx < src.width && yy < src.height) expected = Math.min(expected, src.data[yy * src.width + xx]);
            }
            expect(got.data[y * src.width + x]).toBe(expected);
          }
        }
      }
    }
  });
});

describe('topHat', () => {
  it('when a block is narrower than the element then it stays and a wider plateau vanishes', () => {
    // A 4-px bright block on a 30-px plateau on a dark background.
    const src = plane(60, 5, (x) => (x >= 10 && x < 40 ? 2 : 0) + (x >= 20 && x < 24 ? 5 : 0));

    const hat = topHat(src, 'x', 9);

    expect(hat.data[2 * 60 + 21]).toBeCloseTo(5, 5);
    expect(hat.data[2 * 60 + 12]).toBeCloseTo(0, 5);
    expect(hat.data[2 * 60 + 35]).toBeCloseTo(0, 5);
  });
});
