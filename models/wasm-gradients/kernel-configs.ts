/**
 * The tfjs kernel configs for the wasm backend. Each kernel validates its attributes, reads its
 * inputs straight from the wasm backend's heap, runs an implementation (the WASM module or the
 * scalar reference) and copies the result into an output tensor made by the backend.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { KernelArgumentError, invalidParameter } from '../../core/errors.js';
import { assertDyShape, convGeometry, type ConvAttrs, type ConvGeometry } from './geometry.js';
import type { GradientKernelName, GradientModule } from './gradient-module.js';
import {
  conv2dBackpropFilterReference,
  conv2dBackpropInputReference,
  depthwiseBackpropFilterReference,
  depthwiseBackpropInputReference,
} from './reference.js';

/** Computes one gradient kernel; the result may be a view that is only valid until the next call. */
export type GradientImplementation = (
  kernel: GradientKernelName, a: Float32Array, b: Float32Array, outLength: number, g: ConvGeometry,
) => Float32Array;

/**
 * The tfjs kernels this module provides for the wasm backend. 4.22 lacks all but
 * Conv2DBackpropInput, whose stock version is scalar and dominated the benchmark's training step.
 */
export const GRADIENT_KERNEL_NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
] as const;
export type GradientKernel = (typeof GRADIENT_KERNEL_NAMES)[number];

/** Runs the kernels in the compiled WASM module. */
export function wasmImplementation(module: GradientModule): GradientImplementation {
  return (kernel, a, b, outLength, g) => module.run(kernel, a, b, outLength, g);
}

/** Runs the scalar TypeScript references. */
export const referenceImplementation: GradientImplementation = (kernel, a, b, _outLength, g) => {
  switch (kernel) {
    case 'conv2dBackpropFilter': return conv2dBackpropFilterReference(a, b, g);
    case 'conv2dBackpropInput': return conv2dBackpropInputReference(a, b, g);
    case 'depthwiseBackpropFilter': return depthwiseBackpropFilterReference(a, b, g);
    case 'depthwiseBackpropInput': return depthwiseBackpropInputReference(a, b, g);
  }
};

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: NamedAttrMap;
}

/**
 * Builds the kernel configs around one implementation.
 * @param impl the implementation every kernel calls
 * @param stock the backend's own kernels being replaced; NCHW calls, which these kernels do not
 *   implement, are handed to them instead of failing
 */
export function gradientKernelConfigs(
  impl: GradientImplementation,
  stock: Partial<Record<GradientKernel, KernelConfig>> = {},
): Record<GradientKernel, KernelConfig> {
  const make = (
    kernelName: GradientKernel,
    module: GradientKernelName,
    depthwise: boolean,
    operands: (inputs: Record<string, TensorInfo>) => [TensorInfo, TensorInfo],
    shapes: (attrs: NamedAttrMap, a: TensorInfo, b: TensorInfo) => { x: number[]; filter: number[]; dy: number[]; out: number[] },
  ): KernelConfig => {
    const fallback = stock[kernelName];
    const kernelFunc = (args: KernelArgs): TensorInfo => {
      const { inputs, backend, attrs } = args;
      if (attrs.dataFormat === 'NCHW' && fallback) {
        return fallback.kernelFunc(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
      }
      const [a, b] = operands(inputs);
      for (const t of [a, b]) {
        if (t.dtype !== 'float32') {
          throw new KernelArgumentError(invalidParameter(`${kernelName} input dtype`, '"float32"', t.dtype));
        }
      }
      const s = shapes(attrs, a, b);
      const g = convGeometry(kernelName, s.x, s.filter, attrs as unknown as ConvAttrs, depthwise);
      assertDyShape(kernelName, s.dy, g, depthwise);
      // makeOutput may grow the backend's heap, so the input views are taken after it.
      const out = backend.makeOutput(s.out, 'float32');
      const result = impl(
        module,
        backend.typedArrayFromHeap(a) as Float32Array,
        backend.typedArrayFromHeap(b) as Float32Array,
        s.out.reduce((p, d) => p * d, 1),
        g,
      );
      (backend.typedArrayFromHeap(out) as Float32Array).set(result);
      return out;
    };
    return {
      kernelName,
      backendName: 'wasm',
      kernelFunc: kernelFunc as unknown as KernelFunc,
      // tfjs runs setup functions only for kernels registered when the backend initialises, so the
      // replaced kernel's setup (which binds its C++ function) must travel with this config.
      ...(fallback?.setupFunc ? { setupFunc: fallback.setupFunc } : {}),
      ...(fallback?.disposeFunc ? { disposeFunc: fallback.disposeFunc } : {}),
    };
  };

  const filterShapes = (attrs: NamedAttrMap, x: TensorInfo, dy: TensorInfo) => {
    const filter = attrs.filterShape as number[];
    return { x: x.shape, filter, dy: dy.shape, out: filter };
  };
  const inputShapes = (attrs: NamedAttrMap, dy: TensorInfo, filter: TensorInfo) => {
    const x = attrs.inputShape as number[];
    return { x, filter: filter.shape, dy: dy.shape, out: x };
  };
  return {
    Conv2DBackpropFilter: make('Conv2DBackpropFilter', 'conv2dBackpropFilter', false, (i) => [i.x, i.dy], filterShapes),
    Conv2DBackpropInput: make('Conv2DBackpropInput', 'conv2dBackpropInput', false, (i) => [i.dy, i.filter], inputShapes),
    DepthwiseConv2dNativeBackpropFilter: make(
      'DepthwiseConv2dNativeBackpropFilter', 'depthwiseBackpropFilter', true, (i) => [i.x, i.dy], filterShapes,
    ),
    DepthwiseConv2dNativeBackpropInput: make(
      'DepthwiseConv2dNativeBackpropInput', 'depthwiseBackpropInput', true, (i) => [i.dy, i.filter], inputShapes,
    ),
  };
}
