// Entry of the kernels WebAssembly module (build/kernels-{simd,scalar}.wasm). Every kernel takes
// pointers into linear memory laid out by kernels/wasm-memory.ts; nothing here allocates.
export { heapBase } from './memory-layout';
export { logApproxBatch } from './log';
export { calibrate, calibrationTable } from './calibrate';
export { calibrateDownsample } from './calibrate-downsample';
export { downsampleArea } from './downsample-area';
export { dualRatio } from './dual-ratio';
export { extractTiles } from './extract-tiles';
export { windowTo8bit } from './window-to-8bit';
export { heatmapOverlay } from './heatmap-overlay';
export { gaussianBlur } from './gaussian-blur';
export { median3x3 } from './median-3x3';
export { sobelMagnitude } from './sobel';
export { histogram, minMax } from './histogram';
export { clahe } from './clahe';
export { materialMap, materialColor } from './material';
export { resampleArea } from './resample-area';
export { repairDeadRows } from './repair-dead-rows';
