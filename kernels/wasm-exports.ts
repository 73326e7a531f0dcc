/** The raw exports of build/kernels-{simd,scalar}.wasm (assembly/index.ts). Pointers are byte offsets. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  logApproxBatch(srcPtr: number, n: number, outPtr: number): void;
  calibrate(rawPtr: number, n: number, air: number, dark: number, outPtr: number): void;
  downsampleArea(srcPtr: number, width: number, height: number, factor: number, outPtr: number, rowPtr: number): void;
  dualRatio(highPtr: number, lowPtr: number, n: number, minAttenuation: number, outPtr: number): void;
  extractTiles(srcPtr: number, width: number, height: number, tile: number, outPtr: number): void;
  windowTo8bit(srcPtr: number, n: number, low: number, high: number, outPtr: number): void;
  heatmapOverlay(grayPtr: number, heatPtr: number, n: number, alpha: number, outPtr: number): void;
}
