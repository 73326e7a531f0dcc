import { describe, expect, it } from 'vitest';
import { loadKernels, referenceKernels } from '../../kernels/index.js';
import { ODD_SIZES, randomPlane } from './random-images.js';

describe.each(['simd', 'scalar'] as const)('WASM %s statistics', (variant) => {
  const k = loadKernels(variant);

  it.each(ODD_SIZES)('when a %i×%i plane is histogrammed then the counts equal the reference', (w, h) => {
    const src = randomPlane(w * h, w * 19 + h, -1, 13);
    if (src.length > 3) src[2] = NaN;
    for (const [bins, min, max] of [[1, 0, 12], [7, 0, 12], [256, -0.5, 11.5], [4096, 0, 12]]) {
      const got = k.histogram(src, bins, min, max);
      expect(got).toEqual(referenceKernels.histogram(src, bins, min, max));
      expect(got.reduce((s, c) => s + c, 0)).toBe(src.filter((v) => !Number.isNaN(v)).length);
    }
  });

  it.each(ODD_SIZES)('when percentile bounds of a %i×%i plane are taken then they equal the reference', (w, h) => {
    const src = randomPlane(w * h, w * 23 + h, 0, 12);
    for (const [lo, hi] of [[0, 100], [1, 99], [50, 50.5]]) {
      expect(k.percentileWindow(src, lo, hi)).toEqual(referenceKernels.percentileWindow(src, lo, hi));
    }
  });

  it('when values are spread evenly then the 1st and 99th percentiles land within one bin', () => {
    const src = Float32Array.from({ length: 10001 }, (_, i) => i / 100);
    const { low, high } = k.percentileWindow(src, 1, 99);
    const bin = 100 / 4096;
    expect(Math.abs(low - 1)).toBeLessThanOrEqual(bin);
    expect(Math.abs(high - 99)).toBeLessThanOrEqual(bin);
  });

  it('when the image is constant or all NaN then a usable window comes back', () => {
    expect(k.percentileWindow(new Float32Array(9).fill(2), 1, 99)).toEqual({ low: 1.5, high: 2.5 });
    expect(k.percentileWindow(new Float32Array(9).fill(NaN), 1, 99)).toEqual({ low: 0, high: 1 });
  });
});
