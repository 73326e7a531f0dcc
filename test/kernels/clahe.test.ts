import { describe, expect, it } from 'vitest';
import { loadKernels, referenceKernels } from '../../kernels/index.js';
import { maxAbsDiff, ODD_SIZES, randomGray, seededRandom } from './random-images.js';

// Maps and weights are rounded in f32 and the blend is integer in both, so the results are identical.
const BYTE_ABS = 0;

describe.each(['simd', 'scalar'] as const)('WASM %s CLAHE', (variant) => {
  const k = loadKernels(variant);

  it.each(ODD_SIZES)('when a %i×%i gray image is equalised then it equals the reference', (w, h) => {
    const src = randomGray(w * h, w * 29 + h);
    for (const options of [undefined, { tilesX: 1, tilesY: 1, clipLimit: 1 }, { tilesX: Math.min(3, w), tilesY: Math.min(5, h), clipLimit: 4 }]) {
      expect(maxAbsDiff(k.clahe(src, w, h, options), referenceKernels.clahe(src, w, h, options))).toBeLessThanOrEqual(BYTE_ABS);
    }
  });

  it('when a low-contrast image is equalised then its range widens', () => {
    const [w, h] = [200, 120];
    const rand = seededRandom(3);
    const src = Uint8Array.from({ length: w * h }, (_, i) => 100 + Math.floor(rand() * 20) + ((i % w) > 100 ? 5 : 0));
    const out = k.clahe(src, w, h, { tilesX: 4, tilesY: 2, clipLimit: 3 });
    const range = (a: Uint8Array) => Math.max(...a) - Math.min(...a);
    expect(range(out)).toBeGreaterThan(3 * range(src));
  });
});
