/**
 * Scangate preprocessing kernels: AssemblyScript/WebAssembly builds (assembly/ → build/) behind the
 * {@link Kernels} contract of docs/architecture.md, plus the plain TypeScript reference.
 */
export type { Kernels, KernelVariant, Plane, Tiles, WasmVariant } from './types.js';
export { loadKernels } from './load-kernels.js';
export { referenceKernels } from './reference/index.js';
