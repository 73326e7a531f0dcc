import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../models/backend.js';
import { CROSS_ENTROPY, summedCellLoss, summedHottestCellLoss, summedPairLoss, summedSegLoss } from '../../../models/training/seg-loss.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const softplus = (z: number) => Math.log1p(Math.exp(z));

/** The focal loss of one cell from its definition, in plain arithmetic. */
function focalByHand(label: number, logit: number, weight: number, gamma: number): number {
  const pTrue = label === 1 ? sigmoid(logit) : 1 - sigmoid(logit);
  return weight * (1 - pTrue) ** gamma * -Math.log(pTrue);
}

const LABELS = [1, 0, 1, 0, 1];
const LOGITS = [2, -1, 0.5, 3, -4];
const WEIGHTS = [1, 3, 0, 1, 3];

describe('conv-seg cell loss', () => {
  beforeAll(async () => {
    await selectBackend({ preferred: 'wasm' });
  }, 60_000);

  const loss = (labels: number[], logits: number[], weights: number[], gamma: number) =>
    tf.tidy(() => summedCellLoss(tf.tensor1d(labels), tf.tensor1d(logits), tf.tensor1d(weights), gamma).dataSync()[0]);

  it('when γ is 2 then the loss is the weighted sum of (1 − p_t)² · −ln p_t over the cells', () => {
    const expected = LABELS.reduce((sum, label, i) => sum + focalByHand(label, LOGITS[i], WEIGHTS[i], 2), 0);

    expect(loss(LABELS, LOGITS, WEIGHTS, 2)).toBeCloseTo(expected, 5);
    // Confidently right cells count far less than under cross-entropy; the wrong ones (logit 3 on a normal cell) nearly as much.
    expect(loss([1], [4], [1], 2) / loss([1], [4], [1], 0)).toBeLessThan(1e-3);
    expect(loss([0], [3], [1], 2) / loss([0], [3], [1], 0)).toBeGreaterThan(0.9);
  });

  it('when γ is 0 then it is tf.js\'s weighted sigmoid cross-entropy, and γ near 0 approaches it', () => {
    const crossEntropy = LABELS.reduce((sum, label, i) => sum + focalByHand(label, LOGITS[i], WEIGHTS[i], 0), 0);

    expect(loss(LABELS, LOGITS, WEIGHTS, 0)).toBeCloseTo(crossEntropy, 5);
    expect(loss(LABELS, LOGITS, WEIGHTS, 1e-6)).toBeCloseTo(crossEntropy, 4);
  });

  it('when logits are extreme then the loss and its gradient stay finite', () => {
    const logits = tf.tensor1d([90, -90, 90, -90]);
    const labels = tf.tensor1d([1, 0, 0, 1]);
    const weights = tf.ones([4]);

    const grad = tf.grad((z: tf.Tensor) => summedCellLoss(labels, z, weights, 2))(logits);
    const value = tf.tidy(() => summedCellLoss(labels, logits, weights, 2).dataSync()[0]);

    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeCloseTo(180, 3);
    const g = Array.from(grad.dataSync());
    expect(g.every(Number.isFinite)).toBe(true);
    // Right answers have no gradient left; wrong ones are pushed back at full strength.
    expect(g).toEqual([expect.closeTo(0, 6), expect.closeTo(0, 6), expect.closeTo(1, 4), expect.closeTo(-1, 4)]);
    tf.dispose([logits, labels, weights, grad]);
  });

  // Two crops of 2 × 2 cells: [logit, label, weight] per cell.
  const CROPS = [
    [[1.5, 0, 1], [4, 0, 0], [-2, 1, 3], [0.5, 1, 3]],
    [[-1, 0, 1], [2, 0, 1], [3, 1, 0], [-3, 0, 1]],
  ];
  const tensors = () => {
    const column = (k: number) => tf.tensor4d(CROPS.flatMap((crop) => crop.map((cell) => cell[k])), [2, 2, 2, 1]);
    return { logits: column(0), labels: column(1), weights: column(2) };
  };

  it('when crops have weighted normal and anomalous cells then the term is the cross-entropy of each crop\'s hottest of each', () => {
    const { logits, labels, weights } = tensors();

    const value = tf.tidy(() => summedHottestCellLoss(labels, logits, weights).dataSync()[0]);

    // Crop 1: the ignored 4 is skipped, hottest normal 1.5, hottest anomalous 0.5.
    // Crop 2: hottest normal 2; its only anomalous cell is ignored, so no anomalous term.
    expect(value).toBeCloseTo(softplus(1.5) + softplus(-0.5) + softplus(2), 5);
    tf.dispose([logits, labels, weights]);
  });

  it('when the term has a margin then the hottest anomalous cell is pushed towards it and the normal cell is not', () => {
    const { logits, labels, weights } = tensors();

    const [value, grad] = tf.tidy(() => [
      summedHottestCellLoss(labels, logits, weights, 6).dataSync()[0],
      Array.from(tf.grad((z: tf.Tensor) => summedHottestCellLoss(labels, z, weights, 6))(logits).dataSync()),
    ] as const);

    // Crop 1's hottest anomalous 0.5 is now 5.5 short of the margin: nearly the full gradient, not sigmoid(−0.5).
    expect(value).toBeCloseTo(softplus(1.5) + softplus(6 - 0.5) + softplus(2), 5);
    expect(grad[3]).toBeCloseTo(-sigmoid(5.5), 5);
    expect(grad[0]).toBeCloseTo(sigmoid(1.5), 5);
    // The loss of a batch carries the margin to the term.
    const total = tf.tidy(() => summedSegLoss(labels, logits, weights, { focalGamma: 0, hottestCellWeight: 2, hottestCellMargin: 6 }).dataSync()[0]);
    const cellsOnly = tf.tidy(() => summedSegLoss(labels, logits, weights, CROSS_ENTROPY).dataSync()[0]);
    expect(total).toBeCloseTo(cellsOnly + 2 * value, 4);
    tf.dispose([logits, labels, weights]);
  });

  it('when a batch holds anomalous and normal crops then the pair term is the logistic loss of the gap between their hottest cells', () => {
    const { logits, labels, weights } = tensors();

    const [value, grad] = tf.tidy(() => [
      summedPairLoss(labels, logits, weights, 2).dataSync()[0],
      Array.from(tf.grad((z: tf.Tensor) => summedPairLoss(labels, z, weights, 2))(logits).dataSync()),
    ] as const);

    // Crop 1 is anomalous (hottest anomalous 0.5); crop 2's only anomalous cell is ignored, so it is a normal crop (hottest 2).
    expect(value).toBeCloseTo(softplus(2 - (0.5 - 2)), 5);
    const zero = expect.closeTo(0, 7);
    expect(grad).toEqual([
      zero, zero, zero, expect.closeTo(-sigmoid(3.5), 5),
      zero, expect.closeTo(sigmoid(3.5), 5), zero, zero,
    ]);
    // The loss of a batch carries the pair term with its weight.
    const total = tf.tidy(() => summedSegLoss(labels, logits, weights, { focalGamma: 0, hottestCellWeight: 0, pairWeight: 3, pairMargin: 2 }).dataSync()[0]);
    const cellsOnly = tf.tidy(() => summedSegLoss(labels, logits, weights, CROSS_ENTROPY).dataSync()[0]);
    expect(total).toBeCloseTo(cellsOnly + 3 * value, 4);
    tf.dispose([logits, labels, weights]);
  });

  it('when anomalous crops meet several normal crops then each counts the mean over them, and crops of one kind alone give 0', () => {
    const [mixed, anomalousOnly, normalOnly] = tf.tidy(() => {
      // Crop 1 anomalous (hottest anomalous 1); crops 2 and 3 normal (hottest 0 and 3). One cell each.
      const labels = tf.tensor4d([1, 0, 0], [3, 1, 1, 1]);
      const logits = tf.tensor4d([1, 0, 3], [3, 1, 1, 1]);
      const weights = tf.tensor4d([1, 1, 1], [3, 1, 1, 1]);
      const first = (t: tf.Tensor) => tf.slice(t, [0, 0, 0, 0], [1, -1, -1, -1]);
      const rest = (t: tf.Tensor) => tf.slice(t, [1, 0, 0, 0], [2, -1, -1, -1]);
      return [
        summedPairLoss(labels, logits, weights).dataSync()[0],
        summedPairLoss(first(labels), first(logits), first(weights)).dataSync()[0],
        summedPairLoss(rest(labels), rest(logits), rest(weights)).dataSync()[0],
      ];
    });

    expect(mixed).toBeCloseTo((softplus(-1) + softplus(2)) / 2, 5);
    expect(anomalousOnly).toBe(0);
    expect(normalOnly).toBe(0);
  });

  it('when a crop has no weighted normal cell then only its hottest anomalous cell counts', () => {
    const value = tf.tidy(() => {
      const labels = tf.tensor4d([1, 1, 0, 1], [1, 2, 2, 1]);
      const logits = tf.tensor4d([-1, 2, 5, 0.5], [1, 2, 2, 1]);
      const weights = tf.tensor4d([3, 3, 0, 3], [1, 2, 2, 1]);
      return summedHottestCellLoss(labels, logits, weights).dataSync()[0];
    });

    // The ignored normal cell (logit 5) adds nothing; the hottest anomalous logit is 2.
    expect(value).toBeCloseTo(softplus(-2), 5);
  });

  it('when the term is weighted then it adds to the cell loss, and only the hottest cells get its gradient', () => {
    const { logits, labels, weights } = tensors();
    const withTerm = { focalGamma: 0, hottestCellWeight: 10 };

    const [total, cellsOnly, termGrad] = tf.tidy(() => [
      summedSegLoss(labels, logits, weights, withTerm).dataSync()[0],
      summedSegLoss(labels, logits, weights, CROSS_ENTROPY).dataSync()[0],
      Array.from(tf.grad((z: tf.Tensor) => summedHottestCellLoss(labels, z, weights))(logits).dataSync()),
    ] as const);

    expect(total).toBeCloseTo(cellsOnly + 10 * (softplus(1.5) + softplus(-0.5) + softplus(2)), 4);
    const zero = expect.closeTo(0, 7);
    expect(termGrad).toEqual([
      expect.closeTo(sigmoid(1.5), 5), zero, zero, expect.closeTo(-sigmoid(-0.5), 5),
      zero, expect.closeTo(sigmoid(2), 5), zero, zero,
    ]);
    tf.dispose([logits, labels, weights]);
  });
});
