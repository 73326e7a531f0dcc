import { describe, expect, it } from 'vitest';
import { loadKernels, referenceKernels } from '../../kernels/index.js';
import { maxAbsDiff, ODD_SIZES, randomPlane } from './random-images.js';

// WASM sums taps in f32 in a fixed order, the reference in f64; on values up to 12 the blur
// differs by a few f32 ulps. Median is exact (it only selects). Sobel's differences of values up to
// 12 lose up to ~1e-5 in f32.
const BLUR_ABS = 1e-5;
const SOBEL_ABS = 5e-5;

describe.each(['simd', 'scalar'] as const)('WASM %s filters', (variant) => {
  const k = loadKernels(variant);

  it.each(ODD_SIZES)('when a %i×%i plane is Gaussian-blurred then it matches the reference', (w, h) => {
    const src = randomPlane(w * h, w * 7 + h * 3);
    for (const sigma of [0.3, 1, 2.5]) {
      const got = k.gaussianBlur(src, w, h, sigma);
      expect([got.width, got.height]).toEqual([w, h]);
      expect(maxAbsDiff(got.data, referenceKernels.gaussianBlur(src, w, h, sigma).data)).toBeLessThanOrEqual(BLUR_ABS);
    }
  });

  it.each(ODD_SIZES)('when a %i×%i plane is median-filtered then it equals the reference', (w, h) => {
    const src = randomPlane(w * h, w * 11 + h * 5);
    expect(k.median3x3(src, w, h).data).toEqual(referenceKernels.median3x3(src, w, h).data);
  });

  it.each(ODD_SIZES)('when the Sobel magnitude of a %i×%i plane is taken then it matches the reference', (w, h) => {
    const src = randomPlane(w * h, w * 13 + h * 17);
    expect(maxAbsDiff(k.sobelMagnitude(src, w, h).data, referenceKernels.sobelMagnitude(src, w, h).data)).toBeLessThanOrEqual(SOBEL_ABS);
  });

  it('when a flat plane with one spike is filtered then the median removes it and blur and Sobel behave', () => {
    const [w, h] = [9, 7];
    const src = new Float32Array(w * h).fill(3);
    src[3 * w + 4] = 100;
    expect(Array.from(k.median3x3(src, w, h).data).every((v) => v === 3)).toBe(true);
    const blurred = k.gaussianBlur(src, w, h, 1);
    const total = blurred.data.reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(3 * w * h + 97, 2);
    const edges = k.sobelMagnitude(src, w, h).data;
    expect(edges[0]).toBe(0);
    expect(edges[2 * w + 4]).toBeCloseTo(2 * 97, 3);
  });
});
