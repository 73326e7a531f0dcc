/**
 * WASM-accelerated training for TensorFlow.js's wasm backend: the gradient kernels that
 * @tensorflow/tfjs-backend-wasm 4.22 lacks (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter,
 * DepthwiseConv2dNativeBackpropInput) plus a SIMD Conv2DBackpropInput that replaces the stock scalar
 * one, written in AssemblyScript (assembly/tfjs-gradients/, built to build/tfjs-gradients.wasm) and
 * registered with `tf.registerKernel`. Without them `model.fit` of any conv layer on the wasm
 * backend throws "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'".
 */
import * as tf from '@tensorflow/tfjs';
// Registers the wasm backend and its stock kernels now, so a later import of the package cannot
// re-register the stock Conv2DBackpropInput over the one registered here.
import '@tensorflow/tfjs-backend-wasm';
import { loadGradientModule } from './gradient-module.js';
import {
  GRADIENT_KERNEL_NAMES,
  gradientKernelConfigs,
  referenceImplementation,
  wasmImplementation,
  type GradientKernel,
} from './kernel-configs.js';

export { GRADIENT_KERNEL_NAMES, type GradientKernel } from './kernel-configs.js';
export { convGeometry, type ConvGeometry } from './geometry.js';
export { loadGradientModule, GradientModule, DEFAULT_GRADIENTS_WASM } from './gradient-module.js';
export {
  conv2dBackpropFilterReference,
  conv2dBackpropInputReference,
  depthwiseBackpropFilterReference,
  depthwiseBackpropInputReference,
} from './reference.js';

/** Options of {@link registerWasmGradientKernels}. */
export interface RegisterOptions {
  /** 'wasm' (default) runs the SIMD module; 'reference' runs the scalar TypeScript loops. */
  implementation?: 'wasm' | 'reference';
  /** The compiled module as bytes or a path; defaults to build/tfjs-gradients.wasm. */
  wasm?: BufferSource | string;
  /**
   * Replace kernels the wasm backend already has (in 4.22: Conv2DBackpropInput, ~15× slower than
   * this one). Default true; false registers only the missing kernels. Stock kernels come back on
   * {@link unregisterWasmGradientKernels}.
   */
  replaceStock?: boolean;
}

interface Registration {
  implementation: 'wasm' | 'reference';
  config: tf.KernelConfig;
  /** The backend's own kernel this one replaced, restored on unregister. */
  stock?: tf.KernelConfig;
}

/** What this module registered, so repeated calls are no-ops and unregistering can restore. */
const registered = new Map<GradientKernel, Registration>();

/**
 * Registers the gradient kernels for the 'wasm' backend. Idempotent: calling it again with the same
 * implementation changes nothing; with the other implementation it swaps them. Call it before
 * `model.fit`; before or after `tf.setBackend('wasm')` both work.
 * @param options implementation, module source, replaceStock
 * @returns the kernel names now served by this module
 * @throws ServiceUnavailableError when the WASM module is not built or cannot load
 * @example
 * await tf.setBackend('wasm');
 * registerWasmGradientKernels();
 * await model.fit(xs, ys);   // conv layers now train on the wasm backend
 */
export function registerWasmGradientKernels(options: RegisterOptions = {}): GradientKernel[] {
  const implementation = options.implementation ?? 'wasm';
  const replaceStock = options.replaceStock ?? true;
  const pending = GRADIENT_KERNEL_NAMES.filter((name) => {
    const ours = registered.get(name);
    if (ours) return ours.implementation !== implementation;
    return replaceStock || tf.getKernel(name, 'wasm') === undefined;
  });
  if (pending.length > 0) {
    const impl = implementation === 'wasm' ? wasmImplementation(loadGradientModule(options.wasm)) : referenceImplementation;
    const stock: Partial<Record<GradientKernel, tf.KernelConfig>> = {};
    for (const name of pending) {
      const config = registered.has(name) ? registered.get(name)?.stock : tf.getKernel(name, 'wasm');
      if (config) stock[name] = config;
    }
    const configs = gradientKernelConfigs(impl, stock);
    for (const name of pending) {
      // Unregistering first keeps tfjs from warning that the kernel is already registered.
      if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
      tf.registerKernel(configs[name]);
      registered.set(name, { implementation, config: configs[name], stock: stock[name] });
    }
  }
  return [...registered.keys()];
}

/** Removes the kernels this module registered and puts back the stock ones they replaced. */
export function unregisterWasmGradientKernels(): void {
  for (const [name, { config, stock }] of registered) {
    if (tf.getKernel(name, 'wasm') !== config) continue;
    tf.unregisterKernel(name, 'wasm');
    if (stock) tf.registerKernel(stock);
  }
  registered.clear();
}
