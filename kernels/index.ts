/**
 * Scangate preprocessing kernels: AssemblyScript/WebAssembly builds (assembly/ → build/) behind the
 * {@link Kernels} contract of docs/architecture.md, plus the plain TypeScript reference.
 */
export type {
  ClaheOptions, Kernels, KernelVariant, ModelPlanes, Plane, PreprocessOptions, RawScan, Tiles, WasmKernels, WasmVariant, Window,
} from './types.js';
export { KernelSession } from './wasm-session.js';
export { WasmPlane, type PixelArrays, type PixelFormat } from './wasm-plane.js';
export {
  DEFAULT_MATERIAL_CURVES, MATERIAL_PALETTE, MaterialClass, type BoundaryCurve, type MaterialClassCode, type MaterialCurves,
} from './material.js';
export { loadKernels } from './load-kernels.js';
export { referenceKernels } from './reference/index.js';
