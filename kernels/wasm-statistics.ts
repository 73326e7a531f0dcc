/** WASM bindings of the histogram and the percentile window built on it. */
import { degenerateWindow, PERCENTILE_BINS, windowFromHistogram, type Window } from './percentile.js';
import type { Kernels } from './types.js';
import { checkHistogram, checkPercentileWindow } from './validate.js';
import type { KernelExports } from './wasm-exports.js';
import { copyOut, type WasmArena } from './wasm-memory.js';

type StatisticsKernels = Pick<Kernels, 'histogram' | 'percentileWindow'>;

/** Binds the statistics kernels of one instance. */
export function bindStatistics(wasm: KernelExports, arena: WasmArena): StatisticsKernels {
  return {
    histogram(src: Float32Array, bins: number, min: number, max: number): Uint32Array {
      checkHistogram(src, bins, min, max);
      const n = src.length;
      const [srcPtr, outPtr, scratchPtr] = arena.reserve([n * 4, bins * 4, 4 * (bins + 1) * 4]);
      arena.f32(srcPtr, n).set(src);
      wasm.histogram(srcPtr, n, bins, min, max, outPtr, scratchPtr);
      return copyOut(arena.u32(outPtr, bins));
    },

    percentileWindow(src: Float32Array, lowPercent: number, highPercent: number): Window {
      checkPercentileWindow(src, lowPercent, highPercent);
      const n = src.length;
      // One copy in serves both passes: range first, then the histogram over it.
      const [srcPtr, rangePtr, outPtr, scratchPtr] = arena.reserve([n * 4, 8, PERCENTILE_BINS * 4, 4 * (PERCENTILE_BINS + 1) * 4]);
      arena.f32(srcPtr, n).set(src);
      wasm.minMax(srcPtr, n, rangePtr);
      const [min, max] = arena.f32(rangePtr, 2);
      const degenerate = degenerateWindow(min, max);
      if (degenerate) return degenerate;
      wasm.histogram(srcPtr, n, PERCENTILE_BINS, min, max, outPtr, scratchPtr);
      const hist = copyOut(arena.u32(outPtr, PERCENTILE_BINS));
      return windowFromHistogram(hist, min, max, lowPercent, highPercent);
    },
  };
}
