/**
 * WASM-accelerated training for TensorFlow.js's wasm backend: the gradient kernels that
 * @tensorflow/tfjs-backend-wasm 4.22 lacks (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter,
 * DepthwiseConv2dNativeBackpropInput), written in AssemblyScript with SIMD
 * (assembly/tfjs-gradients/, built to build/tfjs-gradients.wasm) and registered with
 * `tf.registerKernel`. Without them `model.fit` of any conv layer on the wasm backend throws
 * "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'".
 */
import * as tf from '@tensorflow/tfjs';
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
  depthwiseBackpropFilterReference,
  depthwiseBackpropInputReference,
} from './reference.js';

/** Options of {@link registerWasmGradientKernels}. */
export interface RegisterOptions {
  /** 'wasm' (default) runs the SIMD module; 'reference' runs the scalar TypeScript loops. */
  implementation?: 'wasm' | 'reference';
  /** The compiled module as bytes or a path; defaults to build/tfjs-gradients.wasm. */
  wasm?: BufferSource | string;
  /** Also replace kernels the wasm backend already provides (a later tfjs may add them). Default false. */
  replaceExisting?: boolean;
}

/** Which implementation registered which kernel, so repeated calls are no-ops. */
const registered = new Map<GradientKernel, { implementation: 'wasm' | 'reference'; config: tf.KernelConfig }>();

/**
 * Registers the missing gradient kernels for the 'wasm' backend. Idempotent: calling it again with
 * the same implementation changes nothing; with the other implementation it swaps them. Kernels the
 * backend already has are left alone unless `replaceExisting` is set. Call it before `model.fit`;
 * registering before or after `tf.setBackend('wasm')` both work.
 * @param options implementation, module source, replaceExisting
 * @returns the kernel names now served by this module
 * @throws ServiceUnavailableError when the WASM module is not built or cannot load
 * @example
 * await tf.setBackend('wasm');
 * registerWasmGradientKernels();
 * await model.fit(xs, ys);   // conv layers now train on the wasm backend
 */
export function registerWasmGradientKernels(options: RegisterOptions = {}): GradientKernel[] {
  const implementation = options.implementation ?? 'wasm';
  const pending = GRADIENT_KERNEL_NAMES.filter((name) => {
    const ours = registered.get(name);
    if (ours) return ours.implementation !== implementation;
    return options.replaceExisting === true || tf.getKernel(name, 'wasm') === undefined;
  });
  if (pending.length > 0) {
    const impl = implementation === 'wasm' ? wasmImplementation(loadGradientModule(options.wasm)) : referenceImplementation;
    const configs = gradientKernelConfigs(impl);
    for (const name of pending) {
      // Unregistering first keeps tfjs from warning that the kernel is already registered.
      if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
      tf.registerKernel(configs[name]);
      registered.set(name, { implementation, config: configs[name] });
    }
  }
  return [...registered.keys()];
}

/** Removes the kernels this module registered (kernels it left alone stay). Mainly for tests. */
export function unregisterWasmGradientKernels(): void {
  for (const [name, { config }] of registered) {
    if (tf.getKernel(name, 'wasm') === config) tf.unregisterKernel(name, 'wasm');
  }
  registered.clear();
}
