import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GRADIENT_KERNEL_NAMES,
  registerWasmGradientKernels,
  unregisterWasmGradientKernels,
} from '../../../models/wasm-gradients/index.js';
import { randomValues, useBackend } from './helpers.js';

/** dFilter of a small strided conv on the current backend. */
function filterGradient(): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 3, 61), [2, 9, 9, 3]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 3 * 5, 62), [3, 3, 3, 5]);
    return tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, 2, 'same'))))(filter).dataSync() as Float32Array;
  });
}

describe('registerWasmGradientKernels', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterEach(() => {
    unregisterWasmGradientKernels();
  });

  it('when nothing is registered then the stock wasm backend cannot differentiate conv2d', () => {
    expect(filterGradient).toThrow(/Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'/);
  });

  it('when called twice then the second call changes nothing and the kernels stay ours', () => {
    const first = registerWasmGradientKernels();
    const configs = GRADIENT_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm'));

    const second = registerWasmGradientKernels();

    expect(first).toEqual([...GRADIENT_KERNEL_NAMES]);
    expect(second).toEqual(first);
    expect(GRADIENT_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm'))).toEqual(configs);
    expect(configs.every((config) => config?.backendName === 'wasm')).toBe(true);
  });

  it('when the reference implementation replaces the wasm one then both give the same gradient', () => {
    registerWasmGradientKernels({ implementation: 'wasm' });
    const wasm = filterGradient();

    registerWasmGradientKernels({ implementation: 'reference' });
    const reference = filterGradient();

    expect(Array.from(wasm, (v, i) => Math.abs(v - reference[i])).every((d) => d <= 1e-3)).toBe(true);
    expect(Math.max(...reference.map(Math.abs))).toBeGreaterThan(1);
  });

  it('when unregistered then the missing kernels are gone and the stock Conv2DBackpropInput is back', () => {
    const stock = tf.getKernel('Conv2DBackpropInput', 'wasm');
    registerWasmGradientKernels();
    const replaced = tf.getKernel('Conv2DBackpropInput', 'wasm');

    unregisterWasmGradientKernels();

    expect(replaced).not.toBe(stock);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(stock);
    expect(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']
      .map((name) => tf.getKernel(name, 'wasm'))).toEqual([undefined, undefined, undefined]);
  });

  it('when replaceStock is false then only the kernels the backend lacks are registered', () => {
    const stock = tf.getKernel('Conv2DBackpropInput', 'wasm');

    const names = registerWasmGradientKernels({ replaceStock: false });

    expect(names).toEqual(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(stock);
  });

  it('when the module file is missing then it throws a ServiceUnavailable error that says how to build it', () => {
    const call = () => registerWasmGradientKernels({ wasm: '/nonexistent/tfjs-gradients.wasm' });

    expect(call).toThrow(expect.objectContaining({ code: 'SCANGATE_ERR_UNAVAILABLE' }));
    expect(call).toThrow(/npm run build:wasm-gradients/);
  });

  it('when a depthwise conv with dilation 2 is differentiated then it is rejected before any kernel runs', () => {
    registerWasmGradientKernels();
    const x = tf.tensor4d(randomValues(64, 63), [1, 8, 8, 1]);
    const f = tf.tensor4d(randomValues(9, 64), [3, 3, 1, 1]);

    expect(() => tf.grad((v: tf.Tensor) => tf.sum(tf.depthwiseConv2d(v as tf.Tensor4D, f, 1, 'same', 'NHWC', 2)))(x))
      .toThrow(/dilation/);
    tf.dispose([x, f]);
  });
});
