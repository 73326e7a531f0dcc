import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { WeightAverage } from '../../../models/training/weight-average.js';

function tinyNetwork(): tf.LayersModel {
  const input = tf.input({ shape: [2] });
  const output = tf.layers.dense({ units: 1, kernelInitializer: 'zeros' }).apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

describe('WeightAverage', () => {
  it('when snapshots were added then apply loads their mean into the network', () => {
    const network = tinyNetwork();
    const average = new WeightAverage(network);
    for (const k of [1, 2, 6]) {
      network.setWeights([tf.fill([2, 1], k), tf.fill([1], -k)]);
      average.add();
    }

    average.apply();

    const [kernel, bias] = network.getWeights();
    expect(Array.from(kernel.dataSync())).toEqual([3, 3]);
    expect(Array.from(bias.dataSync())).toEqual([-3]);
  });

  it('when nothing was added then apply leaves the weights as they are', () => {
    const network = tinyNetwork();
    network.setWeights([tf.fill([2, 1], 5), tf.fill([1], 1)]);

    new WeightAverage(network).apply();

    expect(Array.from(network.getWeights()[0].dataSync())).toEqual([5, 5]);
  });
});
