/**
 * Kernels on planes resident in WASM memory: upload a scan once, chain kernels on handles without
 * copying, download what you keep once, then reset or close at the end of the scan. This removes the
 * copy in and out that every {@link Kernels} call pays (bench/README.md, boundary profile).
 *
 * Memory: planes are bump-allocated on the instance's resident stack (wasm-memory.ts); `reset()`
 * frees every plane of the session at once, `close()` also ends the session. Sessions nest: only
 * the innermost open one allocates, and they close in reverse order of opening (try/finally).
 * Copying `Kernels` calls made while a session is open work above its planes and never touch them.
 */
import { areaOutputSize } from './area.js';
import { DEFAULT_MATERIAL_CURVES, packedCurves, packedPalette, type MaterialCurves } from './material.js';
import { degenerateWindow, PERCENTILE_BINS, windowFromHistogram, type Window } from './percentile.js';
import {
  checkAirDark, checkBuffer, checkInteger, checkMaterialCurves, checkMinAttenuation, checkNumber, checkPercentiles,
  checkWindowBounds, describe, described, fail, MAX_SIDE,
} from './validate.js';
import type { KernelExports } from './wasm-exports.js';
import type { WasmArena } from './wasm-memory.js';
import { BYTES_PER_PIXEL, PlaneLease, WasmPlane, type PixelArrays, type PixelFormat } from './wasm-plane.js';
import { repairedRows } from './wasm-spatial.js';

/** Scratch of assembly/calibrate.ts: a 65536-entry f32 table and the u16 ramp it is built from. */
export const CALIBRATION_TABLE_BYTES = 65536 * 6;

const UPLOAD_CTOR = { u16: Uint16Array, f32: Float32Array, u8: Uint8Array } as const;

export class KernelSession {
  readonly #wasm: KernelExports;
  readonly #arena: WasmArena;
  readonly #mark: number;
  #lease: PlaneLease;
  #open = true;
  /** The calibration table built in this session's memory, reused while air and dark stay the same. */
  #table: { ptr: number; air: number; dark: number } | undefined;

  /** Opened by `WasmKernels.session()`. */
  constructor(wasm: KernelExports, arena: WasmArena) {
    this.#wasm = wasm;
    this.#arena = arena;
    this.#mark = arena.push(this);
    this.#lease = new PlaneLease(arena.memory);
  }

  /** Bytes this session's planes hold now. */
  get bytesInUse(): number {
    return this.#open ? this.#arena.floor - this.#mark : 0;
  }

  /** Copies a raw detector image in. */
  fromU16(data: Uint16Array, width: number, height: number): WasmPlane<'u16'> {
    return this.#upload('u16', data, width, height);
  }

  /** Copies an f32 image (attenuation, ratio, heatmap) in. */
  fromF32(data: Float32Array, width: number, height: number): WasmPlane<'f32'> {
    return this.#upload('f32', data, width, height);
  }

  /** Copies an 8-bit image (gray, material classes) in. */
  fromU8(data: Uint8Array, width: number, height: number): WasmPlane<'u8'> {
    return this.#upload('u8', data, width, height);
  }

  /**
   * An uninitialised plane, e.g. to decode into through `plane.view()` without a second copy.
   * @throws KernelArgumentError on a bad format or size, or when this session is not the innermost
   */
  allocate<F extends PixelFormat>(format: F, width: number, height: number): WasmPlane<F> {
    if (typeof format !== 'string' || !Object.hasOwn(BYTES_PER_PIXEL, format)) fail('format', "'u16', 'f32', 'u8' or 'rgba8'", format);
    this.#checkSize(width, height);
    this.#checkInnermost();
    return this.#plane(format, width, height);
  }

