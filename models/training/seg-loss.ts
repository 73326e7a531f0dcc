/**
 * The loss of conv-seg, summed over a batch (the callers divide by the batch's count of weighted
 * cells, tf.js's default reduction). Three terms, the last two optional:
 *
 * - per cell: the sigmoid cross-entropy every version so far trained with, or with `focalGamma`
 *   above 0 the focal loss (Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017): each cell's
 *   cross-entropy times (1 − p_t)^γ, p_t the probability given to the cell's true label;
 * - per crop, with `hottestCellWeight` above 0: the cross-entropy of its hottest normal cell (label 0)
 *   and of its hottest anomalous cell (label 1), each weighted as that many cells. Why: a scan's score
 *   is its hottest cell, so what decides detection is whether the most visible part of an anomaly
 *   outscores the most unusual corner of a normal load, not whether every masked cell fires.
 *   With `hottestCellMargin` m the anomalous cell's term is softplus(m − z) instead of softplus(−z): a
 *   label-1 cross-entropy is nearly satisfied at log-odds 3 (gradient 0.05), yet 1.8.0's red threshold, the
 *   99th percentile of normal scans' hottest cells, sits at log-odds 6.4; the margin keeps pushing an
 *   anomaly's hottest cell until it clears what normal loads reach. (The network answers partly by raising
 *   everything: with m = 6 alone (trial 1.9.2) the red threshold moved to 10.5, in 1.10.0 to 9.5; the ranking still improved.)
 * - per pair of crops, with `pairWeight` above 0: for each crop with an anomalous cell, the mean over the
 *   crops without one of softplus(pairMargin − (its hottest anomalous logit − their hottest normal logit)),
 *   weighted as that many cells. Why: image AUROC is the chance that an anomalous scan's hottest cell beats a
 *   normal scan's; this is its pairwise logistic surrogate (the RankNet loss, Burges et al., ICML 2005) on
 *   crop maxima, where the normal crops are mostly mined hard negatives. It asks for a gap, not a level, so
 *   the network need not raise every logit to meet it. Pairs are formed within the crops passed in: a
 *   two-thread step passes each thread's part, and a one-thread step the same parts (`seg-training.ts`).
 */
import * as tf from '@tensorflow/tfjs';

export interface SegLoss {
  /** γ of the focal loss; 0: cross-entropy. */
  focalGamma: number;
  /** Weight of each crop's hottest normal and hottest anomalous cell, in cells; 0: no such term. */
  hottestCellWeight: number;
  /** Log-odds the hottest anomalous cell is pushed above (softplus(m − z)); absent or 0: the plain cross-entropy. */
  hottestCellMargin?: number;
  /** Weight of each anomalous crop's pairs with the normal crops, in cells; absent or 0: no such term. */
  pairWeight?: number;
  /** Log-odds gap the pair term asks for between an anomalous crop's hottest cell and a normal crop's; absent: 0. */
  pairMargin?: number;
}

/** The loss of every version up to 1.8.0. */
export const CROSS_ENTROPY: Readonly<SegLoss> = { focalGamma: 0, hottestCellWeight: 0 };

/** Added to the logits of the cells a crop's maximum must skip: far below any logit the network gives. */
const SKIPPED = -1e4;

/**
 * The loss of a batch, summed.
 * @param labels 0 or 1 per cell, shape [crops, cells, cells, 1] like `logits`; `weights` 0 leaves a cell out.
 * @example summedSegLoss(y, network.apply(x) as tf.Tensor, w, { focalGamma: 0, hottestCellWeight: 32 })
 */
export function summedSegLoss(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor, loss: SegLoss): tf.Scalar {
  if (loss.hottestCellWeight === 0 && !loss.pairWeight) return summedCellLoss(labels, logits, weights, loss.focalGamma);
  return tf.tidy(() => {
    let sum: tf.Tensor = summedCellLoss(labels, logits, weights, loss.focalGamma);
    if (loss.hottestCellWeight) sum = tf.add(sum, tf.mul(summedHottestCellLoss(labels, logits, weights, loss.hottestCellMargin ?? 0), loss.hottestCellWeight));
    if (loss.pairWeight) sum = tf.add(sum, tf.mul(summedPairLoss(labels, logits, weights, loss.pairMargin ?? 0), loss.pairWeight));
    return sum as tf.Scalar;
  });
}

