/**
 * Argument checks shared by every kernel implementation. They run before any WASM memory is touched
 * and throw `KernelArgumentError` with sharp-style messages ("Expected … for … but received …").
 */
import { invalidParameter, KernelArgumentError } from '../core/errors.js';

/** Largest accepted image side (domain.md: up to 8192 × 2048 per energy). */
export const MAX_SIDE = 8192;
/** Largest accepted pixel count of a flat buffer. */
export const MAX_PIXELS = MAX_SIDE * MAX_SIDE;
/** Largest accepted tile side for {@link Kernels.extractTiles}. */
export const MAX_TILE = 1024;

type TypedArrayCtor = Uint8ArrayConstructor | Uint16ArrayConstructor | Float32ArrayConstructor;

/** Throws the KernelArgumentError "Expected <expected> for <name> but received <received>". */
export function fail(name: string, expected: string, received: unknown): never {
  throw new KernelArgumentError(invalidParameter(name, expected, received), name);
}

/** A description shown unquoted by invalidParameter (which quotes plain strings). */
class Described {
  constructor(private readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A received-value description shown as is (invalidParameter quotes plain strings). */
export function described(text: string): unknown {
  return new Described(text);
}

/** How a received value is shown in a message: typed arrays by type and length, objects by class. */
export function describe(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return new Described(`${value.constructor.name} of length ${(value as Uint8Array).length}`);
  if (value !== null && typeof value === 'object') return new Described(value.constructor?.name ?? 'object');
  return value;
}

/** Checks `value` is a non-empty typed array of `ctor` with at most MAX_PIXELS elements. */
export function checkBuffer(name: string, value: unknown, ctor: TypedArrayCtor): void {
  if (!(value instanceof ctor)) fail(name, ctor.name, describe(value));
  if (value.length < 1 || value.length > MAX_PIXELS) fail(name, `${ctor.name} of length 1..${MAX_PIXELS}`, describe(value));
}

/** Checks an optional output buffer has the type and length the kernel will write. */
export function checkOut(name: string, value: unknown, ctor: TypedArrayCtor, length: number): void {
  if (value === undefined) return;
  if (!(value instanceof ctor) || value.length !== length) fail(name, `${ctor.name} of length ${length}`, describe(value));
}

/** Checks two buffers have the same length. */
export function checkSameLength(name: string, value: ArrayLike<number>, expected: number): void {
  if (value.length !== expected) fail(name, `length ${expected} (same as the first image)`, value.length);
}

/** Checks an integer in min..max. */
export function checkInteger(name: string, value: unknown, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(name, `integer ${min}..${max}`, value);
  }
}

/** Checks a finite number in [min, max]. */
export function checkNumber(name: string, value: unknown, min = -Number.MAX_VALUE, max = Number.MAX_VALUE): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = min === -Number.MAX_VALUE && max === Number.MAX_VALUE ? 'finite number' : `number ${min}..${max}`;
    fail(name, range, value);
  }
}

/** Checks a width × height image held in `src`. */
export function checkImage(src: unknown, width: unknown, height: unknown, ctor: TypedArrayCtor = Float32Array): void {
  checkBuffer('src', src, ctor);
  checkInteger('width', width, 1, MAX_SIDE);
  checkInteger('height', height, 1, MAX_SIDE);
  const expected = (width as number) * (height as number);
  if ((src as Float32Array).length !== expected) fail('src', `length ${expected} (width × height)`, (src as Float32Array).length);
}

/** Checks the calibration levels: air 1..65535, dark 0..65534 and below air. */
export function checkAirDark(air: unknown, dark: unknown): void {
  checkNumber('air', air, 1, 65535);
  checkNumber('dark', dark, 0, 65534);
  if ((dark as number) >= (air as number)) fail('dark', `number below air (${air as number})`, dark);
}

/** Validates calibrate's arguments. */
export function checkCalibrate(raw: unknown, air: unknown, dark: unknown, out: unknown): void {
  checkBuffer('raw', raw, Uint16Array);
  checkAirDark(air, dark);
  checkOut('out', out, Float32Array, (raw as Uint16Array).length);
}

/** Validates downsampleArea's arguments (any factor from 1, fractional ones included). */
export function checkDownsample(src: unknown, width: unknown, height: unknown, factor: unknown): void {
  checkImage(src, width, height);
  checkNumber('factor', factor, 1, MAX_SIDE);
}

/** Checks the dual ratio's attenuation threshold: finite and above 0. */
export function checkMinAttenuation(name: string, value: unknown): void {
  // Zero would let 0/0 through for air pixels; the ratio is meaningless below a little attenuation.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(name, 'finite number above 0', value);
}

/** Checks window bounds: two finite numbers that differ. */
export function checkWindowBounds(low: unknown, high: unknown): void {
  checkNumber('low', low);
  checkNumber('high', high);
  if (low === high) fail('high', `number different from low (${low as number})`, high);
}

/** Checks optional material curves: each three finite numbers. */
export function checkMaterialCurves(curves: unknown): void {
  if (curves === undefined) return;
  for (const key of ['organicInorganic', 'inorganicMetal', 'metalHighZ'] as const) {
    const curve = (curves as Record<string, unknown>)?.[key];
    if (!Array.isArray(curve) || curve.length !== 3 || !curve.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      fail(`curves.${key}`, 'three finite numbers [c0, c1, c2]', describe(curve));
    }
  }
}

/** Validates dualRatio's arguments. */
export function checkDualRatio(high: unknown, low: unknown, minAttenuation: unknown, out: unknown): void {
  checkBuffer('high', high, Float32Array);
  checkBuffer('low', low, Float32Array);
  checkSameLength('low', low as Float32Array, (high as Float32Array).length);
  checkMinAttenuation('minAttenuation', minAttenuation);
  checkOut('out', out, Float32Array, (high as Float32Array).length);
}

