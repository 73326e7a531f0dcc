import { describe, expect, it } from 'vitest';
import { loadKernels, referenceKernels } from '../../kernels/index.js';
import { maxAbsDiff, maxRelDiff, ODD_SIZES, randomGray, randomPlane, randomRaw } from './random-images.js';

// Tolerances, stated once. Attenuation uses a Cephes-style f32 log (max error 2^-20 relative, see
// log-approximation.test.ts) on values up to ln(65535) ≈ 11.1; block means sum in f32; 8-bit
// outputs round in f32 in WASM and in f64 in the reference, so a .5 boundary may land either side.
const ATTENUATION_ABS = 2e-5;
const MEAN_REL = 2e-6;
const RATIO_REL = 1e-6;
const BYTE_ABS = 1;

describe.each(['simd', 'scalar'] as const)('WASM %s kernels', (variant) => {
  const k = loadKernels(variant);

  it('when loaded twice on one thread then the same instance is returned', () => {
    expect(loadKernels(variant)).toBe(k);
    expect(k.variant).toBe(variant);
  });

  it.each(ODD_SIZES)('when calibrating a %i×%i raw image then it matches the reference', (w, h) => {
    const raw = randomRaw(w * h, w * 31 + h);
    for (const [air, dark] of [[60000, 0], [60000, 1200], [50000.5, 310.25]]) {
      expect(maxAbsDiff(k.calibrate(raw, air, dark), referenceKernels.calibrate(raw, air, dark))).toBeLessThanOrEqual(ATTENUATION_ABS);
    }
  });

  it.each(ODD_SIZES)('when area-downsampling a %i×%i plane then it matches the reference for integer and fractional factors', (w, h) => {
    const src = randomPlane(w * h, w * 17 + h);
    for (const factor of [1, 2, 3, 4, 5, 1.5, 2.5, 3.7]) {
      const got = k.downsampleArea(src, w, h, factor);
      const want = referenceKernels.downsampleArea(src, w, h, factor);
      expect([got.width, got.height]).toEqual([want.width, want.height]);
      expect(maxRelDiff(got.data, want.data)).toBeLessThanOrEqual(MEAN_REL);
    }
  });

  it.each(ODD_SIZES)('when computing the dual ratio of %i×%i planes then it matches the reference', (w, h) => {
    const high = randomPlane(w * h, w + h * 7);
    const low = randomPlane(w * h, w + h * 11);
    const got = k.dualRatio(high, low, 0.05);
    expect(maxRelDiff(got, referenceKernels.dualRatio(high, low, 0.05))).toBeLessThanOrEqual(RATIO_REL);
    high.forEach((a, i) => {
      if (a < 0.05) expect(got[i]).toBe(0);
    });
  });

  it.each(ODD_SIZES)('when extracting tiles from a %i×%i plane then it equals the reference exactly', (w, h) => {
    const src = randomPlane(w * h, w * 5 + h);
    for (const tile of [1, 2, 4, 5, 8]) {
      const got = k.extractTiles(src, w, h, tile);
      const want = referenceKernels.extractTiles(src, w, h, tile);
      expect([got.cols, got.rows]).toEqual([want.cols, want.rows]);
      expect(got.data).toEqual(want.data);
    }
  });

  it.each(ODD_SIZES)('when windowing a %i×%i plane to 8 bits then it matches the reference within 1', (w, h) => {
    const src = randomPlane(w * h, w * 3 + h, -2, 14);
    for (const [low, high] of [[0, 12], [12, 0], [3.3, 3.4]]) {
      expect(maxAbsDiff(k.windowTo8bit(src, low, high), referenceKernels.windowTo8bit(src, low, high))).toBeLessThanOrEqual(BYTE_ABS);
    }
  });

  it.each(ODD_SIZES)('when overlaying a %i×%i heatmap then it matches the reference within 1', (w, h) => {
    const gray = randomGray(w * h, w + h);
    const heat = randomPlane(w * h, w * 13 + h, -0.2, 1.2);
    for (const alpha of [0, 0.45, 1]) {
      const got = k.heatmapOverlay(gray, heat, alpha);
      expect(maxAbsDiff(got, referenceKernels.heatmapOverlay(gray, heat, alpha))).toBeLessThanOrEqual(BYTE_ABS);
      for (let i = 3; i < got.length; i += 4) expect(got[i]).toBe(255);
    }
  });

  it('when a fractional factor averages a ramp then partial pixels count by their overlap', () => {
    const [w, h] = [10, 5];
    const ramp = Float32Array.from({ length: w * h }, (_, i) => i % w);
    const got = k.downsampleArea(ramp, w, h, 2.5);
    expect([got.width, got.height]).toEqual([4, 2]);
    // [0, 2.5) holds 0 and 1 whole and half of 2: (0 + 1 + 2 / 2) / 2.5 = 0.8, and so on.
    const want = [0.8, 3.2, 5.8, 8.2];
    got.data.forEach((v, i) => expect(v).toBeCloseTo(want[i % 4], 5));
  });

  it('when an out buffer is given then the result is written into it and returned', () => {
    const raw = randomRaw(37, 1);
    const out = new Float32Array(37);
    expect(k.calibrate(raw, 60000, 0, out)).toBe(out);
    expect(maxAbsDiff(out, referenceKernels.calibrate(raw, 60000, 0))).toBeLessThanOrEqual(ATTENUATION_ABS);
  });

  it('when a pixel is dark, saturated or NaN then the documented edge values come out', () => {
    expect(Array.from(k.calibrate(new Uint16Array([0, 5, 60000, 65535]), 60000, 5))).toEqual([
      Math.fround(Math.log(59995)), Math.fround(Math.log(59995)), 0, 0,
    ]);
    expect(Array.from(k.windowTo8bit(new Float32Array([NaN, -1, 0.5, 2]), 0, 1))).toEqual([0, 0, 128, 255]);
    expect(Array.from(k.heatmapOverlay(new Uint8Array([100]), new Float32Array([NaN]), 1))).toEqual([100, 100, 100, 255]);
  });
});
