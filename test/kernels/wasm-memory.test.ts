import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../../kernels/index.js';
import { instantiateKernelModule } from '../../kernels/load-kernels.js';
import { bindWasmKernels } from '../../kernels/wasm-kernels.js';
import { maxAbsDiff, randomPlane, randomRaw } from './random-images.js';

describe.each(['simd', 'scalar'] as const)('WASM %s memory reuse', (variant) => {
  it('when a large call grows memory then later small and large calls reuse it without growing', () => {
    const wasm = instantiateKernelModule(variant);
    const k = bindWasmKernels(wasm, variant);
    const small = randomRaw(9 * 7, 1);
    const before = k.calibrate(small, 60000, 0);
    const initialBytes = wasm.memory.buffer.byteLength;

    const large = randomRaw(2600 * 700, 2);
    const largeOut = k.calibrate(large, 60000, 0);
    const grownBytes = wasm.memory.buffer.byteLength;
    expect(grownBytes).toBeGreaterThan(initialBytes);

    // The result handed back before the grow is a copy, not a view of the detached buffer.
    expect(before.length).toBe(63);
    expect(maxAbsDiff(before, referenceKernels.calibrate(small, 60000, 0))).toBeLessThanOrEqual(2e-5);
    expect(maxAbsDiff(k.calibrate(small, 60000, 0), before)).toBe(0);
    expect(maxAbsDiff(k.calibrate(large, 60000, 0), largeOut)).toBe(0);
    expect(wasm.memory.buffer.byteLength).toBe(grownBytes);
  });

  it('when each kernel runs after a grow then its results are still correct', () => {
    const wasm = instantiateKernelModule(variant);
    const k = bindWasmKernels(wasm, variant);
    const [w, h] = [33, 17];
    const src = randomPlane(w * h, 3);
    const first = k.downsampleArea(src, w, h, 3);
    k.extractTiles(randomPlane(1000 * 999, 4), 1000, 999, 64);
    const again = k.downsampleArea(src, w, h, 3);
    expect(again.data).toEqual(first.data);
    expect(k.windowTo8bit(src, 0, 12)).toEqual(referenceKernels.windowTo8bit(src, 0, 12));
  });
});

describe('WASM kernels at the largest accepted size', () => {
  it('when an 8192×2048 scan is calibrated, downsampled and tiled then it matches the reference', () => {
    const [w, h] = [8192, 2048];
    const raw = randomRaw(w * h, 5);
    const simd = bindWasmKernels(instantiateKernelModule('simd'), 'simd');
    const a = simd.calibrate(raw, 60000, 0);
    expect(maxAbsDiff(a, referenceKernels.calibrate(raw, 60000, 0))).toBeLessThanOrEqual(2e-5);
    const small = simd.downsampleArea(a, w, h, 3);
    expect([small.width, small.height]).toEqual([2731, 683]);
    const want = referenceKernels.downsampleArea(a, w, h, 3);
    expect(maxAbsDiff(small.data, want.data)).toBeLessThanOrEqual(2e-5);
    const tiles = simd.extractTiles(small.data, small.width, small.height, 128);
    expect([tiles.cols, tiles.rows]).toEqual([22, 6]);
    expect(tiles.data[(5 * 22 + 21) * 128 * 128 + 42 * 128 + 42]).toBe(small.data[(5 * 128 + 42) * small.width + 21 * 128 + 42]);
  });
});

describe.each(['simd', 'scalar'] as const)('WASM %s calibrate table path', (variant) => {
  it('when an image is large enough for the lookup table then it equals the per-pixel path bit for bit', () => {
    const k = bindWasmKernels(instantiateKernelModule(variant), variant);
    const raw = randomRaw(700 * 401, 9);
    const whole = k.calibrate(raw, 60000, 1234.5);
    const chunk = 1000;
    for (let i = 0; i < raw.length; i += chunk) {
      const part = k.calibrate(raw.subarray(i, i + chunk), 60000, 1234.5);
      expect(maxAbsDiff(part, whole.subarray(i, i + chunk))).toBe(0);
    }
  });
});
