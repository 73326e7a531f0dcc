/**
 * Gradients of the conv-seg loss over part of a batch, so that two threads can share a training step
 * (data parallelism): each computes the gradient of its crops' summed loss (`seg-loss.ts`, summed per
 * cell and per crop) divided by the whole batch's count of weighted cells, and the two sums are the
 * gradient of the whole batch's loss (for cross-entropy, tf.js's default reduction SUM_BY_NONZERO_WEIGHTS). The network has no
 * batch statistics, so splitting a batch changes nothing but the order of float additions.
 * Weights and gradients travel between threads as one flat Float32Array, in `trainableWeights` order.
 */
import * as tf from '@tensorflow/tfjs';
import type { CropBatch } from './seg-crops.js';
import { CROSS_ENTROPY, summedSegLoss, type SegLoss } from './seg-loss.js';

/** Crops `from`..`to` of a batch, as their own batch (copies, so they can be transferred). */
export function batchPart(batch: CropBatch, from: number, to: number): CropBatch {
  const xPer = batch.x.length / batch.n;
  const yPer = batch.y.length / batch.n;
  return { x: batch.x.slice(from * xPer, to * xPer), y: batch.y.slice(from * yPer, to * yPer), w: batch.w.slice(from * yPer, to * yPer), n: to - from };
}

/** Cells with a nonzero loss weight: the divisor of tf.js's default loss reduction. */
export function weightedCells(batch: Pick<CropBatch, 'w'>): number {
  let count = 0;
  for (const w of batch.w) if (w !== 0) count++;
  return count;
}

/** Each trainable variable with its place in the flat arrays, in `trainableWeights` order. */
function flatLayout(network: tf.LayersModel): { variable: tf.Variable; offset: number }[] {
  let offset = 0;
  return network.trainableWeights.map((w) => {
    const variable = w.read() as tf.Variable;
    offset += variable.size;
    return { variable, offset: offset - variable.size };
  });
}

/** Length of the flat arrays of `layout`. */
const flatLength = (layout: { variable: tf.Variable; offset: number }[]) => layout.reduce((n, { variable }) => n + variable.size, 0);

/** The trainable weights, concatenated. */
export function flatWeights(network: tf.LayersModel): Float32Array {
  const layout = flatLayout(network);
  const flat = new Float32Array(flatLength(layout));
  for (const { variable, offset } of layout) flat.set(variable.dataSync() as Float32Array, offset);
  return flat;
}

/**
 * Overwrites the trainable weights with `flat` (from `flatWeights` of a network of the same shape).
 * @throws RangeError when the lengths differ.
 */
export function setFlatWeights(network: tf.LayersModel, flat: Float32Array): void {
  const layout = flatLayout(network);
  if (flat.length !== flatLength(layout)) throw new RangeError(`Expected ${flatLength(layout)} weights but received ${flat.length}`);
  for (const { variable, offset } of layout) {
    const value = tf.tensor(flat.subarray(offset, offset + variable.size), variable.shape);
    variable.assign(value);
    value.dispose();
  }
}

export interface PartGradients {
  /** Gradient of (summed weighted loss of the part / divisor), flat in `trainableWeights` order. */
  grads: Float32Array;
  /** Summed weighted loss of the part / divisor: the two parts' values add up to the batch loss. */
  loss: number;
}

/**
 * The part's share of the batch loss gradient.
 * @param crop crop side in model pixels; `cells` output cells per side.
 * @param divisor `weightedCells` of the whole batch.
 * @param loss the loss (`seg-loss.ts`).
 */
export function partGradients(network: tf.LayersModel, part: CropBatch, crop: number, cells: number, divisor: number, loss: SegLoss = CROSS_ENTROPY): PartGradients {
  const layout = flatLayout(network);
  const { value, grads } = tf.tidy(() => {
    const x = tf.tensor4d(part.x, [part.n, crop, crop, part.x.length / (part.n * crop * crop)]);
    const y = tf.tensor4d(part.y, [part.n, cells, cells, 1]);
    const w = tf.tensor4d(part.w, [part.n, cells, cells, 1]);
    const partLoss = () => tf.div(summedSegLoss(y, network.apply(x, { training: true }) as tf.Tensor, w, loss), divisor) as tf.Scalar;
    return tf.variableGrads(partLoss, layout.map(({ variable }) => variable));
  });
  const flat = new Float32Array(flatLength(layout));
  for (const { variable, offset } of layout) flat.set(grads[variable.name].dataSync() as Float32Array, offset);
  const partLoss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { grads: flat, loss: partLoss };
}

/** Adds `b` into `a` (same length) and returns `a`. */
export function addInto(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length !== b.length) throw new RangeError(`Expected ${a.length} gradients but received ${b.length}`);
  for (let i = 0; i < a.length; i++) a[i] += b[i];
  return a;
}

/** `flat` as the named gradients `optimizer.applyGradients` takes for `network`'s variables (tensors the caller disposes). */
export function namedGradients(network: tf.LayersModel, flat: Float32Array): tf.NamedTensorMap {
  const named: tf.NamedTensorMap = {};
  for (const { variable, offset } of flatLayout(network)) named[variable.name] = tf.tensor(flat.subarray(offset, offset + variable.size), variable.shape);
  return named;
}
