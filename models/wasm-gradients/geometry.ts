/**
 * Convolution geometry shared by the gradient kernels, the WASM binding and the scalar references.
 * tfjs's own `backend_util.computeConv2DInfo` resolves 'same' / 'valid' / explicit padding and
 * rounding, so the padding the kernels use is exactly the one the forward pass used.
 */
import { backend_util } from '@tensorflow/tfjs';
import { KernelArgumentError, invalidParameter } from '../../core/errors.js';

/** NHWC sizes, strides and the top/left padding of one convolution (dilation always 1). */
export interface ConvGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly inC: number;
  readonly outH: number;
  readonly outW: number;
  /** Conv2D: output channels. Depthwise: the channel multiplier. */
  readonly outC: number;
  readonly filterH: number;
  readonly filterW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;

/** The attributes the gradient kernels receive, normalised to one shape. */
export interface ConvAttrs {
  readonly strides: [number, number] | number;
  readonly pad: Pad;
  readonly dilations?: [number, number] | number;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Resolves the geometry of a 2-D or depthwise convolution from its input and filter shapes.
 * @param kernel kernel name, used in error messages
 * @param xShape NHWC input shape
 * @param filterShape [filterH, filterW, inC, outC] (depthwise: [filterH, filterW, inC, multiplier])
 * @param attrs the kernel's attributes
 * @param depthwise true for DepthwiseConv2dNative gradients
 * @throws KernelArgumentError for NCHW data, dilations other than 1, or shapes that disagree
 * @example convGeometry('Conv2DBackpropFilter', [1, 8, 8, 1], [3, 3, 1, 4], { strides: 1, pad: 'same' }, false)
 */
export function convGeometry(
  kernel: string,
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
  depthwise: boolean,
): ConvGeometry {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new KernelArgumentError(invalidParameter(`${kernel} dataFormat`, '"NHWC"', attrs.dataFormat), 'dataFormat');
  }
  const dilations = attrs.dilations ?? 1;
  const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (dh !== 1 || dw !== 1) {
    throw new KernelArgumentError(invalidParameter(`${kernel} dilations`, 'dilation 1 (others are not supported)', `${dh},${dw}`), 'dilations');
  }
  if (xShape.length !== 4 || filterShape.length !== 4) {
    throw new KernelArgumentError(invalidParameter(`${kernel} input and filter rank`, 'rank 4 and 4', `${xShape.length} and ${filterShape.length}`));
  }
  if (xShape[3] !== filterShape[2]) {
    throw new KernelArgumentError(invalidParameter(`${kernel} filter inChannels`, `${xShape[3]} (input channels)`, filterShape[2]), 'filterShape');
  }
  const info = backend_util.computeConv2DInfo(
    [...xShape] as Shape4, [...filterShape] as Shape4, attrs.strides, 1, attrs.pad,
    attrs.dimRoundingMode, depthwise, 'channelsLast',
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: depthwise ? filterShape[3] : info.outChannels,
    filterH: info.filterHeight,
    filterW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Checks that dy has the shape the forward convolution would have produced. */
export function assertDyShape(kernel: string, dyShape: readonly number[], g: ConvGeometry, depthwise: boolean): void {
  const channels = depthwise ? g.inC * g.outC : g.outC;
  const expected = [g.batch, g.outH, g.outW, channels];
  if (dyShape.length !== 4 || dyShape.some((d, i) => d !== expected[i])) {
    throw new KernelArgumentError(invalidParameter(`${kernel} dy shape`, `[${expected.join(', ')}]`, `[${dyShape.join(', ')}]`), 'dy');
  }
}
