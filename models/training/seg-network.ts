/**
 * The conv-seg network: fully convolutional, 3 input planes (`inference/seg-input.ts`) to one map of
 * anomaly log-odds per cell (the product of the strides, in model pixels). Strided convolutions
 * instead of pooling (the wasm max-pool costs more than the convolutions). Input size is free, so
 * training runs on small crops and inference on whole containers with the same weights. Trains on
 * the wasm backend thanks to `models/wasm-gradients`.
 */
import * as tf from '@tensorflow/tfjs';

export interface SegShape {
  /** Filters and stride of each 3 × 3 conv layer; the product of the strides is the cell size. */
  layers: readonly (readonly [filters: number, stride: number])[];
  /** Input planes (`segChannelCount` of the input set). */
  channels: number;
  seed: number;
}

/** Receptive field of the conv stack in model pixels (3 × 3 kernels; the 1 × 1 head adds none). */
export function receptiveField(layers: SegShape['layers']): number {
  let field = 1;
  let jump = 1;
  for (const [, stride] of layers) {
    field += 2 * jump;
    jump *= stride;
  }
  return field;
}

export function buildSegNetwork(shape: SegShape): tf.LayersModel {
  let seed = shape.seed;
  const input = tf.input({ shape: [null, null, shape.channels] as unknown as number[], name: 'planes' });
  let x: tf.SymbolicTensor = input;
  shape.layers.forEach(([filters, strides], i) => {
    x = tf.layers
      .conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed++ }), name: `conv_${i}` })
      .apply(x) as tf.SymbolicTensor;
  });
  const logits = tf.layers
    .conv2d({ filters: 1, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), biasInitializer: tf.initializers.constant({ value: -3 }), name: 'logits' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'conv_seg' });
}
