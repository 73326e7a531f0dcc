/**
 * Turns raw detector images into the model's input with the WASM kernels: dead detector rows
 * interpolated when the model asks (`detectorCorrected`), each energy calibrated and area-downsampled
 * to the model's pixel pitch, then the dual-energy ratio of the downsampled planes (averaging first
 * keeps the ratio out of the per-pixel noise). The worker takes the fused path
 * (`toModelInputFromRaw`); training and evaluation the step-by-step one (`calibratedAttenuation`,
 * then `toModelInput`), equal bit for bit, so the model always sees what it was trained on.
 */
import type { Kernels, Plane, RawScan } from '../../kernels/index.js';

/** Calibrated attenuation planes of one scan, as `kernels.calibrate` returns them. */
export interface AttenuationScan {
  high: Float32Array;
  low?: Float32Array;
  width: number;
  height: number;
  pixelSizeMm: number;
}

export interface ModelGeometry {
  modelPixelMm: number;
  ratioMinAttenuation: number;
  /** Interpolate dead detector rows of the raw images first (`kernels.repairDeadRows`); models from conv-seg 1.2.0 on. */
  deadRowRepair?: boolean;
}

export interface ModelInput {
  attenuation: Plane;
  ratio?: Plane;
  /** Image pixels per model pixel along each axis. */
  factor: number;
}

/** Image pixels per model pixel: round(modelPixelMm / pixelSizeMm), at least 1. */
export function downsampleFactor(modelPixelMm: number, pixelSizeMm: number): number {
  return Math.max(1, Math.round(modelPixelMm / pixelSizeMm));
}

/** Calibration levels and pitch as a scan manifest gives them; absent values are the domain's defaults. */
export interface ScanLevels {
  airValue?: number;
  darkValue?: number;
  pixelSizeMm?: number;
}

/**
 * Full-resolution attenuation of a raw scan as `model` wants it: dead rows repaired when its meta asks,
 * then each energy calibrated (air 60000, dark 0 and 5 mm unless `levels` says otherwise).
 */
export function calibratedAttenuation(kernels: Kernels, raw: RawScan, levels: ScanLevels, model: Pick<ModelGeometry, 'deadRowRepair'>): AttenuationScan {
  const scan = detectorCorrected(kernels, raw, model);
  const air = levels.airValue ?? 60000;
  const dark = levels.darkValue ?? 0;
  return {
    high: kernels.calibrate(scan.high, air, dark),
    low: scan.low ? kernels.calibrate(scan.low, air, dark) : undefined,
    width: scan.width,
    height: scan.height,
    pixelSizeMm: levels.pixelSizeMm ?? 5,
  };
}

/** Downsamples both energies to the model's resolution. */
export function downsampleEnergies(kernels: Kernels, scan: AttenuationScan, modelPixelMm: number): { high: Plane; low?: Plane; factor: number } {
  const factor = downsampleFactor(modelPixelMm, scan.pixelSizeMm);
  const high = kernels.downsampleArea(scan.high, scan.width, scan.height, factor);
  const low = scan.low ? kernels.downsampleArea(scan.low, scan.width, scan.height, factor) : undefined;
  return { high, low, factor };
}

/** The ratio plane A_low / A_high of two model-resolution planes. */
export function ratioPlane(kernels: Kernels, high: Plane, low: Plane, minAttenuation: number): Plane {
  return { data: kernels.dualRatio(high.data, low.data, minAttenuation), width: high.width, height: high.height };
}

/**
 * From attenuation that is already as the model wants it (`calibratedAttenuation`: this step does not
 * repair dead rows).
 * @example
 * const input = toModelInput(kernels, calibratedAttenuation(kernels, raw, manifest, model), model);
 * const output = await model.score(input);
 */
export function toModelInput(kernels: Kernels, scan: AttenuationScan, model: ModelGeometry): ModelInput {
  const { high, low, factor } = downsampleEnergies(kernels, scan, model.modelPixelMm);
  const ratio = low ? ratioPlane(kernels, high, low, model.ratioMinAttenuation) : undefined;
  return { attenuation: high, ratio, factor };
}

/** Raw detector images of one scan with the calibration levels and pixel pitch of its manifest. */
export interface RawModelScan extends RawScan {
  air: number;
  dark: number;
  pixelSizeMm: number;
}

/**
 * The model's input straight from raw detector counts in one kernel call (`kernels.preprocessForModel`:
 * dead rows repaired in place when the model asks, then calibration fused with downsampling): the same planes as
 * `toModelInput(kernels, calibratedAttenuation(…), model)`, bit for bit with the WASM kernels, without
 * writing the full-resolution attenuation.
 * @example
 * const input = toModelInputFromRaw(kernels, { width, height, high, low, air: 60000, dark: 0, pixelSizeMm: 5 }, model);
 */
export function toModelInputFromRaw(kernels: Kernels, scan: RawModelScan, model: ModelGeometry): ModelInput {
  const factor = downsampleFactor(model.modelPixelMm, scan.pixelSizeMm);
  const { air, dark } = scan;
  const repairDeadRows = model.deadRowRepair ?? false;
  const { high, ratio } = kernels.preprocessForModel(scan, { air, dark, factor, ratioMinAttenuation: model.ratioMinAttenuation, repairDeadRows });
  return { attenuation: high, ratio, factor };
}

/**
 * The raw images as the model was trained on them: with dead detector rows interpolated when the
 * model asks for it (a dead row is a line of maximal attenuation; where it crosses a wall or a
 * carton edge it looks like a small dense object), untouched otherwise.
 */
export function detectorCorrected<S extends RawScan>(kernels: Kernels, scan: S, model: Pick<ModelGeometry, 'deadRowRepair'>): S {
  if (!model.deadRowRepair) return scan;
  const high = kernels.repairDeadRows(scan.high, scan.width, scan.height).data;
  const low = scan.low ? kernels.repairDeadRows(scan.low, scan.width, scan.height).data : scan.low;
  return { ...scan, high, low };
}
