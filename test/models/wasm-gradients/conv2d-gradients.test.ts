import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradientKernels, unregisterWasmGradientKernels } from '../../../models/wasm-gradients/index.js';
import { ATOL, RTOL, convGrads, randomValues, worstExcess } from './helpers.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case { x: [number, number, number, number]; filter: [number, number, number, number]; strides: number | [number, number]; pad: Pad }

// Shapes chosen to reach every path of the kernel: SIMD along output channels (16-wide blocks,
// 4-wide blocks, scalar tails), SIMD along input channels when outC < 4, the scalar path for 1×1
// channels, strides 2 with odd sizes, taps that fall entirely in the padding, and a dy large enough
// (> 12 KiB per batch item) to be split into several row bands.
const cases: Case[] = [
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 8], strides: 2, pad: 'same' },
  { x: [1, 8, 8, 16], filter: [3, 3, 16, 1], strides: 1, pad: 'valid' },
  { x: [1, 5, 5, 2], filter: [3, 2, 2, 3], strides: 1, pad: 'same' },
  { x: [2, 11, 9, 5], filter: [3, 3, 5, 20], strides: 2, pad: 'valid' },
  { x: [3, 7, 7, 1], filter: [5, 5, 1, 1], strides: 1, pad: 'same' },
  { x: [1, 13, 10, 9], filter: [3, 3, 9, 2], strides: [2, 1], pad: 'same' },
  { x: [2, 6, 6, 4], filter: [4, 4, 4, 6], strides: 2, pad: 'same' },
  { x: [1, 6, 5, 3], filter: [3, 3, 3, 17], strides: 1, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [1, 3, 3, 2], filter: [3, 3, 2, 4], strides: 3, pad: 'same' },
  { x: [1, 41, 36, 4], filter: [3, 3, 4, 24], strides: 2, pad: 'same' },
];

const label = (c: Case): string =>
  `x ${c.x.join('×')}, filter ${c.filter.join('×')}, strides ${c.strides}, pad ${JSON.stringify(c.pad)}`;

describe('Conv2D gradients on the wasm backend with the WASM kernels', () => {
  beforeAll(() => {
    registerWasmGradientKernels();
  });
  afterAll(() => {
    unregisterWasmGradientKernels();
  });

  it.each(cases)('when conv2d is differentiated ($x / $filter) then dx and dFilter match the cpu backend', async (c) => {
    const x = { shape: c.x, values: randomValues(c.x.reduce((p, d) => p * d, 1), 11) };
    const filter = { shape: c.filter, values: randomValues(c.filter.reduce((p, d) => p * d, 1), 12) };
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, c.strides, c.pad);

    const cpu = await convGrads('cpu', conv, x, filter, 13);
    const wasm = await convGrads('wasm', conv, x, filter, 13);

    expect(Math.max(...cpu.dFilter.map(Math.abs)), label(c)).toBeGreaterThan(0.1);
    expect(worstExcess(wasm.dFilter, cpu.dFilter, RTOL), `dFilter, ${label(c)}`).toBeLessThanOrEqual(ATOL);
    expect(worstExcess(wasm.dx, cpu.dx, RTOL), `dx, ${label(c)}`).toBeLessThanOrEqual(ATOL);
  });

  it('when conv2dTranspose is differentiated with strides 2 then both gradients match the cpu backend', async () => {
    const x = { shape: [2, 5, 6, 4], values: randomValues(2 * 5 * 6 * 4, 21) };
    const filter = { shape: [3, 3, 2, 4], values: randomValues(3 * 3 * 2 * 4, 22) };
    const transpose = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2dTranspose(a, b, [2, 10, 12, 2], 2, 'same');

    const cpu = await convGrads('cpu', transpose, x, filter, 23);
    const wasm = await convGrads('wasm', transpose, x, filter, 23);

    expect(worstExcess(wasm.dFilter, cpu.dFilter, RTOL)).toBeLessThanOrEqual(ATOL);
    expect(worstExcess(wasm.dx, cpu.dx, RTOL)).toBeLessThanOrEqual(ATOL);
  });
});
