/**
 * Binds one kernels WebAssembly instance to the {@link Kernels} interface: validate, reserve arena
 * regions, copy inputs in through fresh views, run, copy the result out.
 */
import type { Kernels, Plane, Tiles, WasmVariant } from './types.js';
import {
  checkCalibrate, checkDownsample, checkDualRatio, checkExtractTiles, checkHeatmapOverlay, checkWindow,
} from './validate.js';
import type { KernelExports } from './wasm-exports.js';
import { WasmArena } from './wasm-memory.js';

/** Creates the {@link Kernels} facade over an instantiated kernels module. */
export function bindWasmKernels(wasm: KernelExports, variant: WasmVariant): Kernels {
  const arena = new WasmArena(wasm.memory, wasm.heapBase());

  return Object.freeze({
    variant,

    calibrate(raw: Uint16Array, air: number, dark: number, out?: Float32Array): Float32Array {
      checkCalibrate(raw, air, dark, out);
      const n = raw.length;
      const [rawPtr, outPtr] = arena.reserve([n * 2, n * 4]);
      arena.u16(rawPtr, n).set(raw);
      wasm.calibrate(rawPtr, n, air, dark, outPtr);
      return copyF32(arena.f32(outPtr, n), out);
    },

    downsampleArea(src: Float32Array, width: number, height: number, factor: number): Plane {
      checkDownsample(src, width, height, factor);
      const outW = Math.ceil(width / factor);
      const outH = Math.ceil(height / factor);
      const [srcPtr, outPtr, rowPtr] = arena.reserve([src.length * 4, outW * outH * 4, width * 4]);
      arena.f32(srcPtr, src.length).set(src);
      wasm.downsampleArea(srcPtr, width, height, factor, outPtr, rowPtr);
      return { data: arena.f32(outPtr, outW * outH).slice(), width: outW, height: outH };
    },

    dualRatio(high: Float32Array, low: Float32Array, minAttenuation: number, out?: Float32Array): Float32Array {
      checkDualRatio(high, low, minAttenuation, out);
      const n = high.length;
      const [highPtr, lowPtr, outPtr] = arena.reserve([n * 4, n * 4, n * 4]);
      arena.f32(highPtr, n).set(high);
      arena.f32(lowPtr, n).set(low);
      wasm.dualRatio(highPtr, lowPtr, n, minAttenuation, outPtr);
      return copyF32(arena.f32(outPtr, n), out);
    },

    extractTiles(src: Float32Array, width: number, height: number, tile: number): Tiles {
      checkExtractTiles(src, width, height, tile);
      const cols = Math.ceil(width / tile);
      const rows = Math.ceil(height / tile);
      const count = cols * rows * tile * tile;
      const [srcPtr, outPtr] = arena.reserve([src.length * 4, count * 4]);
      arena.f32(srcPtr, src.length).set(src);
      wasm.extractTiles(srcPtr, width, height, tile, outPtr);
      return { data: arena.f32(outPtr, count).slice(), cols, rows };
    },

    windowTo8bit(src: Float32Array, low: number, high: number, out?: Uint8Array): Uint8Array {
      checkWindow(src, low, high, out);
      const n = src.length;
      const [srcPtr, outPtr] = arena.reserve([n * 4, n]);
      arena.f32(srcPtr, n).set(src);
      wasm.windowTo8bit(srcPtr, n, low, high, outPtr);
      return copyU8(arena.u8(outPtr, n), out);
    },

    heatmapOverlay(gray: Uint8Array, heat: Float32Array, alpha: number, out?: Uint8Array): Uint8Array {
      checkHeatmapOverlay(gray, heat, alpha, out);
      const n = gray.length;
      const [grayPtr, heatPtr, outPtr] = arena.reserve([n, n * 4, n * 4]);
      arena.u8(grayPtr, n).set(gray);
      arena.f32(heatPtr, n).set(heat);
      wasm.heatmapOverlay(grayPtr, heatPtr, n, alpha, outPtr);
      return copyU8(arena.u8(outPtr, n * 4), out);
    },
  });
}

/** Copies a result view out of linear memory into `out` or a new array, so no view escapes. */
function copyF32(view: Float32Array, out?: Float32Array): Float32Array {
  if (!out) return view.slice();
  out.set(view);
  return out;
}

function copyU8(view: Uint8Array, out?: Uint8Array): Uint8Array {
  if (!out) return view.slice();
  out.set(view);
  return out;
}
