import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../core/errors.js';
import { selectBackend } from '../../../models/backend.js';
import { fileIoHandler } from '../../../models/io/file-io-handler.js';

describe('fileIoHandler', () => {
  let dir: string;

  beforeAll(async () => {
    await selectBackend();
    dir = await mkdtemp(path.join(tmpdir(), 'scangate-io-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('when a layers model is saved and loaded again then weights and predictions are identical', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 5, inputShape: [3], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), biasInitializer: 'ones' }),
        tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    const target = path.join(dir, 'tiny', '0.0.1');
    const input = tf.tensor2d([[0.5, -1, 2], [3, 0, -0.25]]);

    await model.save(fileIoHandler(target));
    const loaded = await tf.loadLayersModel(fileIoHandler(target));

    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin']);
    const original = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(loaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(original);
    const expected = Array.from((model.predict(input) as tf.Tensor).dataSync());
    expect(Array.from((loaded.predict(input) as tf.Tensor).dataSync())).toEqual(expected);
  });

  it('when the directory holds no model then loading throws NotFoundError naming model.json', async () => {
    const missing = path.join(dir, 'nothing', '9.9.9');

    await expect(tf.loadLayersModel(fileIoHandler(missing))).rejects.toThrow(NotFoundError);
    await expect(tf.loadLayersModel(fileIoHandler(missing))).rejects.toThrow(/model\.json/);
  });
});
