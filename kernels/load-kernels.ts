/**
 * Loads the kernels WebAssembly module synchronously (fs + `new WebAssembly.Module`) and caches one
 * instance per variant per thread: module state is per worker thread, so the cache is too.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WasmKernels, WasmVariant } from './types.js';
import type { KernelExports } from './wasm-exports.js';
import { bindWasmKernels } from './wasm-kernels.js';

const cache = new Map<WasmVariant, WasmKernels>();

/** Absolute path of a built kernels module (`npm run build:wasm` writes it). */
export function kernelWasmPath(variant: WasmVariant): string {
  return fileURLToPath(new URL(`../build/kernels-${variant}.wasm`, import.meta.url));
}

/**
 * Instantiates a fresh kernels module and returns its raw exports. Use {@link loadKernels} instead;
 * this exists for tests and tools that need the raw ABI.
 * @throws Error naming the build command when the .wasm file is missing
 */
export function instantiateKernelModule(variant: WasmVariant): KernelExports {
  const path = kernelWasmPath(variant);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (cause) {
    throw new Error(`Kernels module ${path} is missing; run "npm run build:wasm"`, { cause });
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: {
      abort(): never {
        throw new Error('Kernels module aborted');
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}

function simdSupported(): boolean {
  // The smallest module whose one function returns a v128 constant; validates only with SIMD.
  const probe = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
  ]);
  return WebAssembly.validate(probe);
}

/**
 * Returns this thread's kernels instance for `variant`, creating it on first use. Its memory is
 * grown when a call needs more and then reused by every later call.
 * @param variant 'simd' (default when the runtime supports WASM SIMD) or 'scalar'
 * @throws Error when the module is missing (run `npm run build:wasm`)
 * @example
 * const k = loadKernels();
 * const attenuation = k.calibrate(raw, 60000, 0);
 */
export function loadKernels(variant?: WasmVariant): WasmKernels {
  const chosen = variant ?? (simdSupported() ? 'simd' : 'scalar');
  let kernels = cache.get(chosen);
  if (!kernels) {
    kernels = bindWasmKernels(instantiateKernelModule(chosen), chosen);
    cache.set(chosen, kernels);
  }
  return kernels;
}