/** Validates preprocessForModel's arguments. */
export function checkPreprocess(scan: unknown, options: unknown): void {
  if (scan === null || typeof scan !== 'object') fail('scan', 'object { width, height, high, low? }', describe(scan));
  const { width, height, high, low } = scan as { width: unknown; height: unknown; high: unknown; low?: unknown };
  checkBuffer('scan.high', high, Uint16Array);
  checkInteger('scan.width', width, 1, MAX_SIDE);
  checkInteger('scan.height', height, 1, MAX_SIDE);
  const pixels = (high as Uint16Array).length;
  if (pixels !== width * height) fail('scan.high', `length ${width * height} (width × height)`, pixels);
  if (low !== undefined && low !== null) {
    if (!(low instanceof Uint16Array)) fail('scan.low', 'Uint16Array, null or undefined', describe(low));
    checkSameLength('scan.low', low, pixels);
  }
  if (options === null || typeof options !== 'object') fail('options', 'object { air, dark, factor, ratioMinAttenuation }', describe(options));
  const o = options as Record<string, unknown>;
  checkAirDark(o.air, o.dark);
  checkNumber('factor', o.factor, 1, MAX_SIDE);
  checkMinAttenuation('ratioMinAttenuation', o.ratioMinAttenuation);
  if (o.repairDeadRows !== undefined && typeof o.repairDeadRows !== 'boolean') fail('repairDeadRows', 'boolean or undefined', describe(o.repairDeadRows));
}

/** Validates extractTiles' arguments. */
export function checkExtractTiles(src: unknown, width: unknown, height: unknown, tile: unknown): void {
  checkImage(src, width, height);
  checkInteger('tile', tile, 1, MAX_TILE);
}

/** Validates windowTo8bit's arguments. */
export function checkWindow(src: unknown, low: unknown, high: unknown, out: unknown): void {
  checkBuffer('src', src, Float32Array);
  checkWindowBounds(low, high);
  checkOut('out', out, Uint8Array, (src as Float32Array).length);
}

/** Validates heatmapOverlay's arguments. */
export function checkHeatmapOverlay(gray: unknown, heat: unknown, alpha: unknown, out: unknown): void {
  checkBuffer('gray', gray, Uint8Array);
  checkBuffer('heat', heat, Float32Array);
  checkSameLength('heat', heat as Float32Array, (gray as Uint8Array).length);
  checkNumber('alpha', alpha, 0, 1);
  checkOut('out', out, Uint8Array, (gray as Uint8Array).length * 4);
}

/** Validates materialMap's arguments, including that each curve is three finite numbers. */
export function checkMaterialMap(high: unknown, ratio: unknown, curves: unknown, out: unknown): void {
  checkBuffer('high', high, Float32Array);
  checkBuffer('ratio', ratio, Float32Array);
  checkSameLength('ratio', ratio as Float32Array, (high as Float32Array).length);
  checkMaterialCurves(curves);
  checkOut('out', out, Uint8Array, (high as Float32Array).length);
}

/** Validates materialColor's arguments. */
export function checkMaterialColor(classes: unknown, gray: unknown, out: unknown): void {
  checkBuffer('classes', classes, Uint8Array);
  checkBuffer('gray', gray, Uint8Array);
  checkSameLength('gray', gray as Uint8Array, (classes as Uint8Array).length);
  checkOut('out', out, Uint8Array, (classes as Uint8Array).length * 4);
}

/** Validates gaussianBlur's arguments. */
export function checkGaussianBlur(src: unknown, width: unknown, height: unknown, sigma: unknown): void {
  checkImage(src, width, height);
  checkNumber('sigma', sigma, 0.3, 32);
}

/** Validates histogram's arguments. */
export function checkHistogram(src: unknown, bins: unknown, min: unknown, max: unknown): void {
  checkBuffer('src', src, Float32Array);
  checkInteger('bins', bins, 1, 65536);
  checkNumber('min', min);
  checkNumber('max', max);
  if ((max as number) <= (min as number)) fail('max', `number above min (${min as number})`, max);
}

/** Validates percentileWindow's arguments. */
export function checkPercentileWindow(src: unknown, lowPercent: unknown, highPercent: unknown): void {
  checkBuffer('src', src, Float32Array);
  checkPercentiles(lowPercent, highPercent);
}

/** Checks two percentiles 0..100, the second above the first. */
export function checkPercentiles(lowPercent: unknown, highPercent: unknown): void {
  checkNumber('lowPercent', lowPercent, 0, 100);
  checkNumber('highPercent', highPercent, 0, 100);
  if ((highPercent as number) <= (lowPercent as number)) fail('highPercent', `number above lowPercent (${lowPercent as number})`, highPercent);
}

/** Validates clahe's arguments and returns the options with defaults applied. */
export function checkClahe(
  src: unknown, width: unknown, height: unknown, options: unknown,
): { tilesX: number; tilesY: number; clipLimit: number } {
  checkImage(src, width, height, Uint8Array);
  const o = (options ?? {}) as { tilesX?: unknown; tilesY?: unknown; clipLimit?: unknown };
  const tilesX = o.tilesX ?? Math.min(8, width as number);
  const tilesY = o.tilesY ?? Math.min(8, height as number);
  const clipLimit = o.clipLimit ?? 2;
  checkInteger('tilesX', tilesX, 1, Math.min(64, width as number));
  checkInteger('tilesY', tilesY, 1, Math.min(64, height as number));
  checkNumber('clipLimit', clipLimit, 1, 256);
  return { tilesX, tilesY, clipLimit };
}