  /**
   * {@link Kernels.repairDeadRows} in place on a resident raw plane (no copy in or out).
   * @returns the repaired rows, ascending
   */
  repairDeadRows(raw: WasmPlane<'u16'>): number[] {
    this.#check('raw', raw, 'u16');
    this.#checkInnermost();
    const { width, height } = raw;
    const [meansPtr, deadPtr] = this.#arena.reserve([(height + 6) * 8, height]);
    const repaired = this.#wasm.repairDeadRows(raw.ptr, width, height, meansPtr, deadPtr);
    return repairedRows(this.#arena.u8(deadPtr, height), repaired);
  }

  /** {@link Kernels.calibrate} on a resident raw plane: A = −ln(max(v − dark, 1) / (air − dark)). */
  calibrate(raw: WasmPlane<'u16'>, air: number, dark: number): WasmPlane<'f32'> {
    this.#check('raw', raw, 'u16');
    checkAirDark(air, dark);
    this.#checkInnermost();
    const out = this.#plane('f32', raw.width, raw.height);
    const [lut] = this.#arena.reserve([CALIBRATION_TABLE_BYTES]);
    this.#wasm.calibrate(raw.ptr, raw.pixels, air, dark, out.ptr, lut);
    return out;
  }

  /**
   * Calibration fused with area downsampling: equal bit for bit to `downsampleArea(calibrate(raw))`
   * but never writes the full-resolution attenuation (integer factors; a fractional factor
   * calibrates into scratch and resamples). The calibration table is built once per (air, dark) in
   * a session, so the second energy of a scan reuses it.
   */
  calibrateDownsample(raw: WasmPlane<'u16'>, air: number, dark: number, factor: number): WasmPlane<'f32'> {
    this.#check('raw', raw, 'u16');
    checkAirDark(air, dark);
    checkNumber('factor', factor, 1, MAX_SIDE);
    this.#checkInnermost();
    const { width, height } = raw;
    const lut = this.#calibrationTable(air, dark);
    const out = this.#plane('f32', areaOutputSize(width, factor), areaOutputSize(height, factor));
    if (Number.isInteger(factor)) {
      const [row] = this.#arena.reserve([width * 4]);
      this.#wasm.calibrateDownsample(raw.ptr, width, height, lut, factor, out.ptr, row);
    } else {
      const [full, scratch] = this.#arena.reserve([raw.pixels * 4, width * 4 + 16 + out.width * 20]);
      this.#wasm.calibrate(raw.ptr, raw.pixels, air, dark, full, lut);
      this.#wasm.resampleArea(full, width, height, factor, out.width, out.height, out.ptr, scratch);
    }
    return out;
  }

  /** {@link Kernels.downsampleArea} on a resident plane (any factor 1..8192). */
  downsampleArea(src: WasmPlane<'f32'>, factor: number): WasmPlane<'f32'> {
    this.#check('src', src, 'f32');
    checkNumber('factor', factor, 1, MAX_SIDE);
    this.#checkInnermost();
    const { width, height } = src;
    const out = this.#plane('f32', areaOutputSize(width, factor), areaOutputSize(height, factor));
    if (Number.isInteger(factor)) {
      const [row] = this.#arena.reserve([width * 4]);
      this.#wasm.downsampleArea(src.ptr, width, height, factor, out.ptr, row);
    } else {
      const [scratch] = this.#arena.reserve([width * 4 + 16 + out.width * 20]);
      this.#wasm.resampleArea(src.ptr, width, height, factor, out.width, out.height, out.ptr, scratch);
    }
    return out;
  }

  /** {@link Kernels.dualRatio}: A_low / A_high where A_high ≥ minAttenuation, else 0. */
  dualRatio(high: WasmPlane<'f32'>, low: WasmPlane<'f32'>, minAttenuation: number): WasmPlane<'f32'> {
    this.#check('high', high, 'f32');
    this.#check('low', low, 'f32', high);
    checkMinAttenuation('minAttenuation', minAttenuation);
    this.#checkInnermost();
    const out = this.#plane('f32', high.width, high.height);
    this.#wasm.dualRatio(high.ptr, low.ptr, high.pixels, minAttenuation, out.ptr);
    return out;
  }

  /** {@link Kernels.windowTo8bit}: 0 at `low`, 255 at `high`. */
  windowTo8bit(src: WasmPlane<'f32'>, low: number, high: number): WasmPlane<'u8'> {
    this.#check('src', src, 'f32');
    checkWindowBounds(low, high);
    this.#checkInnermost();
    const out = this.#plane('u8', src.width, src.height);
    this.#wasm.windowTo8bit(src.ptr, src.pixels, low, high, out.ptr);
    return out;
  }

  /** {@link Kernels.percentileWindow} of a resident plane (nothing is allocated on the stack). */
  percentileWindow(src: WasmPlane<'f32'>, lowPercent: number, highPercent: number): Window {
    this.#check('src', src, 'f32');
    checkPercentiles(lowPercent, highPercent);
    const [rangePtr, histPtr, scratchPtr] = this.#arena.reserve([8, PERCENTILE_BINS * 4, 4 * (PERCENTILE_BINS + 1) * 4]);
    this.#wasm.minMax(src.ptr, src.pixels, rangePtr);
    const [min, max] = new Float32Array(this.#arena.memory.buffer, rangePtr, 2);
    const degenerate = degenerateWindow(min, max);
    if (degenerate) return degenerate;
    this.#wasm.histogram(src.ptr, src.pixels, PERCENTILE_BINS, min, max, histPtr, scratchPtr);
    return windowFromHistogram(new Uint32Array(this.#arena.memory.buffer, histPtr, PERCENTILE_BINS), min, max, lowPercent, highPercent);
  }

  /** {@link Kernels.heatmapOverlay}: a [0, 1] heatmap blended over 8-bit gray into RGBA. */
  heatmapOverlay(gray: WasmPlane<'u8'>, heat: WasmPlane<'f32'>, alpha: number): WasmPlane<'rgba8'> {
    this.#check('gray', gray, 'u8');
    this.#check('heat', heat, 'f32', gray);
    checkNumber('alpha', alpha, 0, 1);
    this.#checkInnermost();
    const out = this.#plane('rgba8', gray.width, gray.height);
    this.#wasm.heatmapOverlay(gray.ptr, heat.ptr, gray.pixels, alpha, out.ptr);
    return out;
  }

  /** {@link Kernels.materialMap}: class 0..4 per pixel from A_high and the dual ratio. */
  materialMap(high: WasmPlane<'f32'>, ratio: WasmPlane<'f32'>, curves?: MaterialCurves): WasmPlane<'u8'> {
    this.#check('high', high, 'f32');
    this.#check('ratio', ratio, 'f32', high);
    checkMaterialCurves(curves);
    this.#checkInnermost();
    const out = this.#plane('u8', high.width, high.height);
    const [curvesPtr] = this.#arena.reserve([36]);
    new Float32Array(this.#arena.memory.buffer, curvesPtr, 9).set(packedCurves(curves ?? DEFAULT_MATERIAL_CURVES));
    this.#wasm.materialMap(high.ptr, ratio.ptr, high.pixels, curvesPtr, out.ptr);
    return out;
  }

  /** {@link Kernels.materialColor}: RGBA pseudo-colour of material classes over gray. */
  materialColor(classes: WasmPlane<'u8'>, gray: WasmPlane<'u8'>): WasmPlane<'rgba8'> {
    this.#check('classes', classes, 'u8');
    this.#check('gray', gray, 'u8', classes);
    this.#checkInnermost();
    const out = this.#plane('rgba8', classes.width, classes.height);
    const [palettePtr] = this.#arena.reserve([48]);
    new Uint8Array(this.#arena.memory.buffer, palettePtr, 48).set(packedPalette());
    this.#wasm.materialColor(classes.ptr, gray.ptr, classes.pixels, palettePtr, out.ptr);
    return out;
  }

  /**
   * Frees every plane of this session (their handles turn stale: using one throws) and keeps the
   * session open for the next scan. Memory is not returned to the system: WASM memory never shrinks.
   */
  reset(): void {
    this.#checkInnermost();
    this.#lease.live = false;
    this.#lease = new PlaneLease(this.#arena.memory);
    this.#table = undefined;
    this.#arena.release(this.#mark);
  }

  /** Frees every plane and ends the session; closing twice is a no-op. */
  close(): void {
    if (!this.#open) return;
    this.#checkInnermost();
    this.#lease.live = false;
    this.#open = false;
    this.#table = undefined;
    this.#arena.pop(this, this.#mark);
  }

  #upload<F extends 'u16' | 'f32' | 'u8'>(format: F, data: PixelArrays[F], width: number, height: number): WasmPlane<F> {
    checkBuffer('data', data, UPLOAD_CTOR[format]);
    this.#checkSize(width, height);
    if (data.length !== width * height) fail('data', `length ${width * height} (width × height)`, data.length);
    this.#checkInnermost();
    const plane = this.#plane(format, width, height);
    plane.view().set(data as never);
    return plane;
  }

  #calibrationTable(air: number, dark: number): number {
    const cached = this.#table;
    if (cached && cached.air === air && cached.dark === dark) return cached.ptr;
    const ptr = cached?.ptr ?? this.#arena.allocate(CALIBRATION_TABLE_BYTES);
    this.#wasm.calibrationTable(air, dark, ptr);
    this.#table = { ptr, air, dark };
    return ptr;
  }

  #plane<F extends PixelFormat>(format: F, width: number, height: number): WasmPlane<F> {
    const ptr = this.#arena.allocate(width * height * BYTES_PER_PIXEL[format]);
    return new WasmPlane(this.#lease, format, width, height, ptr);
  }

  #checkSize(width: unknown, height: unknown): void {
    checkInteger('width', width, 1, MAX_SIDE);
    checkInteger('height', height, 1, MAX_SIDE);
  }

  /** Checks a plane argument: a live plane of this instance, of `format`, sized like `like`. */
  #check(name: string, value: unknown, format: PixelFormat, like?: WasmPlane): void {
    if (!(value instanceof WasmPlane)) fail(name, `WasmPlane of format ${format}`, describe(value));
    if (value.format !== format) fail(name, `WasmPlane of format ${format}`, described(`format ${value.format}`));
    if (!value.belongsTo(this.#arena.memory)) fail(name, 'a plane of this kernels instance', described('a plane of another instance'));
    if (!value.live) fail(name, 'a live plane', described('a plane released by reset() or close()'));
    if (like && (value.width !== like.width || value.height !== like.height)) {
      fail(name, `plane of ${like.width}×${like.height} (same as the first)`, described(`${value.width}×${value.height}`));
    }
  }

  #checkInnermost(): void {
    if (!this.#open) fail('session', 'an open session', described('a closed session'));
    if (!this.#arena.isInnermost(this)) fail('session', 'the innermost open session', described('a session with a nested session still open'));
  }
}
