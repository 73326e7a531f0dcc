/** WASM bindings of the per-pixel kernels: validate, reserve, copy in, run, copy out. */
import { DEFAULT_MATERIAL_CURVES, packedCurves, packedPalette, type MaterialCurves } from './material.js';
import type { Kernels } from './types.js';
import {
  checkCalibrate, checkDualRatio, checkHeatmapOverlay, checkMaterialColor, checkMaterialMap, checkWindow,
} from './validate.js';
import type { KernelExports } from './wasm-exports.js';
import { copyOut, type WasmArena } from './wasm-memory.js';

/** Scratch of assembly/calibrate.ts: a 65536-entry f32 table and the u16 ramp it is built from. */
const CALIBRATE_LUT_BYTES = 65536 * 6;

type PointwiseKernels = Pick<Kernels, 'calibrate' | 'dualRatio' | 'windowTo8bit' | 'heatmapOverlay' | 'materialMap' | 'materialColor'>;

/** Binds the per-pixel kernels of one instance. */
export function bindPointwise(wasm: KernelExports, arena: WasmArena): PointwiseKernels {
  const palette = packedPalette();
  return {
    calibrate(raw: Uint16Array, air: number, dark: number, out?: Float32Array): Float32Array {
      checkCalibrate(raw, air, dark, out);
      const n = raw.length;
      const [rawPtr, outPtr, lutPtr] = arena.reserve([n * 2, n * 4, CALIBRATE_LUT_BYTES]);
      arena.u16(rawPtr, n).set(raw);
      wasm.calibrate(rawPtr, n, air, dark, outPtr, lutPtr);
      return copyOut(arena.f32(outPtr, n), out);
    },

    dualRatio(high: Float32Array, low: Float32Array, minAttenuation: number, out?: Float32Array): Float32Array {
      checkDualRatio(high, low, minAttenuation, out);
      const n = high.length;
      const [highPtr, lowPtr, outPtr] = arena.reserve([n * 4, n * 4, n * 4]);
      arena.f32(highPtr, n).set(high);
      arena.f32(lowPtr, n).set(low);
      wasm.dualRatio(highPtr, lowPtr, n, minAttenuation, outPtr);
      return copyOut(arena.f32(outPtr, n), out);
    },

    windowTo8bit(src: Float32Array, low: number, high: number, out?: Uint8Array): Uint8Array {
      checkWindow(src, low, high, out);
      const n = src.length;
      const [srcPtr, outPtr] = arena.reserve([n * 4, n]);
      arena.f32(srcPtr, n).set(src);
      wasm.windowTo8bit(srcPtr, n, low, high, outPtr);
      return copyOut(arena.u8(outPtr, n), out);
    },

    heatmapOverlay(gray: Uint8Array, heat: Float32Array, alpha: number, out?: Uint8Array): Uint8Array {
      checkHeatmapOverlay(gray, heat, alpha, out);
      const n = gray.length;
      const [grayPtr, heatPtr, outPtr] = arena.reserve([n, n * 4, n * 4]);
      arena.u8(grayPtr, n).set(gray);
      arena.f32(heatPtr, n).set(heat);
      wasm.heatmapOverlay(grayPtr, heatPtr, n, alpha, outPtr);
      return copyOut(arena.u8(outPtr, n * 4), out);
    },

    materialMap(high: Float32Array, ratio: Float32Array, curves?: MaterialCurves, out?: Uint8Array): Uint8Array {
      checkMaterialMap(high, ratio, curves, out);
      const n = high.length;
      const [highPtr, ratioPtr, curvesPtr, outPtr] = arena.reserve([n * 4, n * 4, 36, n]);
      arena.f32(highPtr, n).set(high);
      arena.f32(ratioPtr, n).set(ratio);
      arena.f32(curvesPtr, 9).set(packedCurves(curves ?? DEFAULT_MATERIAL_CURVES));
      wasm.materialMap(highPtr, ratioPtr, n, curvesPtr, outPtr);
      return copyOut(arena.u8(outPtr, n), out);
    },

    materialColor(classes: Uint8Array, gray: Uint8Array, out?: Uint8Array): Uint8Array {
      checkMaterialColor(classes, gray, out);
      const n = classes.length;
      const [classPtr, grayPtr, palettePtr, outPtr] = arena.reserve([n, n, 48, n * 4]);
      arena.u8(classPtr, n).set(classes);
      arena.u8(grayPtr, n).set(gray);
      arena.u8(palettePtr, 48).set(palette);
      wasm.materialColor(classPtr, grayPtr, n, palettePtr, outPtr);
      return copyOut(arena.u8(outPtr, n * 4), out);
    },
  };
}
