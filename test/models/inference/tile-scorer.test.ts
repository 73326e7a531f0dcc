import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../models/backend.js';
import { pickBatchSize, scoreTiles } from '../../../models/inference/tile-scorer.js';

describe('pickBatchSize', () => {
  it('when rows fit a size then the smallest such size is used, else the largest', () => {
    expect(pickBatchSize(1, [256, 1024, 4096])).toBe(256);
    expect(pickBatchSize(257, [1024, 256, 4096])).toBe(1024);
    expect(pickBatchSize(9000, [256, 1024, 4096])).toBe(4096);
  });
});

describe('scoreTiles', () => {
  beforeAll(() => selectBackend());

  it('when the same rows are scored through different padded batch sizes then the scores agree', async () => {
    const network = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })] });
    const rows = Float32Array.from({ length: 10 * 4 }, (_, i) => Math.sin(i));

    const small = await scoreTiles(network, rows, 4, [4]);
    const padded = await scoreTiles(network, rows, 4, [16]);

    expect(Array.from(small.raw)).toEqual(Array.from(padded.raw));
    expect(small.raw.length).toBe(10);
    expect(Array.from(small.kind).every((k) => k === 1 || k === 2)).toBe(true);
  });

  it('when logits are known then the raw score is the anomaly log-odds', async () => {
    // Identity network: logits = input. P(normal) = e^0 / (e^0 + e^1 + e^1).
    const network = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [3], useBias: false, weights: [tf.eye(3)] })] });

    const scores = await scoreTiles(network, Float32Array.of(0, 1, 1), 3, [2]);

    expect(scores.raw[0]).toBeCloseTo(Math.log(2 * Math.E), 5);
  });
});
