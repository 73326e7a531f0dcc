import { describe, expect, it } from 'vitest';
import { DEFAULT_MATERIAL_CURVES, loadKernels, MaterialClass, referenceKernels } from '../../kernels/index.js';
import { ODD_SIZES, randomGray, randomPlane, seededRandom } from './random-images.js';

/** μ/ρ at 6 and 4 MeV and density, from shared/domain.md. */
const MATERIALS = {
  organic: { high: 0.0277, low: 0.034, rho: 1.0, cls: MaterialClass.organic },
  aluminium: { high: 0.0259, low: 0.031, rho: 2.7, cls: MaterialClass.inorganic },
  steel: { high: 0.0305, low: 0.0332, rho: 7.85, cls: MaterialClass.metal },
  lead: { high: 0.0439, low: 0.042, rho: 11.35, cls: MaterialClass.highZ },
};
/** Two 1.6 mm steel side walls, crossed by every ray through a container. */
const WALL_CM = 0.32;

/** A_high and A_low of `cm` of a material behind the container walls (monoenergetic model). */
function slab(m: (typeof MATERIALS)[keyof typeof MATERIALS], cm: number): [number, number] {
  const s = MATERIALS.steel;
  return [m.high * m.rho * cm + s.high * s.rho * WALL_CM, m.low * m.rho * cm + s.low * s.rho * WALL_CM];
}

describe.each(['simd', 'scalar'] as const)('WASM %s material kernels', (variant) => {
  const k = loadKernels(variant);

  it('when pure materials behind the container walls span A_high 0.3..9 then each gets its class', () => {
    for (const m of Object.values(MATERIALS)) {
      const high: number[] = [];
      const low: number[] = [];
      for (let a = 0.3; a <= 9; a += 0.05) {
        const [h, l] = slab(m, (a - slab(m, 0)[0]) / (m.high * m.rho));
        high.push(h);
        low.push(l);
      }
      const highF = Float32Array.from(high);
      const ratio = k.dualRatio(highF, Float32Array.from(low), 0.1);
      expect(new Set(k.materialMap(highF, ratio))).toEqual(new Set([m.cls]));
    }
  });

  it.each(ODD_SIZES)('when a %i×%i random ratio plane is classified then it equals the reference', (w, h) => {
    const high = randomPlane(w * h, w * 3 + h, 0, 10);
    const ratio = randomPlane(w * h, w * 5 + h, 0.9, 1.3);
    for (const curves of [undefined, { ...DEFAULT_MATERIAL_CURVES, metalHighZ: [1.0, 0.02, -0.003] as const }]) {
      expect(k.materialMap(high, ratio, curves)).toEqual(referenceKernels.materialMap(high, ratio, curves));
    }
  });

  it.each(ODD_SIZES)('when %i×%i classes are pseudo-coloured then the RGBA equals the reference', (w, h) => {
    const rand = seededRandom(w * 7 + h);
    const classes = Uint8Array.from({ length: w * h }, () => Math.floor(rand() * 7));
    const gray = randomGray(w * h, w + h * 3);
    expect(k.materialColor(classes, gray)).toEqual(referenceKernels.materialColor(classes, gray));
  });

  it('when a pixel has no material then its colour is its gray level, opaque', () => {
    expect(Array.from(k.materialColor(new Uint8Array([0, 1]), new Uint8Array([77, 255])))).toEqual([77, 77, 77, 255, 255, 150, 40, 255]);
  });
});
