/** The raw exports of build/kernels-{simd,scalar}.wasm (assembly/index.ts). Pointers are byte offsets. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  repairDeadRows(rawPtr: number, width: number, height: number, meansPtr: number, deadPtr: number): number;
  logApproxBatch(srcPtr: number, n: number, outPtr: number): void;
  calibrate(rawPtr: number, n: number, air: number, dark: number, outPtr: number, lutPtr: number): void;
  calibrationTable(air: number, dark: number, lutPtr: number): void;
  calibrateDownsample(rawPtr: number, width: number, height: number, lutPtr: number, factor: number, outPtr: number, rowPtr: number): void;
  downsampleArea(srcPtr: number, width: number, height: number, factor: number, outPtr: number, rowPtr: number): void;
  resampleArea(
    srcPtr: number, width: number, height: number, factor: number, outW: number, outH: number, outPtr: number, tmpPtr: number,
  ): void;
  dualRatio(highPtr: number, lowPtr: number, n: number, minAttenuation: number, outPtr: number): void;
  extractTiles(srcPtr: number, width: number, height: number, tile: number, outPtr: number): void;
  windowTo8bit(srcPtr: number, n: number, low: number, high: number, outPtr: number): void;
  heatmapOverlay(grayPtr: number, heatPtr: number, n: number, alpha: number, outPtr: number): void;
  gaussianBlur(
    srcPtr: number, width: number, height: number, weightsPtr: number, radius: number,
    outPtr: number, padPtr: number, tmpPtr: number, splatPtr: number,
  ): void;
  median3x3(srcPtr: number, width: number, height: number, outPtr: number, padPtr: number, sortedPtr: number): void;
  sobelMagnitude(srcPtr: number, width: number, height: number, outPtr: number, padPtr: number): void;
  histogram(srcPtr: number, n: number, bins: number, min: number, max: number, outPtr: number, scratchPtr: number): void;
  minMax(srcPtr: number, n: number, outPtr: number): void;
  clahe(
    srcPtr: number, width: number, height: number, tilesX: number, tilesY: number, clipLimit: number,
    outPtr: number, lutPtr: number, histPtr: number, colPtr: number,
  ): void;
  materialMap(highPtr: number, ratioPtr: number, n: number, curvesPtr: number, outPtr: number): void;
  materialColor(classPtr: number, grayPtr: number, n: number, palettePtr: number, outPtr: number): void;
}
