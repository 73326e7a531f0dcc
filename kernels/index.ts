/**
 * Scangate preprocessing kernels: AssemblyScript/WebAssembly builds (assembly/ → build/) behind the
 * {@link Kernels} contract of docs/architecture.md, plus the plain TypeScript reference.
 */
export type { ClaheOptions, Kernels, KernelVariant, Plane, Tiles, WasmVariant, Window } from './types.js';
export {
  DEFAULT_MATERIAL_CURVES, MATERIAL_PALETTE, MaterialClass, type BoundaryCurve, type MaterialClassCode, type MaterialCurves,
} from './material.js';
export { loadKernels } from './load-kernels.js';
export { referenceKernels } from './reference/index.js';
