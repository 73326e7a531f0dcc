/**
 * Runs the conv-patch network (inputs: normalised tile features and the tile's pixel patch) in
 * fixed-shape batches, as `tile-scorer.ts` does for the dense network: every batch is zero-padded
 * to one of the sizes fixed at training time because the wasm backend wants fixed shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { densityEvidence, type DensityParams } from './density.js';
import { PATCH_CHANNELS, writePatch, type PatchSource } from './patch-input.js';
import type { TileGrid } from './tile-features.js';
import { anomalyLogOdds, pickBatchSize, type TileScores } from './tile-scorer.js';

/**
 * Scores the tiles of `grid` selected by `mask` (1 = score; the others keep raw −Infinity, kind 1):
 * head log-odds plus the density evidence when `density` is given. Scoring only the container's
 * tiles roughly halves the time: air, cab and chassis are never scored anyway.
 * @param normalised row-major [tiles, featureCount] normalised tile features.
 */
export async function scoreConvTiles(
  network: tf.LayersModel,
  normalised: Float32Array,
  featureCount: number,
  source: PatchSource,
  grid: TileGrid,
  batchSizes: readonly number[],
  mask: Uint8Array,
  density?: DensityParams,
): Promise<TileScores> {
  const count = grid.cols * grid.rows;
  const raw = new Float32Array(count).fill(Number.NEGATIVE_INFINITY);
  const kind = new Uint8Array(count).fill(1);
  const selected = Int32Array.from(mask.keys()).filter((t) => mask[t] === 1);
  const patchSize = grid.tileSize * grid.tileSize * PATCH_CHANNELS;
  for (let start = 0; start < selected.length; ) {
    const size = pickBatchSize(selected.length - start, batchSizes);
    const rows = Math.min(size, selected.length - start);
    const features = new Float32Array(size * featureCount);
    const patches = new Float32Array(size * patchSize);
    for (let i = 0; i < rows; i++) {
      const t = selected[start + i];
      features.set(normalised.subarray(t * featureCount, (t + 1) * featureCount), i * featureCount);
      writePatch(source, grid, t, patches, i * patchSize);
    }
    const logits = await predictConvLogits(network, features, patches, size, featureCount, grid.tileSize);
    const classes = logits.length / size;
    for (let i = 0; i < rows; i++) {
      const [odds, best] = anomalyLogOdds(logits, i * classes, classes);
      raw[selected[start + i]] = odds;
      kind[selected[start + i]] = best;
    }
    start += rows;
  }
  if (density) {
    const evidence = densityEvidence(normalised, density, new Float32Array(count));
    for (const t of selected) raw[t] += evidence[t];
  }
  return { raw, kind };
}

/** Logits [size, classes] of one padded batch; inputs in the order the network declares them. */
export async function predictConvLogits(
  network: tf.LayersModel,
  features: Float32Array,
  patches: Float32Array,
  size: number,
  featureCount: number,
  tileSize: number,
): Promise<Float32Array> {
  const inputs = [tf.tensor2d(features, [size, featureCount]), tf.tensor4d(patches, [size, tileSize, tileSize, PATCH_CHANNELS])];
  const output = network.predict(inputs) as tf.Tensor;
  try {
    return (await output.data()) as Float32Array;
  } finally {
    inputs.forEach((t) => t.dispose());
    output.dispose();
  }
}
