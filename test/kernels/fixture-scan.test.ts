import { describe, expect, it } from 'vitest';
import { generateScan } from '../../fixtures/generator/index.js';
import { loadKernels, MaterialClass, referenceKernels, type Kernels } from '../../kernels/index.js';
import { maxAbsDiff } from './random-images.js';

// Same tolerances as the random-image tests (see wasm-vs-reference.test.ts and filters.test.ts).
const ATTENUATION_ABS = 2e-5;
const FILTER_ABS = 5e-5;

/** The worker's preprocessing chain on one dual-energy scan. */
function preprocess(k: Kernels, high: Uint16Array, low: Uint16Array, width: number, height: number) {
  const aHigh = k.calibrate(high, 60000, 0);
  const aLow = k.calibrate(low, 60000, 0);
  const ratio = k.dualRatio(aHigh, aLow, 0.3);
  const window = k.percentileWindow(aHigh, 0.5, 99.5);
  const gray = k.windowTo8bit(aHigh, window.high, window.low);
  return {
    aHigh, ratio, window, gray,
    classes: k.materialMap(aHigh, ratio),
    small: k.downsampleArea(aHigh, width, height, 2),
    blur: k.gaussianBlur(aHigh, width, height, 1.5),
    median: k.median3x3(aHigh, width, height),
    edges: k.sobelMagnitude(aHigh, width, height),
    clahe: k.clahe(gray, width, height),
  };
}

describe('kernels on a synthetic fixture scan', () => {
  const scan = generateScan({ seed: 11, container: '20ft', cargo: 'produce', pixelSizeMm: 10 });
  const { width, height } = scan;
  const want = preprocess(referenceKernels, scan.high, scan.low!, width, height);

  it.each(['simd', 'scalar'] as const)('when the %s build preprocesses a 20 ft produce scan then it matches the reference', (variant) => {
    const got = preprocess(loadKernels(variant), scan.high, scan.low!, width, height);
    expect(maxAbsDiff(got.aHigh, want.aHigh)).toBeLessThanOrEqual(ATTENUATION_ABS);
    expect(got.window).toEqual(want.window);
    expect(maxAbsDiff(got.small.data, want.small.data)).toBeLessThanOrEqual(ATTENUATION_ABS);
    expect(maxAbsDiff(got.blur.data, want.blur.data)).toBeLessThanOrEqual(FILTER_ABS);
    expect(maxAbsDiff(got.median.data, want.median.data)).toBeLessThanOrEqual(ATTENUATION_ABS);
    expect(maxAbsDiff(got.edges.data, want.edges.data)).toBeLessThanOrEqual(FILTER_ABS);
    expect(maxAbsDiff(got.gray, want.gray)).toBeLessThanOrEqual(1);
    expect(maxAbsDiff(got.clahe, want.clahe)).toBeLessThanOrEqual(1);
    // Ratios come from attenuations that differ by ulps, so a pixel on a class boundary may flip.
    const flips = got.classes.reduce((n, c, i) => n + (c === want.classes[i] ? 0 : 1), 0);
    expect(flips / got.classes.length).toBeLessThan(1e-3);
  });

  it('when produce is classified then organic is the most common material', () => {
    const counts = [0, 0, 0, 0, 0];
    want.classes.forEach((c) => counts[c]++);
    const materials = counts.slice(1);
    expect(Math.max(...materials)).toBe(counts[MaterialClass.organic]);
  });
});
