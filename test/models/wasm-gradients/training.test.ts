import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradientKernels, unregisterWasmGradientKernels } from '../../../models/wasm-gradients/index.js';
import { randomValues, useBackend } from './helpers.js';

/** A tiny conv autoencoder with every layer kind the gradients must carry through. */
function tinyAutoencoder(): tf.Sequential {
  let seed = 7;
  // Seeded initialisers keep the loss curve the same run after run.
  const init = () => ({ kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }) });
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [16, 16, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', ...init() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.separableConv2d({
    filters: 8, kernelSize: 3, padding: 'same', activation: 'relu',
    depthwiseInitializer: tf.initializers.glorotUniform({ seed: 3 }), pointwiseInitializer: tf.initializers.glorotUniform({ seed: 4 }),
  }));
  model.add(tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', ...init() }));
  model.add(tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid', ...init() }));
  return model;
}

/** Smooth blobs: learnable structure, so a working gradient lowers the loss quickly. */
function blobImages(): tf.Tensor4D {
  return tf.tidy(() => {
    const noise = tf.tensor4d(randomValues(8 * 16 * 16, 71), [8, 16, 16, 1]);
    return tf.sigmoid(tf.mul(tf.avgPool(noise, 5, 1, 'same'), 6));
  });
}

/** Loss per epoch of the seeded autoencoder fitted on the current backend. */
async function fitLosses(epochs: number): Promise<number[]> {
  const model = tinyAutoencoder();
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const images = blobImages();
  const history = await model.fit(images, images, { epochs, batchSize: 8, verbose: 0, shuffle: false });
  tf.dispose(images);
  model.dispose();
  return history.history.loss as number[];
}

describe('training a conv model on the wasm backend', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    registerWasmGradientKernels();
  });
  afterAll(() => {
    unregisterWasmGradientKernels();
  });

  it('when a tiny conv autoencoder is fitted for 30 epochs then its loss falls by more than half', async () => {
    const losses = await fitLosses(30);

    expect(tf.getBackend()).toBe('wasm');
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 2);
  });

  it('when the same seeded model is fitted on cpu and on wasm then the loss curves agree', async () => {
    await useBackend('cpu');
    const cpu = await fitLosses(5);
    await useBackend('wasm');
    const wasm = await fitLosses(5);

    expect(wasm.map((loss, i) => Math.abs(loss - cpu[i]) / cpu[i]).every((rel) => rel < 1e-3)).toBe(true);
  });
});
