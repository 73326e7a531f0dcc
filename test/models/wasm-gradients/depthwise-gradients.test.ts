import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradientKernels, unregisterWasmGradientKernels } from '../../../models/wasm-gradients/index.js';
import { ATOL, RTOL, convGrads, randomValues, worstExcess } from './helpers.js';

interface Case { x: [number, number, number, number]; filter: [number, number, number, number]; strides: number; pad: 'same' | 'valid' }

// Multiplier 1 takes the channel-wise SIMD path (with a tail when inC is not a multiple of 4),
// multipliers ≥ 4 the splat path, 2 and 3 the scalar path.
const cases: Case[] = [
  { x: [2, 9, 7, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  { x: [1, 8, 8, 6], filter: [3, 3, 6, 2], strides: 1, pad: 'valid' },
  { x: [1, 7, 6, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { x: [2, 11, 9, 9], filter: [5, 5, 9, 1], strides: 2, pad: 'valid' },
  { x: [1, 6, 6, 2], filter: [2, 2, 2, 4], strides: 2, pad: 'same' },
];

describe('depthwise conv gradients on the wasm backend with the WASM kernels', () => {
  beforeAll(() => {
    registerWasmGradientKernels();
  });
  afterAll(() => {
    unregisterWasmGradientKernels();
  });

  it.each(cases)('when depthwiseConv2d is differentiated ($x / $filter) then both gradients match the cpu backend', async (c) => {
    const x = { shape: c.x, values: randomValues(c.x.reduce((p, d) => p * d, 1), 31) };
    const filter = { shape: c.filter, values: randomValues(c.filter.reduce((p, d) => p * d, 1), 32) };
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.depthwiseConv2d(a, b, c.strides, c.pad);

    const cpu = await convGrads('cpu', conv, x, filter, 33);
    const wasm = await convGrads('wasm', conv, x, filter, 33);

    expect(Math.max(...cpu.dx.map(Math.abs))).toBeGreaterThan(0.1);
    expect(worstExcess(wasm.dFilter, cpu.dFilter, RTOL), 'dFilter').toBeLessThanOrEqual(ATOL);
    expect(worstExcess(wasm.dx, cpu.dx, RTOL), 'dx').toBeLessThanOrEqual(ATOL);
  });

  it('when a separableConv2d is differentiated then its three gradients match the cpu backend', async () => {
    const x = { shape: [2, 8, 8, 4], values: randomValues(2 * 8 * 8 * 4, 41) };
    const depthwise = { shape: [3, 3, 4, 1], values: randomValues(36, 42) };
    const pointwise = tf.tensor4d(randomValues(4 * 6, 43), [1, 1, 4, 6]);
    const separable = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.separableConv2d(a, b, pointwise, 1, 'same');

    const cpu = await convGrads('cpu', separable, x, depthwise, 44);
    const wasm = await convGrads('wasm', separable, x, depthwise, 44);

    expect(worstExcess(wasm.dFilter, cpu.dFilter, RTOL)).toBeLessThanOrEqual(ATOL);
    expect(worstExcess(wasm.dx, cpu.dx, RTOL)).toBeLessThanOrEqual(ATOL);
  });
});
