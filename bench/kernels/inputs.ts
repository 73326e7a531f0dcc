/**
 * Fixed, seeded synthetic scan inputs for the benchmark: a dual-energy u16 pair with air above, a
 * cargo band of blocks and a chassis strip, plus Poisson-like noise. Independent of fixtures/ so the
 * benchmark's inputs never change when the scan generator does.
 */
import { referenceKernels } from '../../kernels/index.js';

export interface BenchSize {
  label: string;
  width: number;
  height: number;
}

/** A 40 ft container at 5 mm and at 2 mm pitch (shared/domain.md). */
export const BENCH_SIZES: readonly BenchSize[] = [
  { label: '40 ft @ 5 mm', width: 2600, height: 700 },
  { label: '40 ft @ 2 mm', width: 6000, height: 1300 },
];

export interface BenchInput {
  size: BenchSize;
  n: number;
  rawHigh: Uint16Array;
  rawLow: Uint16Array;
  /** Attenuation planes (f32) derived once with the reference kernels. */
  high: Float32Array;
  low: Float32Array;
  ratio: Float32Array;
  gray: Uint8Array;
  heat: Float32Array;
  classes: Uint8Array;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the inputs for one size from seed 2026. */
export function makeInput(size: BenchSize): BenchInput {
  const { width, height } = size;
  const n = width * height;
  const rand = mulberry32(2026);
  const rawHigh = new Uint16Array(n);
  const rawLow = new Uint16Array(n);
  const top = Math.floor(height * 0.2);
  const floor = Math.floor(height * 0.85);
  const blockW = Math.max(8, Math.floor(width / 23));
  const blockA = Array.from({ length: Math.ceil(width / blockW) }, () => 0.5 + rand() * 5);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let a = 0;
      if (y >= top && y < floor) a = blockA[Math.floor(x / blockW)] * (0.8 + 0.2 * Math.sin(y / 9));
      else if (y >= floor) a = 7;
      const noise = 1 + (rand() - 0.5) * 0.02;
      rawHigh[y * width + x] = Math.min(65535, Math.round(60000 * Math.exp(-a) * noise));
      rawLow[y * width + x] = Math.min(65535, Math.round(60000 * Math.exp(-a * 1.2) * noise));
    }
  }
  const high = referenceKernels.calibrate(rawHigh, 60000, 0);
  const low = referenceKernels.calibrate(rawLow, 60000, 0);
  const ratio = referenceKernels.dualRatio(high, low, 0.1);
  const heat = Float32Array.from(high, (a) => Math.min(1, a / 8));
  return {
    size, n, rawHigh, rawLow, high, low, ratio, heat,
    gray: referenceKernels.windowTo8bit(high, 11, 0),
    classes: referenceKernels.materialMap(high, ratio),
  };
}
