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
  /**
   * Hard-negative mining: from epoch `fromEpoch` on, the `share` of normal rows the network scores
   * most anomalous (wheels, reefer units, steel coils) are added `repeat` extra times per epoch,
   * re-mined each epoch, so the rare normal structures that look like contraband are learnt.
   */
  hardNegatives: { fromEpoch: number; share: number; repeat: number };
  seed: number;
  onEpoch?: (epoch: number, loss: number, ms: number) => void;
}

/**
 * Trains `network` in place. A softmax head is stacked on top for the loss only; it shares the
 * network's layers, so the saved network keeps emitting logits.
 */
export async function trainNetwork(network: tf.LayersModel, data: TrainingSet, shape: NetworkShape, options: TrainOptions): Promise<number[]> {
  const stats = await fitEpochs(network, data.y, { ...options, onEpoch: (epoch, s) => options.onEpoch?.(epoch, s.loss, s.ms) }, {
    batch: (rows) => {
      const [xs, ys] = batchTensors(data, rows, shape);
      return { inputs: xs, labels: ys };
    },
    hardestNormals: (normalRows, share) => hardestNormals(network, data, normalRows, shape, share),
  });
  return stats.map((s) => s.loss);
}

/** Per-epoch statistics: mean loss, milliseconds, samples trained. */
export interface EpochStats {
  loss: number;
  ms: number;
  samples: number;
}

/** How a network's rows become tensors, and how it ranks normal rows for hard-negative mining. */
export interface EpochSource {
  /** The input and one-hot label tensors of `rows`; the loop disposes them. */
  batch: (rows: Int32Array) => { inputs: tf.Tensor | tf.Tensor[]; labels: tf.Tensor };
  /** The `share` of `normalRows` the network currently scores most anomalous. */
  hardestNormals: (normalRows: number[], share: number) => Promise<number[]>;
}

/**
 * The training loop both networks share (`trainNetwork`, `trainConvNetwork`): softmax stacked for
 * the loss only, seeded epoch order with anomaly rows drawn up to `anomalyFraction`, hard normals
 * re-mined each epoch from `hardNegatives.fromEpoch`, fixed-size batches (the last partial one dropped).
 * @param labels class index per row; class 0 is normal.
 * @returns the statistics of every epoch.
 */
export async function fitEpochs(
  network: tf.LayersModel,
  labels: Uint8Array,
  options: Omit<TrainOptions, 'onEpoch'> & { onEpoch?: (epoch: number, stats: EpochStats) => void },
  source: EpochSource,
): Promise<EpochStats[]> {
  const probabilities = tf.layers.activation({ activation: 'softmax' }).apply(network.outputs[0]) as tf.SymbolicTensor;
  const trainer = tf.model({ inputs: network.inputs, outputs: probabilities });
  trainer.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy' });
  const rng = Rng.stream(options.seed, 'epochs');
  const normalRows: number[] = [];
  const anomalyRows: number[] = [];
  labels.forEach((cls, row) => (cls === 0 ? normalRows : anomalyRows).push(row));
  const stats: EpochStats[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const started = performance.now();
    const hard = epoch >= options.hardNegatives.fromEpoch ? await source.hardestNormals(normalRows, options.hardNegatives.share) : [];
    const boosted = hard.length === 0 ? normalRows : normalRows.concat(...Array.from({ length: options.hardNegatives.repeat }, () => hard));
    const order = epochOrder(boosted, anomalyRows, options.anomalyFraction, rng);
    const batches = Math.floor(order.length / options.batchSize);
    let total = 0;
    for (let b = 0; b < batches; b++) {
      const { inputs, labels: ys } = source.batch(order.subarray(b * options.batchSize, (b + 1) * options.batchSize));
      total += (await trainer.trainOnBatch(inputs, ys)) as number;
      tf.dispose([inputs, ys].flat());
    }
    const epochStats = { loss: total / batches, ms: performance.now() - started, samples: batches * options.batchSize };
    stats.push(epochStats);
    options.onEpoch?.(epoch, epochStats);
  }
  return stats;
}

/** The `share` of normal rows with the highest anomaly log-odds under the current weights. */
async function hardestNormals(network: tf.LayersModel, data: TrainingSet, normalRows: number[], shape: NetworkShape, share: number): Promise<number[]> {
  const f = shape.featureCount;
  const batch = 4096;
  const odds = new Float32Array(normalRows.length);
  for (let start = 0; start < normalRows.length; start += batch) {
    const x = new Float32Array(batch * f);
    const rows = Math.min(batch, normalRows.length - start);
    for (let i = 0; i < rows; i++) x.set(data.x.subarray(normalRows[start + i] * f, (normalRows[start + i] + 1) * f), i * f);
    const logits = tf.tidy(() => {
      const z = network.predict(tf.tensor2d(x, [batch, f])) as tf.Tensor2D;
      // log Σ_{k≥1} e^{z_k} − z_0, as at inference.
      return tf.sub(tf.logSumExp(z.slice([0, 1], [-1, -1]), 1), z.slice([0, 0], [-1, 1]).reshape([-1]));
    });
    odds.set((await logits.data()).subarray(0, rows), start);
    logits.dispose();
  }
  const ranked = Array.from(odds.keys()).sort((a, b) => odds[b] - odds[a]);
  return ranked.slice(0, Math.ceil(share * normalRows.length)).map((i) => normalRows[i]);
}

/** All normal rows plus anomaly rows drawn with replacement up to the target fraction, shuffled (also used by `conv-network.ts`). */
export function epochOrder(normal: number[], anomaly: number[], fraction: number, rng: Rng): Int32Array {
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
