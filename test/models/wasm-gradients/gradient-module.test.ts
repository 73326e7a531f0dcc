import { describe, expect, it } from 'vitest';
import {
  conv2dBackpropFilterReference,
  conv2dBackpropInputReference,
  convGeometry,
  depthwiseBackpropFilterReference,
  depthwiseBackpropInputReference,
  loadGradientModule,
} from '../../../models/wasm-gradients/index.js';
import { ATOL, RTOL, randomValues, worstExcess } from './helpers.js';

const size = (shape: number[]): number => shape.reduce((p, d) => p * d, 1);

describe('GradientModule (build/tfjs-gradients.wasm) against the scalar references', () => {
  const module = loadGradientModule();

  it('when the autoencoder-sized Conv2DBackpropFilter runs then it matches the reference', () => {
    const xShape = [2, 32, 32, 8];
    const filterShape = [3, 3, 8, 16];
    const g = convGeometry('Conv2DBackpropFilter', xShape, filterShape, { strides: 1, pad: 'same' }, false);
    const x = randomValues(size(xShape), 51);
    const dy = randomValues(g.batch * g.outH * g.outW * g.outC, 52);

    const actual = module.run('conv2dBackpropFilter', x, dy, size(filterShape), g).slice();

    // Sums of ~2000 products: float32 accumulation error grows with the count, hence 10× ATOL.
    expect(worstExcess(actual, conv2dBackpropFilterReference(x, dy, g), RTOL)).toBeLessThanOrEqual(10 * ATOL);
  });

  it.each([
    { xShape: [2, 17, 15, 12], filterShape: [3, 3, 12, 8], strides: 2 },
    { xShape: [1, 10, 9, 3], filterShape: [3, 3, 3, 6], strides: 1 },
    { xShape: [1, 9, 8, 13], filterShape: [4, 4, 13, 1], strides: 2 },
  ])('when Conv2DBackpropInput runs on x $xShape then it matches the reference', ({ xShape, filterShape, strides }) => {
    const g = convGeometry('Conv2DBackpropInput', xShape, filterShape, { strides, pad: 'same' }, false);
    const dy = randomValues(g.batch * g.outH * g.outW * g.outC, 58);
    const filter = randomValues(size(filterShape), 59);

    const actual = module.run('conv2dBackpropInput', dy, filter, size(xShape), g).slice();

    expect(worstExcess(actual, conv2dBackpropInputReference(dy, filter, g), RTOL)).toBeLessThanOrEqual(ATOL);
  });

  it('when depthwise kernels run on odd sizes with stride 2 then they match the references', () => {
    const xShape = [2, 15, 13, 7];
    const filterShape = [3, 3, 7, 1];
    const g = convGeometry('DepthwiseConv2dNativeBackpropFilter', xShape, filterShape, { strides: 2, pad: 'same' }, true);
    const x = randomValues(size(xShape), 53);
    const filter = randomValues(size(filterShape), 54);
    const dy = randomValues(g.batch * g.outH * g.outW * g.inC, 55);

    const dFilter = module.run('depthwiseBackpropFilter', x, dy, size(filterShape), g).slice();
    const dx = module.run('depthwiseBackpropInput', dy, filter, size(xShape), g).slice();

    expect(worstExcess(dFilter, depthwiseBackpropFilterReference(x, dy, g), RTOL)).toBeLessThanOrEqual(ATOL);
    expect(worstExcess(dx, depthwiseBackpropInputReference(dy, filter, g), RTOL)).toBeLessThanOrEqual(ATOL);
  });

  it('when a call needs more memory than the module has then it grows once and later calls reuse it', () => {
    const xShape = [4, 64, 64, 4];
    const filterShape = [3, 3, 4, 4];
    const g = convGeometry('Conv2DBackpropFilter', xShape, filterShape, { strides: 1, pad: 'same' }, false);
    const x = randomValues(size(xShape), 56);
    const dy = randomValues(size(xShape), 57);

    const first = module.run('conv2dBackpropFilter', x, dy, size(filterShape), g).slice();
    const grownTo = module.memoryBytes;
    const second = module.run('conv2dBackpropFilter', x, dy, size(filterShape), g).slice();

    expect(grownTo).toBeGreaterThanOrEqual(2 * size(xShape) * 4);
    expect(module.memoryBytes).toBe(grownTo);
    expect(second).toEqual(first);
  });
});

describe('convGeometry', () => {
  it('when dilations are not 1 then it throws a KernelArgumentError naming them', () => {
    const call = () => convGeometry('DepthwiseConv2dNativeBackpropFilter', [1, 8, 8, 2], [3, 3, 2, 1], { strides: 1, pad: 'same', dilations: 2 }, true);

    expect(call).toThrow(expect.objectContaining({ code: 'SCANGATE_ERR_KERNEL_ARGUMENT' }));
    expect(call).toThrow(/dilations/);
  });

  it('when the data format is NCHW then it throws naming the expected NHWC', () => {
    const call = () => convGeometry('Conv2DBackpropFilter', [1, 2, 8, 8], [3, 3, 2, 4], { strides: 1, pad: 'same', dataFormat: 'NCHW' }, false);

    expect(call).toThrow(/Expected "NHWC" for Conv2DBackpropFilter dataFormat but received "NCHW"/);
  });

  it('when the padding is "same" with stride 2 on an odd size then top/left padding follow tfjs', () => {
    const g = convGeometry('Conv2DBackpropFilter', [1, 9, 7, 1], [3, 3, 1, 1], { strides: 2, pad: 'same' }, false);

    expect([g.outH, g.outW, g.padTop, g.padLeft]).toEqual([5, 4, 1, 1]);
  });
});
