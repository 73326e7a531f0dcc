/**
 * The conv-patch network and its training loop. Two inputs: the tile's normalised features (the
 * context statistics of `tile-stats-v1`) and its 16 × 16 pixel patch; a small conv stack reads the
 * patch, a dense layer the features, and a dense head joins them into class logits. Trains on the
 * wasm backend thanks to `models/wasm-gradients` (Conv2DBackpropFilter/Input). Deterministic by seed
 * like the dense network: seeded initialisers, seeded order, fixed-size batches only.
 */
import * as tf from '@tensorflow/tfjs';
import { FEATURE_COUNT } from '../inference/tile-features.js';
import { PATCH_CHANNELS } from '../inference/patch-input.js';
import { type EpochStats, fitEpochs, type TrainOptions } from './network.js';

export type { EpochStats } from './network.js';
import type { PatchSet } from './patch-rows.js';

export interface ConvShape {
  tileSize: number;
  classCount: number;
  /** Filters of the three 3 × 3 conv layers. */
  filters: readonly [number, number, number];
  /** Units of the feature branch and of the joint head. */
  featureUnits: number;
  headUnits: number;
  seed: number;
}

/** Builds the two-input network (inputs: features, patch) emitting class logits. */
export function buildConvNetwork(shape: ConvShape): tf.LayersModel {
  let seed = shape.seed;
  const he = () => tf.initializers.heNormal({ seed: seed++ });
  const features = tf.input({ shape: [FEATURE_COUNT], name: 'features' });
  const patch = tf.input({ shape: [shape.tileSize, shape.tileSize, PATCH_CHANNELS], name: 'patch' });
  let p: tf.SymbolicTensor = patch;
  shape.filters.forEach((filters, i) => {
    // Stride 2 in the first two layers (16 → 8 → 4 px) instead of pooling: the wasm backend's
    // max-pool costs more than the convolutions, and inference must fit in 250 ms per scan.
    const strides = i < 2 ? 2 : 1;
    p = tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation: 'relu', kernelInitializer: he(), name: `conv_${i}` }).apply(p) as tf.SymbolicTensor;
  });
  p = tf.layers.flatten({ name: 'patch_flat' }).apply(p) as tf.SymbolicTensor;
  const f = tf.layers.dense({ units: shape.featureUnits, activation: 'relu', kernelInitializer: he(), name: 'features_dense' }).apply(features) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate({ name: 'joined' }).apply([f, p]) as tf.SymbolicTensor;
  const head = tf.layers.dense({ units: shape.headUnits, activation: 'relu', kernelInitializer: he(), name: 'head' }).apply(joined) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: shape.classCount, kernelInitializer: tf.initializers.glorotUniform({ seed: shape.seed + 99 }), name: 'logits' }).apply(head) as tf.SymbolicTensor;
  return tf.model({ inputs: [features, patch], outputs: logits, name: 'conv_patch' });
}

/**
 * Trains in place with the shared loop of `network.ts` (softmax stacked for the loss only).
 * `data.x` must be normalised.
 * @returns the statistics of every epoch.
 */
export async function trainConvNetwork(
  network: tf.LayersModel,
  data: PatchSet,
  shape: ConvShape,
  options: Omit<TrainOptions, 'onEpoch'> & { onEpoch?: (epoch: number, stats: EpochStats) => void },
): Promise<EpochStats[]> {
  return fitEpochs(network, data.y, options, {
    batch: (rows) => {
      const [xs, ps, ys] = batchTensors(data, rows, shape);
      return { inputs: [xs, ps], labels: ys };
    },
    hardestNormals: (normalRows, share) => hardestNormals(network, data, normalRows, shape, share),
  });
}

/** The `share` of normal rows with the highest anomaly log-odds under the current weights. */
async function hardestNormals(network: tf.LayersModel, data: PatchSet, normalRows: number[], shape: ConvShape, share: number): Promise<number[]> {
  const batch = 1024;
  const odds = new Float32Array(normalRows.length);
  for (let start = 0; start < normalRows.length; start += batch) {
    const rows = Int32Array.from({ length: batch }, (_, i) => normalRows[Math.min(start + i, normalRows.length - 1)]);
    const [xs, ps, ys] = batchTensors(data, rows, shape);
    const logOdds = tf.tidy(() => {
      const z = network.predict([xs, ps]) as tf.Tensor2D;
      return tf.sub(tf.logSumExp(z.slice([0, 1], [-1, -1]), 1), z.slice([0, 0], [-1, 1]).reshape([-1]));
    });
    odds.set((await logOdds.data()).subarray(0, Math.min(batch, normalRows.length - start)), start);
    tf.dispose([xs, ps, ys, logOdds]);
  }
  const ranked = Array.from(odds.keys()).sort((a, b) => odds[b] - odds[a]);
  return ranked.slice(0, Math.ceil(share * normalRows.length)).map((i) => normalRows[i]);
}

function batchTensors(data: PatchSet, rows: Int32Array, shape: ConvShape): [tf.Tensor2D, tf.Tensor4D, tf.Tensor2D] {
  const f = FEATURE_COUNT;
  const ps = shape.tileSize * shape.tileSize * PATCH_CHANNELS;
  const x = new Float32Array(rows.length * f);
  const p = new Float32Array(rows.length * ps);
  const y = new Float32Array(rows.length * shape.classCount);
  rows.forEach((row, i) => {
    x.set(data.x.subarray(row * f, (row + 1) * f), i * f);
    p.set(data.patches.subarray(row * ps, (row + 1) * ps), i * ps);
    y[i * shape.classCount + data.y[row]] = 1;
  });
  return [
    tf.tensor2d(x, [rows.length, f]),
    tf.tensor4d(p, [rows.length, shape.tileSize, shape.tileSize, PATCH_CHANNELS]),
    tf.tensor2d(y, [rows.length, shape.classCount]),
  ];
}