/**
 * Σ w · (1 − p_t)^γ · −ln p_t over the cells, as a scalar.
 * Written with softplus, stable at any logit: −ln p_t = softplus(−s·z) and (1 − p_t)^γ = exp(−γ · softplus(s·z)),
 * s = 2y − 1 and z the logit.
 */
export function summedCellLoss(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor, focalGamma: number): tf.Scalar {
  if (focalGamma === 0) return tf.losses.sigmoidCrossEntropy(labels, logits, weights, 0, tf.Reduction.SUM) as tf.Scalar;
  return tf.tidy(() => {
    const signed = tf.mul(tf.sub(tf.mul(labels, 2), 1), logits);
    const crossEntropy = tf.softplus(tf.neg(signed));
    const modulation = tf.exp(tf.mul(tf.softplus(signed), -focalGamma));
    return tf.sum(tf.mul(tf.mul(crossEntropy, modulation), weights));
  });
}

/**
 * Per crop, softplus(hottest normal logit) + softplus(margin − hottest anomalous logit): with margin 0 the
 * cross-entropy of the two cells, counted only when the crop has such a weighted cell. Summed over the crops.
 * Cells tied exactly at a crop's maximum (flat, saturated input) share it: tf.js gives each of them the
 * whole gradient of `max`, so such a crop's term weighs as many times more. Kept as conv-seg 1.9.0 trained it.
 */
export function summedHottestCellLoss(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor, margin = 0): tf.Scalar {
  return tf.tidy(() => {
    const { normal, anomalous } = cropMaxima(labels, logits, weights);
    const normalTerm = tf.mul(tf.softplus(normal.hottest), normal.present);
    const anomalousTerm = tf.mul(tf.softplus(tf.sub(margin, anomalous.hottest)), anomalous.present);
    return tf.sum(tf.add(normalTerm, anomalousTerm));
  });
}

/**
 * Σ over crops a with a weighted anomalous cell of the mean, over crops n with weighted cells but none
 * anomalous, of softplus(margin − (hottest anomalous logit of a − hottest logit of n)); 0 without such a pair.
 * @param labels 0 or 1 per cell, shape [crops, cells, cells, 1] like `logits`; `weights` 0 leaves a cell out.
 * @param margin the log-odds gap asked for; 0: the plain pairwise logistic loss.
 * @example summedPairLoss(y, network.apply(x) as tf.Tensor, w, 2)
 */
export function summedPairLoss(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor, margin = 0): tf.Scalar {
  return tf.tidy(() => {
    const { normal, anomalous } = cropMaxima(labels, logits, weights);
    // A normal crop: weighted cells, none of them anomalous.
    const normalCrop = tf.mul(normal.present, tf.sub(1, anomalous.present));
    const gaps = tf.sub(tf.expandDims(anomalous.hottest, 1), tf.expandDims(normal.hottest, 0));
    const paired = tf.mul(tf.expandDims(anomalous.present, 1), tf.expandDims(normalCrop, 0));
    const perPair = tf.mul(tf.softplus(tf.sub(margin, gaps)), paired);
    return tf.div(tf.sum(perPair), tf.maximum(tf.sum(normalCrop), 1)) as tf.Scalar;
  });
}

/** Per crop, the hottest weighted normal and hottest weighted anomalous logit, and whether the crop has such a cell (1 or 0). */
function cropMaxima(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor) {
  const crops = logits.shape[0];
  const flat = (t: tf.Tensor) => tf.reshape(t, [crops, -1]);
  const z = flat(logits);
  const counted = tf.cast(tf.notEqual(flat(weights), 0), 'float32');
  const among = (cells: tf.Tensor) => ({ hottest: tf.max(tf.add(z, tf.mul(tf.sub(1, cells), SKIPPED)), 1), present: tf.max(cells, 1) });
  return { normal: among(tf.mul(tf.sub(1, flat(labels)), counted)), anomalous: among(tf.mul(flat(labels), counted)) };
}
