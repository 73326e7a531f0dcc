/**
 * Runs the tile network over feature vectors in fixed-shape batches. The tf.js wasm backend
 * recompiles and misbehaves when input shapes vary, so every batch is zero-padded to one of a few
 * sizes fixed at training time, and the padding rows are dropped from the result.
 */
import * as tf from '@tensorflow/tfjs';

export interface TileScorerConfig {
  featureMean: readonly number[];
  featureStd: readonly number[];
  batchSizes: readonly number[];
}

export interface TileScores {
  /** Anomaly log-odds per tile: log P(any anomaly class) − log P(normal). */
  raw: Float32Array;
  /** Per tile, the index (≥ 1) of the most likely anomaly class. */
  kind: Uint8Array;
}

/** Standardises features in place with the training set's mean and standard deviation. */
export function normaliseFeatures(data: Float32Array, config: Pick<TileScorerConfig, 'featureMean' | 'featureStd'>): Float32Array {
  const f = config.featureMean.length;
  for (let i = 0; i < data.length; i++) {
    const j = i % f;
    data[i] = (data[i] - config.featureMean[j]) / config.featureStd[j];
  }
  return data;
}

/** The smallest allowed batch size holding `remaining` rows, or the largest one. */
export function pickBatchSize(remaining: number, sizes: readonly number[]): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  return sorted.find((s) => s >= remaining) ?? sorted[sorted.length - 1];
}

/**
 * Scores normalised feature rows.
 * @param network maps [batch, features] to class logits [batch, classes], class 0 = normal.
 * @param normalised row-major [count, features], already passed through {@link normaliseFeatures}.
 */
export async function scoreTiles(
  network: tf.LayersModel,
  normalised: Float32Array,
  featureCount: number,
  batchSizes: readonly number[],
): Promise<TileScores> {
  const count = normalised.length / featureCount;
  const raw = new Float32Array(count);
  const kind = new Uint8Array(count);
  for (let start = 0; start < count; ) {
    const size = pickBatchSize(count - start, batchSizes);
    const rows = Math.min(size, count - start);
    const batch = new Float32Array(size * featureCount);
    batch.set(normalised.subarray(start * featureCount, (start + rows) * featureCount));
    const logits = await predictLogits(network, batch, size, featureCount);
    const classes = logits.length / size;
    for (let i = 0; i < rows; i++) {
      const [odds, best] = anomalyLogOdds(logits, i * classes, classes);
      raw[start + i] = odds;
      kind[start + i] = best;
    }
    start += rows;
  }
  return { raw, kind };
}

async function predictLogits(network: tf.LayersModel, batch: Float32Array, size: number, featureCount: number): Promise<Float32Array> {
  const input = tf.tensor2d(batch, [size, featureCount]);
  const output = network.predict(input) as tf.Tensor;
  try {
    return (await output.data()) as Float32Array;
  } finally {
    input.dispose();
    output.dispose();
  }
}

/** log Σ_{k≥1} e^{z_k} − z_0, computed stably, and the arg-max anomaly class (shared with `conv-scorer.ts`). */
export function anomalyLogOdds(logits: Float32Array, offset: number, classes: number): [number, number] {
  let best = 1;
  for (let k = 2; k < classes; k++) if (logits[offset + k] > logits[offset + best]) best = k;
  const top = logits[offset + best];
  let sum = 0;
  for (let k = 1; k < classes; k++) sum += Math.exp(logits[offset + k] - top);
  return [top + Math.log(sum) - logits[offset], best];
}
