import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../../kernels/index.js';
import { instantiateKernelModule } from '../../kernels/load-kernels.js';
import { bindWasmKernels } from '../../kernels/wasm-kernels.js';
import { maxAbsDiff, randomGray, randomPlane } from './random-images.js';

// At 8192 × 2048 the TypeScript reference of the neighbourhood kernels takes seconds, so the two
// WASM builds are compared with each other over the whole image, and with the reference on a corner.
const [W, H] = [8192, 2048];

function crop(src: Float32Array, x0: number, y0: number, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) out.set(src.subarray((y0 + y) * W + x0, (y0 + y) * W + x0 + w), y * w);
  return out;
}

describe('neighbourhood kernels at the largest accepted size', () => {
  const src = randomPlane(W * H, 77);
  const simd = bindWasmKernels(instantiateKernelModule('simd'), 'simd');
  const scalar = bindWasmKernels(instantiateKernelModule('scalar'), 'scalar');

  const MARGIN = 20;
  const references = {
    gaussianBlur: (p: Float32Array, w: number, h: number) => referenceKernels.gaussianBlur(p, w, h, 2).data,
    median3x3: (p: Float32Array, w: number, h: number) => referenceKernels.median3x3(p, w, h).data,
    sobelMagnitude: (p: Float32Array, w: number, h: number) => referenceKernels.sobelMagnitude(p, w, h).data,
  };

  it.each([
    ['gaussianBlur', (k: typeof simd) => k.gaussianBlur(src, W, H, 2).data, 1e-5],
    ['median3x3', (k: typeof simd) => k.median3x3(src, W, H).data, 0],
    ['sobelMagnitude', (k: typeof simd) => k.sobelMagnitude(src, W, H).data, 5e-5],
  ] as const)('when %s runs on 8192×2048 then both builds agree and the bottom-right corner matches the reference', (name, run, tolerance) => {
    const got = run(simd);
    expect(maxAbsDiff(got, run(scalar))).toBeLessThanOrEqual(tolerance);
    // A corner crop shares the image's right and bottom edges; its own left and top edges are
    // MARGIN pixels away from the compared block, beyond any kernel's reach.
    const [w, h] = [70, 50];
    const [x0, y0] = [W - w, H - h];
    const want = references[name](crop(src, x0 - MARGIN, y0 - MARGIN, w + MARGIN, h + MARGIN), w + MARGIN, h + MARGIN);
    const wantBlock = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      const row = (y + MARGIN) * (w + MARGIN) + MARGIN;
      wantBlock.set(want.subarray(row, row + w), y * w);
    }
    expect(maxAbsDiff(crop(got, x0, y0, w, h), wantBlock)).toBeLessThanOrEqual(2 * tolerance);
  });

  it('when CLAHE and the histogram run on 8192×2048 then both builds agree exactly', () => {
    const gray = randomGray(W * H, 78);
    expect(maxAbsDiff(simd.clahe(gray, W, H), scalar.clahe(gray, W, H))).toBe(0);
    expect(simd.histogram(src, 4096, 0, 12)).toEqual(scalar.histogram(src, 4096, 0, 12));
  });
});
