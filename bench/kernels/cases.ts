/** The benchmarked kernels: what each reads and writes, and how to call it through the Kernels API. */
import type { Kernels } from '../../kernels/index.js';
import { BLUR_SIGMA, CLAHE_CLIP, CLAHE_TILES, DOWNSAMPLE_FACTOR, FRACTIONAL_FACTOR, TILE } from './core.js';
import type { BenchInput } from './inputs.js';
import { PREPROCESS_CASE, PREPROCESS_OPTIONS } from './preprocess.js';

export type CaseKind = 'pointwise' | 'separable' | 'neighbourhood' | 'memory' | 'statistics' | 'fused';

export interface BenchCase {
  name: string;
  kind: CaseKind;
  /** Bytes read and written per pixel by the kernel itself (the copy reference moves the same). */
  bytesPerPixel: number;
  run(k: Kernels, input: BenchInput): unknown;
}

export const CASES: readonly BenchCase[] = [
  // Reads the raw image twice (row means, then the copy out); rewrites only the dead rows.
  { name: 'repairDeadRows', kind: 'memory', bytesPerPixel: 2 + 2 + 2, run: (k, i) => k.repairDeadRows(i.rawHigh, i.size.width, i.size.height) },
  { name: 'calibrate', kind: 'pointwise', bytesPerPixel: 2 + 4, run: (k, i) => k.calibrate(i.rawHigh, 60000, 0) },
  { name: 'dualRatio', kind: 'pointwise', bytesPerPixel: 4 + 4 + 4, run: (k, i) => k.dualRatio(i.high, i.low, 0.1) },
  { name: 'windowTo8bit', kind: 'pointwise', bytesPerPixel: 4 + 1, run: (k, i) => k.windowTo8bit(i.high, 11, 0) },
  { name: 'heatmapOverlay', kind: 'pointwise', bytesPerPixel: 1 + 4 + 4, run: (k, i) => k.heatmapOverlay(i.gray, i.heat, 0.5) },
  { name: 'materialMap', kind: 'pointwise', bytesPerPixel: 4 + 4 + 1, run: (k, i) => k.materialMap(i.high, i.ratio) },
  { name: 'materialColor', kind: 'pointwise', bytesPerPixel: 1 + 1 + 4, run: (k, i) => k.materialColor(i.classes, i.gray) },
  {
    name: 'downsampleArea', kind: 'separable', bytesPerPixel: 4 + 4 / DOWNSAMPLE_FACTOR ** 2,
    run: (k, i) => k.downsampleArea(i.high, i.size.width, i.size.height, DOWNSAMPLE_FACTOR),
  },
  {
    name: `downsampleArea ×${FRACTIONAL_FACTOR}`, kind: 'separable', bytesPerPixel: 4 + 4 / FRACTIONAL_FACTOR ** 2,
    run: (k, i) => k.downsampleArea(i.high, i.size.width, i.size.height, FRACTIONAL_FACTOR),
  },
  { name: 'gaussianBlur', kind: 'separable', bytesPerPixel: 8, run: (k, i) => k.gaussianBlur(i.high, i.size.width, i.size.height, BLUR_SIGMA) },
  { name: 'median3x3', kind: 'neighbourhood', bytesPerPixel: 8, run: (k, i) => k.median3x3(i.high, i.size.width, i.size.height) },
  { name: 'sobelMagnitude', kind: 'neighbourhood', bytesPerPixel: 8, run: (k, i) => k.sobelMagnitude(i.high, i.size.width, i.size.height) },
  { name: 'extractTiles', kind: 'memory', bytesPerPixel: 8, run: (k, i) => k.extractTiles(i.high, i.size.width, i.size.height, TILE) },
  { name: 'histogram', kind: 'statistics', bytesPerPixel: 4, run: (k, i) => k.histogram(i.high, 4096, 0, 12) },
  { name: 'percentileWindow', kind: 'statistics', bytesPerPixel: 8, run: (k, i) => k.percentileWindow(i.high, 0.5, 99.5) },
  {
    // Reads both raw energies (u16); writes three planes at 1/16 of the pixels.
    name: PREPROCESS_CASE, kind: 'fused', bytesPerPixel: 2 + 2 + (3 * 4) / PREPROCESS_OPTIONS.factor ** 2,
    run: (k, i) => k.preprocessForModel({ width: i.size.width, height: i.size.height, high: i.rawHigh, low: i.rawLow }, PREPROCESS_OPTIONS),
  },
  {
    name: 'clahe', kind: 'neighbourhood', bytesPerPixel: 2,
    run: (k, i) => k.clahe(i.gray, i.size.width, i.size.height, { tilesX: CLAHE_TILES, tilesY: CLAHE_TILES, clipLimit: CLAHE_CLIP }),
  },
];
