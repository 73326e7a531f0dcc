/**
 * A generated scan brought to a model's input as the worker does (kernels calibrate → downsample →
 * ratio), for the model tests; and the check that a finding (model pixels) covers a truth box
 * (image pixels).
 */
import { generateScan, type GenerateOptions } from '../../fixtures/generator/index.js';
import type { Kernels } from '../../kernels/index.js';
import { toModelInput, type ModelGeometry } from '../../models/inference/model-input.js';

type Box = { x: number; y: number; w: number; h: number };

/** @param dual false drops the low-energy image (a single-energy scanner). */
export function modelScan(kernels: Kernels, model: ModelGeometry, options: GenerateOptions, dual = true) {
  const scan = generateScan({ ...options, dualEnergy: true });
  const air = scan.manifest.airValue ?? 60000;
  const dark = scan.manifest.darkValue ?? 0;
  const attenuation = {
    high: kernels.calibrate(scan.high, air, dark),
    low: dual && scan.low ? kernels.calibrate(scan.low, air, dark) : undefined,
    width: scan.width,
    height: scan.height,
    pixelSizeMm: scan.manifest.pixelSizeMm ?? 5,
  };
  return { scan, input: toModelInput(kernels, attenuation, model) };
}

/** True when a finding box in model pixels, scaled by `factor`, overlaps `truth` in image pixels. */
export function findingCovers(finding: { box: Box }, truth: Box, factor: number): boolean {
  const { box } = finding;
  return box.x * factor < truth.x + truth.w && truth.x < (box.x + box.w) * factor && box.y * factor < truth.y + truth.h && truth.y < (box.y + box.h) * factor;
}
