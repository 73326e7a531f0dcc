/**
 * Preprocessing on the WASM kernels: raw detector counts → the model's input (attenuation and the
 * dual-energy ratio at the model's pixel pitch) in one fused call, which never writes the
 * full-resolution attenuation. Shares its semantics with training (models/inference/model-input.ts),
 * so the model always sees what it was trained on.
 */
import type { ScanManifest } from '../core/scan-manifest.js';
import type { Kernels } from '../kernels/index.js';
import { toModelInputFromRaw, type ModelGeometry, type ModelInput } from '../models/inference/model-input.js';

export interface ScanPixels {
  width: number;
  height: number;
  high: Uint16Array;
  low: Uint16Array | null;
}

export type CalibrationManifest = Pick<ScanManifest, 'airValue' | 'darkValue' | 'pixelSizeMm'>;

/**
 * Dead detector rows interpolated when the model was trained so, then air/dark calibration, area
 * downsampling to the model's pitch and the dual ratio, fused.
 */
export function preprocessScan(kernels: Kernels, scan: ScanPixels, manifest: CalibrationManifest, model: ModelGeometry): ModelInput {
  return toModelInputFromRaw(
    kernels, { ...scan, air: manifest.airValue, dark: manifest.darkValue, pixelSizeMm: manifest.pixelSizeMm }, model,
  );
}
