import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerWasmGradientKernels } from '../../../models/wasm-gradients/index.js';
import { ATOL, RTOL, randomValues, useBackend, worstExcess } from './helpers.js';

/** Conv2DBackpropInput run directly, NCHW: the layout these kernels hand back to the stock kernel. */
function nchwInputGradient(): Float32Array {
  return tf.tidy(() => {
    const dy = tf.tensor4d(randomValues(2 * 4 * 5 * 5, 81), [2, 4, 5, 5]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 3 * 4, 82), [3, 3, 3, 4]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', inputShape: [2, 3, 5, 5] } as unknown as tf.NamedAttrMap;
    return (tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as tf.Tensor).dataSync() as Float32Array;
  });
}

// Its own file, so its process registers the kernels before the wasm backend has ever initialised.
describe('registerWasmGradientKernels before the wasm backend initialises', () => {
  it('when the replaced Conv2DBackpropInput gets NCHW data then the stock kernel answers it correctly', async () => {
    await useBackend('cpu');
    const cpu = nchwInputGradient();
    registerWasmGradientKernels();

    await useBackend('wasm');
    const wasm = nchwInputGradient();

    expect(Math.max(...cpu.map(Math.abs))).toBeGreaterThan(0.1);
    expect(worstExcess(wasm, cpu, RTOL)).toBeLessThanOrEqual(ATOL);
  });
});
