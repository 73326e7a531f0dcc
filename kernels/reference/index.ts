/** The plain TypeScript reference of every kernel: the semantics the WASM builds are held to. */
import type { Kernels } from '../types.js';
import { clahe } from './clahe.js';
import { repairDeadRows } from './detector.js';
import { gaussianBlur, median3x3, sobelMagnitude } from './filters.js';
import { downsampleArea, extractTiles } from './geometry.js';
import { histogram, percentileWindow } from './histogram.js';
import { materialColor, materialMap } from './material.js';
import { calibrate, dualRatio, heatmapOverlay, windowTo8bit } from './pointwise.js';
import { preprocessForModel } from './preprocess.js';

export const referenceKernels: Kernels = Object.freeze({
  variant: 'reference',
  repairDeadRows,
  calibrate,
  downsampleArea,
  dualRatio,
  preprocessForModel,
  extractTiles,
  windowTo8bit,
  heatmapOverlay,
  materialMap,
  materialColor,
  gaussianBlur,
  median3x3,
  sobelMagnitude,
  histogram,
  percentileWindow,
  clahe,
});
