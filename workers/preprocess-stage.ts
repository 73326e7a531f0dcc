/**
 * Preprocessing on the WASM kernels: raw detector counts → attenuation (−ln T) at full resolution,
 * then the model's own input preparation (downsample to its pitch, dual-energy ratio), shared with
 * training so the model always sees what it was trained on.
 */
import type { ScanManifest } from '../core/scan-manifest.js';
import type { Kernels } from '../kernels/index.js';
import type { AttenuationScan } from '../models/inference/model-input.js';

export interface ScanPixels {
  width: number;
  height: number;
  high: Uint16Array;
  low: Uint16Array | null;
}

/** Air/dark calibration of both energies to attenuation at full resolution. */
export function calibrateScan(kernels: Kernels, scan: ScanPixels, manifest: Pick<ScanManifest, 'airValue' | 'darkValue' | 'pixelSizeMm'>): AttenuationScan {
  const calibrate = (raw: Uint16Array) => kernels.calibrate(raw, manifest.airValue, manifest.darkValue);
  return {
    high: calibrate(scan.high),
    low: scan.low ? calibrate(scan.low) : undefined,
    width: scan.width,
    height: scan.height,
    pixelSizeMm: manifest.pixelSizeMm,
  };
}
