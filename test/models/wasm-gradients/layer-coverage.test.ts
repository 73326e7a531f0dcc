import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradientKernels, unregisterWasmGradientKernels } from '../../../models/wasm-gradients/index.js';
import { randomValues, useBackend } from './helpers.js';

// One small model per layer kind a conv classifier or autoencoder uses. On the stock wasm backend
// every one of them throws a "Kernel ... not registered" error in fit; with the module they train.
const models: Record<string, () => tf.Sequential> = {
  'conv + max-pool + up-sampling, sigmoid': () => tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.upSampling2d({ size: [2, 2] }),
    tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
  ] }),
  'strided conv + strided transpose conv': () => tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
  ] }),
  'valid conv + leaky ReLU + average pool + dense': () => tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 4, kernelSize: 3, padding: 'valid' }),
    tf.layers.leakyReLU({ alpha: 0.1 }),
    tf.layers.averagePooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 1 }),
  ] }),
  'depthwise conv': () => tf.sequential({ layers: [
    tf.layers.depthwiseConv2d({ inputShape: [12, 12, 2], kernelSize: 3, padding: 'same', depthMultiplier: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 1 }),
  ] }),
  'separable conv + batch norm + global average pool': () => tf.sequential({ layers: [
    tf.layers.separableConv2d({ inputShape: [12, 12, 2], filters: 4, kernelSize: 3, padding: 'same' }),
    tf.layers.batchNormalization(),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 1 }),
  ] }),
};

describe('layer kinds that train on the wasm backend with the module', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    registerWasmGradientKernels();
  });
  afterAll(() => {
    unregisterWasmGradientKernels();
  });

  it.each(Object.keys(models))('when a model with %s is fitted then every weight changes and the loss is finite', async (name) => {
    const model = models[name]();
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const x = tf.tensor4d(randomValues(4 * 12 * 12 * 2, 91), [4, 12, 12, 2]);
    const outShape = model.outputs[0].shape.slice(1) as number[];
    const y = tf.tensor(randomValues(4 * outShape.reduce((p, d) => p * d, 1), 92), [4, ...outShape]);
    const before = model.trainableWeights.map((w) => w.read().dataSync().slice());

    const history = await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });

    const after = model.trainableWeights.map((w) => w.read().dataSync());
    expect(Number.isFinite(history.history.loss[0] as number)).toBe(true);
    expect(after.every((w, i) => w.some((v, j) => v !== before[i][j]))).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });
});
