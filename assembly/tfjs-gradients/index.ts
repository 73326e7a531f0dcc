// Gradient kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks (plus a SIMD Conv2DBackpropInput
// to replace its scalar one), built as their own module
// (build/tfjs-gradients.wasm) so they never share memory or a build with the preprocessing kernels.
// Bound and registered with tf.registerKernel by models/wasm-gradients/.
export { heapBase } from './memory-layout';
export { conv2dBackpropFilter } from './conv2d-backprop-filter';
export { conv2dBackpropInput } from './conv2d-backprop-input';
export { depthwiseBackpropFilter } from './depthwise-backprop-filter';
export { depthwiseBackpropInput } from './depthwise-backprop-input';
