/**
 * A generated scan brought to a model's input as the worker does (`toModelInputFromRaw`: dead rows
 * repaired when the model asks, then calibrate → downsample → ratio, fused), for the model tests; the check that a finding (model pixels) covers a truth box (image
 * pixels); and the check every model version must pass on an obvious dense block.
 */
import { expect } from 'vitest';
import { generateScan, type CargoKind, type GenerateOptions } from '../../fixtures/generator/index.js';
import type { Kernels } from '../../kernels/index.js';
import type { AnomalyModel, ModelOutput } from '../../models/inference/anomaly-model.js';
import { toModelInputFromRaw, type ModelGeometry } from '../../models/inference/model-input.js';

type Box = { x: number; y: number; w: number; h: number };

/** @param dual false drops the low-energy image (a single-energy scanner). */
export function modelScan(kernels: Kernels, model: ModelGeometry, options: GenerateOptions, dual = true) {
  const scan = generateScan({ ...options, dualEnergy: true });
  const raw = {
    width: scan.width,
    height: scan.height,
    high: scan.high,
    low: dual ? scan.low : undefined,
    air: scan.manifest.airValue ?? 60000,
    dark: scan.manifest.darkValue ?? 0,
    pixelSizeMm: scan.manifest.pixelSizeMm ?? 5,
  };
  return { scan, input: toModelInputFromRaw(kernels, raw, model) };
}

/** True when a finding box in model pixels, scaled by `factor`, overlaps `truth` in image pixels. */
export function findingCovers(finding: { box: Box }, truth: Box, factor: number): boolean {
  const { box } = finding;
  return box.x * factor < truth.x + truth.w && truth.x < (box.x + box.w) * factor && box.y * factor < truth.y + truth.h && truth.y < (box.y + box.h) * factor;
}

/**
 * Hides an obvious (contrast 1) dense block in the generated load of `options`, scores it with
 * `model` (dual energy) and expects p ≤ `redP` with a finding on the block.
 * @returns the model's output, for checks of its own.
 */
export async function expectDenseBlockFlagged(kernels: Kernels, model: AnomalyModel, options: { seed: number; cargo: CargoKind }, redP: number): Promise<ModelOutput> {
  const { scan, input } = modelScan(kernels, model, { ...options, anomaly: 'dense-block', contrast: 1 });
  const truth = scan.truth.anomalies[0].box;

  const out = await model.score(input);

  expect(out.pValue, `seed ${options.seed}`).toBeLessThanOrEqual(redP);
  expect(out.findings.some((f) => findingCovers(f, truth, input.factor)), `seed ${options.seed}`).toBe(true);
  return out;
}
