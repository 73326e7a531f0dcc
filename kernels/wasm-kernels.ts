/**
 * Binds one kernels WebAssembly instance to the {@link Kernels} interface. Every method validates
 * its arguments, reserves arena regions, copies inputs in through fresh views, runs the kernel and
 * copies the result out, so no typed-array view outlives the call (or a memory.grow).
 */
import type { Kernels, WasmVariant } from './types.js';
import type { KernelExports } from './wasm-exports.js';
import { WasmArena } from './wasm-memory.js';
import { bindPointwise } from './wasm-pointwise.js';
import { bindSpatial } from './wasm-spatial.js';
import { bindStatistics } from './wasm-statistics.js';

/** Creates the {@link Kernels} facade over an instantiated kernels module. */
export function bindWasmKernels(wasm: KernelExports, variant: WasmVariant): Kernels {
  const arena = new WasmArena(wasm.memory, wasm.heapBase());
  return Object.freeze({
    variant,
    ...bindPointwise(wasm, arena),
    ...bindSpatial(wasm, arena),
    ...bindStatistics(wasm, arena),
  });
}
