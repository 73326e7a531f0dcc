/** WASM bindings of the kernels that look at neighbourhoods, blocks or tiles of an image. */
import { areaOutputSize } from './area.js';
import { gaussianRadius, gaussianWeights } from './gaussian.js';
import type { ClaheOptions, DeadRowRepair, Kernels, Plane, Tiles } from './types.js';
import { checkClahe, checkDownsample, checkExtractTiles, checkGaussianBlur, checkImage } from './validate.js';
import type { KernelExports } from './wasm-exports.js';
import { copyOut, type WasmArena } from './wasm-memory.js';

type SpatialKernels = Pick<Kernels, 'repairDeadRows' | 'downsampleArea' | 'extractTiles' | 'gaussianBlur' | 'median3x3' | 'sobelMagnitude' | 'clahe'>;

/** Binds the neighbourhood kernels of one instance. */
export function bindSpatial(wasm: KernelExports, arena: WasmArena): SpatialKernels {
  /** Copies `src` in, runs `run(srcPtr, outPtr, scratch…)`, copies a same-size plane out. */
  function samePlane(src: Float32Array, width: number, height: number, scratch: number[], run: (ptrs: number[]) => void): Plane {
    const n = src.length;
    const ptrs = arena.reserve([n * 4, n * 4, ...scratch]);
    arena.f32(ptrs[0], n).set(src);
    run(ptrs);
    return { data: copyOut(arena.f32(ptrs[1], n)), width, height };
  }

  return {
    repairDeadRows(raw: Uint16Array, width: number, height: number): DeadRowRepair {
      checkImage(raw, width, height, Uint16Array);
      const n = raw.length;
      const [rawPtr, meansPtr, deadPtr] = arena.reserve([n * 2, (height + 6) * 8, height]);
      arena.u16(rawPtr, n).set(raw);
      const repaired = wasm.repairDeadRows(rawPtr, width, height, meansPtr, deadPtr);
      const rows = repairedRows(arena.u8(deadPtr, height), repaired);
      return { data: copyOut(arena.u16(rawPtr, n)), rows };
    },

    downsampleArea(src: Float32Array, width: number, height: number, factor: number): Plane {
      checkDownsample(src, width, height, factor);
      const outW = areaOutputSize(width, factor);
      const outH = areaOutputSize(height, factor);
      const integer = Number.isInteger(factor);
      const scratch = integer ? width * 4 : width * 4 + 16 + outW * 20;
      const [srcPtr, outPtr, scratchPtr] = arena.reserve([src.length * 4, outW * outH * 4, scratch]);
      arena.f32(srcPtr, src.length).set(src);
      if (integer) wasm.downsampleArea(srcPtr, width, height, factor, outPtr, scratchPtr);
      else wasm.resampleArea(srcPtr, width, height, factor, outW, outH, outPtr, scratchPtr);
      return { data: copyOut(arena.f32(outPtr, outW * outH)), width: outW, height: outH };
    },

    extractTiles(src: Float32Array, width: number, height: number, tile: number): Tiles {
      checkExtractTiles(src, width, height, tile);
      const cols = Math.ceil(width / tile);
      const rows = Math.ceil(height / tile);
      const count = cols * rows * tile * tile;
      const [srcPtr, outPtr] = arena.reserve([src.length * 4, count * 4]);
      arena.f32(srcPtr, src.length).set(src);
      wasm.extractTiles(srcPtr, width, height, tile, outPtr);
      return { data: copyOut(arena.f32(outPtr, count)), cols, rows };
    },

    gaussianBlur(src: Float32Array, width: number, height: number, sigma: number): Plane {
      checkGaussianBlur(src, width, height, sigma);
      const r = gaussianRadius(sigma);
      const taps = 2 * r + 1;
      const pw = width + 2 * r;
      return samePlane(src, width, height, [taps * 4, pw * (height + 2 * r) * 4, pw * height * 4, taps * 16], (p) => {
        arena.f32(p[2], taps).set(gaussianWeights(sigma));
        wasm.gaussianBlur(p[0], width, height, p[2], r, p[1], p[3], p[4], p[5]);
      });
    },

    median3x3(src: Float32Array, width: number, height: number): Plane {
      checkImage(src, width, height);
      const pw = width + 2;
      return samePlane(src, width, height, [pw * (height + 2) * 4, 3 * pw * 4 + 16], (p) => {
        wasm.median3x3(p[0], width, height, p[1], p[2], p[3]);
      });
    },

    sobelMagnitude(src: Float32Array, width: number, height: number): Plane {
      checkImage(src, width, height);
      return samePlane(src, width, height, [(width + 2) * (height + 2) * 4], (p) => {
        wasm.sobelMagnitude(p[0], width, height, p[1], p[2]);
      });
    },

    clahe(src: Uint8Array, width: number, height: number, options?: ClaheOptions): Uint8Array {
      const { tilesX, tilesY, clipLimit } = checkClahe(src, width, height, options);
      const n = src.length;
      const [srcPtr, outPtr, lutPtr, histPtr, colPtr] = arena.reserve([n, n, tilesX * tilesY * 256, 1024, width * 8 + tilesX * 512]);
      arena.u8(srcPtr, n).set(src);
      wasm.clahe(srcPtr, width, height, tilesX, tilesY, clipLimit, outPtr, lutPtr, histPtr, colPtr);
      return copyOut(arena.u8(outPtr, n));
    },
  };
}

/** The rows the kernel flagged, ascending; none when it repaired none (all rows dead). */
export function repairedRows(dead: Uint8Array, repaired: number): number[] {
  const rows: number[] = [];
  for (let y = 0; y < dead.length && repaired > 0; y++) if (dead[y]) rows.push(y);
  return rows;
}
