/**
 * Preprocessing on the WASM kernels: raw detector counts → attenuation (−ln T) at full resolution,
 * then area-downsampled to the model's pixel pitch, plus the dual-energy ratio when `low` exists.
 */
import type { Kernels, Plane } from '../kernels/index.js';

export interface ScanPixels {
  width: number;
  height: number;
  high: Uint16Array;
  low: Uint16Array | null;
}

export interface Calibration {
  airValue: number;
  darkValue: number;
  pixelSizeMm: number;
}

export interface PreprocessedScan {
  /** Attenuation at model resolution. */
  attenuation: Plane;
  /** A_low / A_high at model resolution, when dual energy. */
  ratio: Plane | null;
  /** Image pixels per model pixel along each axis. */
  factor: number;
}

/** Ratio is meaningless where almost nothing attenuates (air): below this it is set to 0. */
const MIN_RATIO_ATTENUATION = 0.05;

/** The integer downsample factor that brings `pixelSizeMm` closest to the model's pitch. */
export function downsampleFactor(pixelSizeMm: number, modelPixelMm: number): number {
  return Math.max(1, Math.round(modelPixelMm / pixelSizeMm));
}

export function preprocessScan(kernels: Kernels, scan: ScanPixels, calibration: Calibration, modelPixelMm: number): PreprocessedScan {
  const factor = downsampleFactor(calibration.pixelSizeMm, modelPixelMm);
  const toModelResolution = (raw: Uint16Array): Plane => {
    const attenuation = kernels.calibrate(raw, calibration.airValue, calibration.darkValue);
    return kernels.downsampleArea(attenuation, scan.width, scan.height, factor);
  };
  const attenuation = toModelResolution(scan.high);
  if (!scan.low) return { attenuation, ratio: null, factor };
  const low = toModelResolution(scan.low);
  const ratio = kernels.dualRatio(attenuation.data, low.data, MIN_RATIO_ATTENUATION);
  return { attenuation, ratio: { data: ratio, width: attenuation.width, height: attenuation.height }, factor };
}
