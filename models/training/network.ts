/**
 * The tile network and its training loop. Dense layers only: the tf.js wasm backend has no
 * Conv2DBackpropFilter, and dense layers train fast on it. Training is deterministic by seed: seeded
 * initialisers, no dropout, our own seeded shuffling, and fixed-size batches only (the wasm backend
 * misbehaves with varying shapes, so each epoch drops its last partial batch).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../fixtures/generator/prng.js';

export interface NetworkShape {
  featureCount: number;
  classCount: number;
  hidden: readonly number[];
  seed: number;
}

/** Builds the network mapping normalised features to class logits (no softmax: inference wants logits). */
export function buildNetwork(shape: NetworkShape): tf.LayersModel {
  const input = tf.input({ shape: [shape.featureCount], name: 'features' });
  let x: tf.SymbolicTensor = input;
  shape.hidden.forEach((units, i) => {
    x = tf.layers
      .dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: shape.seed + i }),
        name: `hidden_${i}`,
      })
      .apply(x) as tf.SymbolicTensor;
  });
  const logits = tf.layers
    .dense({ units: shape.classCount, kernelInitializer: tf.initializers.glorotUniform({ seed: shape.seed + 99 }), name: 'logits' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'tile_anomaly' });
}

export interface TrainingSet {
  /** Row-major [rows, featureCount], normalised. */
  x: Float32Array;
  /** Class index per row. */
  y: Uint8Array;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Each epoch samples anomaly rows up to this fraction of the epoch (they are rarer than normal ones). */
  anomalyFraction: number;
  seed: number;
  onEpoch?: (epoch: number, loss: number, ms: number) => void;
}

/**
 * Trains `network` in place. A softmax head is stacked on top for the loss only; it shares the
 * network's layers, so the saved network keeps emitting logits.
 */
export async function trainNetwork(network: tf.LayersModel, data: TrainingSet, shape: NetworkShape, options: TrainOptions): Promise<number[]> {
  const probabilities = tf.layers.activation({ activation: 'softmax' }).apply(network.outputs[0]) as tf.SymbolicTensor;
  const trainer = tf.model({ inputs: network.inputs, outputs: probabilities });
  trainer.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy' });
  const rng = Rng.stream(options.seed, 'epochs');
  const normalRows: number[] = [];
  const anomalyRows: number[] = [];
  data.y.forEach((cls, row) => (cls === 0 ? normalRows : anomalyRows).push(row));
  const losses: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const started = performance.now();
    const order = epochOrder(normalRows, anomalyRows, options.anomalyFraction, rng);
    const batches = Math.floor(order.length / options.batchSize);
    let total = 0;
    for (let b = 0; b < batches; b++) {
      const rows = order.subarray(b * options.batchSize, (b + 1) * options.batchSize);
      const [xs, ys] = batchTensors(data, rows, shape);
      total += (await trainer.trainOnBatch(xs, ys)) as number;
      xs.dispose();
      ys.dispose();
    }
    losses.push(total / batches);
    options.onEpoch?.(epoch, total / batches, performance.now() - started);
  }
  return losses;
}

/** All normal rows plus anomaly rows drawn with replacement up to the target fraction, shuffled. */
function epochOrder(normal: number[], anomaly: number[], fraction: number, rng: Rng): Int32Array {
  const extra = anomaly.length === 0 ? 0 : Math.round((normal.length * fraction) / (1 - fraction));
  const order = new Int32Array(normal.length + extra);
  order.set(normal);
  for (let i = 0; i < extra; i++) order[normal.length + i] = anomaly[i < anomaly.length ? i : Math.floor(rng.next() * anomaly.length)];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function batchTensors(data: TrainingSet, rows: Int32Array, shape: NetworkShape): [tf.Tensor2D, tf.Tensor2D] {
  const f = shape.featureCount;
  const x = new Float32Array(rows.length * f);
  const y = new Float32Array(rows.length * shape.classCount);
  rows.forEach((row, i) => {
    x.set(data.x.subarray(row * f, (row + 1) * f), i * f);
    y[i * shape.classCount + data.y[row]] = 1;
  });
  return [tf.tensor2d(x, [rows.length, f]), tf.tensor2d(y, [rows.length, shape.classCount])];
}
