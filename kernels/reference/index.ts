/** The plain TypeScript reference of every kernel: the semantics the WASM builds are held to. */
import type { Kernels } from '../types.js';
import { downsampleArea, extractTiles } from './geometry.js';
import { calibrate, dualRatio, heatmapOverlay, windowTo8bit } from './pointwise.js';

export const referenceKernels: Kernels = Object.freeze({
  variant: 'reference',
  calibrate,
  downsampleArea,
  dualRatio,
  extractTiles,
  windowTo8bit,
  heatmapOverlay,
});
