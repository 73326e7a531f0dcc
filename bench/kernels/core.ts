/**
 * "Core" timings: each kernel called on data already in WASM linear memory, without the copies in
 * and out that the {@link Kernels} API makes. The gap between the two columns is the boundary cost.
 */
import { areaOutputSize } from '../../kernels/area.js';
import { gaussianRadius, gaussianWeights } from '../../kernels/gaussian.js';
import { DEFAULT_MATERIAL_CURVES, packedCurves, packedPalette } from '../../kernels/material.js';
import { instantiateKernelModule } from '../../kernels/load-kernels.js';
import type { WasmVariant } from '../../kernels/types.js';
import { WasmArena } from '../../kernels/wasm-memory.js';
import type { BenchInput } from './inputs.js';
import { PREPROCESS_CASE, PREPROCESS_OPTIONS } from './preprocess.js';

export const BLUR_SIGMA = 1.5;
export const DOWNSAMPLE_FACTOR = 2;
/** A fractional area factor, e.g. a 2 mm scan to a 5 mm model pitch. */
export const FRACTIONAL_FACTOR = 2.5;
export const TILE = 64;
export const CLAHE_TILES = 8;
export const CLAHE_CLIP = 2;

/** One raw runner per kernel name, over a fresh instance of `variant` with inputs preloaded. */
export function coreRunners(variant: WasmVariant, input: BenchInput): Record<string, () => void> {
  const wasm = instantiateKernelModule(variant);
  const arena = new WasmArena(wasm.memory, wasm.heapBase());
  const { width: w, height: h } = input.size;
  const n = input.n;
  const r = gaussianRadius(BLUR_SIGMA);
  const padded = (w + 2 * r) * (h + 2 * r) * 4;
  const tileBytes = Math.ceil(w / TILE) * Math.ceil(h / TILE) * TILE * TILE * 4;
  const [raw, rawLow, high, low, ratio, gray, classes, heat, out, scratch, scratch2, small] = arena.reserve([
    n * 2, n * 2, n * 4, n * 4, n * 4, n, n, n * 4, Math.max(n * 4, tileBytes), padded, padded, 1 << 20,
  ]);
  arena.u16(raw, n).set(input.rawHigh);
  arena.u16(rawLow, n).set(input.rawLow);
  arena.f32(high, n).set(input.high);
  arena.f32(low, n).set(input.low);
  arena.f32(ratio, n).set(input.ratio);
  arena.u8(gray, n).set(input.gray);
  arena.u8(classes, n).set(input.classes);
  arena.f32(heat, n).set(input.heat);
  // The small region holds weights, curves, palette and histogram scratch at fixed offsets.
  const weights = small;
  const splat = small + 4096;
  const curves = small + 8192;
  const palette = small + 8192 + 64;
  const hist = small + 16384;
  arena.f32(weights, 2 * r + 1).set(gaussianWeights(BLUR_SIGMA));
  arena.f32(curves, 9).set(packedCurves(DEFAULT_MATERIAL_CURVES));
  arena.u8(palette, 48).set(packedPalette());

  return {
    calibrate: () => wasm.calibrate(raw, n, 60000, 0, out, scratch),
    dualRatio: () => wasm.dualRatio(high, low, n, 0.1, out),
    windowTo8bit: () => wasm.windowTo8bit(high, n, 11, 0, out),
    heatmapOverlay: () => wasm.heatmapOverlay(gray, heat, n, 0.5, out),
    materialMap: () => wasm.materialMap(high, ratio, n, curves, out),
    materialColor: () => wasm.materialColor(classes, gray, n, palette, out),
    downsampleArea: () => wasm.downsampleArea(high, w, h, DOWNSAMPLE_FACTOR, out, scratch),
    [`downsampleArea ×${FRACTIONAL_FACTOR}`]: () => wasm.resampleArea(
      high, w, h, FRACTIONAL_FACTOR, areaOutputSize(w, FRACTIONAL_FACTOR), areaOutputSize(h, FRACTIONAL_FACTOR), out, scratch,
    ),
    [PREPROCESS_CASE]: () => {
      const { air, dark, factor: f, ratioMinAttenuation } = PREPROCESS_OPTIONS;
      const pixels = Math.ceil(w / f) * Math.ceil(h / f);
      const smallBytes = Math.ceil(pixels / 4) * 16;
      wasm.calibrationTable(air, dark, scratch);
      wasm.calibrateDownsample(raw, w, h, scratch, f, out, scratch2);
      wasm.calibrateDownsample(rawLow, w, h, scratch, f, out + smallBytes, scratch2);
      wasm.dualRatio(out, out + smallBytes, pixels, ratioMinAttenuation, out + 2 * smallBytes);
    },
    extractTiles: () => wasm.extractTiles(high, w, h, TILE, out),
    gaussianBlur: () => wasm.gaussianBlur(high, w, h, weights, r, out, scratch, scratch2, splat),
    median3x3: () => wasm.median3x3(high, w, h, out, scratch, scratch2),
    sobelMagnitude: () => wasm.sobelMagnitude(high, w, h, out, scratch),
    histogram: () => wasm.histogram(high, n, 4096, 0, 12, out, hist),
    clahe: () => wasm.clahe(gray, w, h, CLAHE_TILES, CLAHE_TILES, CLAHE_CLIP, out, scratch, hist, scratch2),
  };
}
